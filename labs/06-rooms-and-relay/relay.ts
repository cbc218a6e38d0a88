// Lab 06's relay: pairs the two sides of a session that cannot reach each other, by the tokens the
// tracker issued, and copies their bytes (docs/PROTOCOL.md §3.6, §9.6).
import { runRelayProgram } from '#kit/relay/relay-program.ts';
import { startRelay } from './relay-server.ts';

await runRelayProgram({ startRelay });
