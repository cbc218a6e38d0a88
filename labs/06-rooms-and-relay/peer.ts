// Lab 06: the Lab 05 peer plus rooms (a pick downloaded over TCP or UDP), and the relay when a peer
// cannot be dialled.
import { runPeerProgram } from '#kit/peer/peer-program.ts';
import { LineDecoder } from '../01-two-peers/line-decoder.ts';
import { logIn } from '../02-tracker-auth/login-flow.ts';
import { PeerApp } from '../03-roster-and-direct/peer-app.ts';
import { FrameReader } from '../04-file-transfer/frame-reader.ts';
import { farewellFeature } from '../05-session-log/farewell-feature.ts';
import { historyFeature } from '../05-session-log/history-feature.ts';
import { relayPeerFeature } from './relay-peer-feature.ts';
import { roomsPeerFeature } from './rooms-peer-feature.ts';
import { udpFileFeature } from './udp-file-feature.ts';

await runPeerProgram({
  lineDecoder: () => new LineDecoder(),
  logIn,
  createApp: (me, options, out, tracker) =>
    new PeerApp({ me, options, out, tracker, splitter: () => new FrameReader(), features: [udpFileFeature(), historyFeature(), farewellFeature(), roomsPeerFeature(), relayPeerFeature()] }),
});
