// Lab 06 as the grader sees it: rooms relayed by the tracker, asking a room who has a file, and the
// relay for peers that cannot reach each other, sealed end to end. Proven in test/grader/lab06-proof.test.ts.
import type { LabDefinition } from '../../engine/types.ts';
import { peerPickChecks } from './peer-pick-checks.ts';
import { peerPickUdpChecks } from './peer-pick-udp-checks.ts';
import { peerRelayChecks } from './peer-relay-checks.ts';
import { peerRoomChecks } from './peer-room-checks.ts';
import { recordsChecks } from './records-checks.ts';
import { relayChecks } from './relay-checks.ts';
import { trackerRelayChecks } from './tracker-relay-checks.ts';
import { roomChecks } from './room-checks.ts';

export const roomsAndRelayLab: LabDefinition = {
  id: '06',
  slug: '06-rooms-and-relay',
  title: 'Rooms and the relay',
  released: true,
  steps: {
    1: 'Rooms',
    2: 'Room messages',
    3: 'Rooms on the peer',
    4: 'Who has it, asked of the room',
    5: 'Picking a holder',
    6: 'The relay',
    7: 'Asking the tracker for a relay',
    8: 'Sealed records',
    9: 'Peers through the relay, sealed',
  },
  checks: [...roomChecks, ...peerRoomChecks, ...peerPickChecks, ...peerPickUdpChecks, ...relayChecks, ...trackerRelayChecks, ...recordsChecks, ...peerRelayChecks].sort((a, b) => a.step - b.step),
};
