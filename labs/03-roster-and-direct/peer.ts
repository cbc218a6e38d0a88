// Lab 03: the peer. Logs in, shows who is online, and chats with other peers directly.
import { LinesOnly } from '#kit/peer/frames.ts';
import { runPeerProgram } from '#kit/peer/peer-program.ts';
import { LineDecoder } from '../01-two-peers/line-decoder.ts';
import { logIn } from '../02-tracker-auth/login-flow.ts';
import { PeerApp } from './peer-app.ts';

await runPeerProgram({
  lineDecoder: () => new LineDecoder(),
  logIn,
  createApp: (me, options, out, tracker) => new PeerApp({ me, options, out, tracker, splitter: () => new LinesOnly(new LineDecoder()), features: [] }),
});
