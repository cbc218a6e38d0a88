// Lab 06's relay feature, unchanged, with the protocol inspector looking in: the sealed stream it
// hands to the peer (as the caller, from reach; as the callee, through accept) is watched like a
// socket, so the page shows the session's plaintext lines beside the relay connection's ciphertext.
import type { Socket } from 'node:net';
import type { PeerContext, PeerFeatureFactory } from '#kit/peer/peer-feature.ts';
import type { SocketTap } from './socket-tap.ts';

export function tappedRelay(tap: SocketTap): (make: PeerFeatureFactory) => PeerFeatureFactory {
  const watched = (stream: Socket) => tap.watch(stream, 'sealed', 'through the relay');
  return (make) => (peer) => {
    // The peer's own context, except that what the feature accepts is watched first.
    const context: PeerContext = {
      me: peer.me,
      options: peer.options,
      out: peer.out,
      tracker: peer.tracker,
      sessionWith: (username) => peer.sessionWith(username),
      accept: (stream) => {
        watched(stream);
        peer.accept(stream);
      },
    };
    const feature = make(context);
    const reach = feature.reach?.bind(feature);
    if (!reach) return feature;
    return {
      ...feature,
      reach: async (target) => {
        const stream = await reach(target);
        if (stream) watched(stream);
        return stream;
      },
    };
  };
}
