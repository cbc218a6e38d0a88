// Lab 04: the Lab 03 peer plus files: sent in sessions, shared, and downloaded with failover.
import { runPeerProgram } from '#kit/peer/peer-program.ts';
import { LineDecoder } from '../01-two-peers/line-decoder.ts';
import { logIn } from '../02-tracker-auth/login-flow.ts';
import { PeerApp } from '../03-roster-and-direct/peer-app.ts';
import { fileFeature } from './file-feature.ts';
import { FrameReader } from './frame-reader.ts';

await runPeerProgram({
  lineDecoder: () => new LineDecoder(),
  logIn,
  createApp: (me, options, out, tracker) => new PeerApp({ me, options, out, tracker, splitter: () => new FrameReader(), features: [fileFeature()] }),
});
