// Lab 06 (rooms, and the relay for peers that cannot dial each other) plugs into the final app here:
//   roomsFeature, relayFeature  what its tracker adds to Lab 05's (the dashboard observes both)
//   fileFeature                 Lab 04's files, plus serving a room's pick over UDP (a get with udp_port)
//   peerFeatures                what its peer adds: /room, /rooms, /pick [udp], and reaching an
//                               undiallable peer through the relay, sealed
//   startRelay                  the relay itself, which the final tracker runs as a program of its own
import type { PeerFeatureFactory } from '#kit/peer/peer-feature.ts';
import { relayFeature } from '#labs/06-rooms-and-relay/relay-feature.ts';
import { relayPeerFeature } from '#labs/06-rooms-and-relay/relay-peer-feature.ts';
import { startRelay } from '#labs/06-rooms-and-relay/relay-server.ts';
import { roomsFeature } from '#labs/06-rooms-and-relay/rooms-feature.ts';
import { roomsPeerFeature } from '#labs/06-rooms-and-relay/rooms-peer-feature.ts';
import { udpFileFeature } from '#labs/06-rooms-and-relay/udp-file-feature.ts';

export const lab06 = {
  roomsFeature,
  relayFeature,
  startRelay,
  fileFeature: udpFileFeature,
  /** The rooms, and the relay as `relay` wraps it (the page's inspector taps what it carries). */
  peerFeatures: (relay: (make: PeerFeatureFactory) => PeerFeatureFactory = (make) => make): PeerFeatureFactory[] => [roomsPeerFeature(), relay(relayPeerFeature())],
};
