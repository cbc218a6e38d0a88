// Lab 06 starter, step 6: the relay (docs/PROTOCOL.md §3.6). Each connection's first line is
// relay_join with a token; pair the caller and the callee of one session, send both relay_paired, then
// copy bytes between them, reading a side only as fast as the other takes them. The program around it
// (relay.ts, given) reads the flags and the secret and prints ready.
import type { Output } from '#kit/cli/output.ts';
import type { RelayServerEvents } from '#kit/protocol/events.ts';
import type { RelayOptions } from '#kit/programs/relay-command.ts';

/**
 * Listens on options.host:options.port and relays. Refuse with an error line and the close: a bad
 * first line, a token readRelayToken() refuses or that was used already (BAD_TOKEN), a new session
 * beyond options.maxSessions (RELAY_FULL), a side alone past options.pairTimeoutMs and a connection
 * silent past options.handshakeTimeoutMs (TIMEOUT). Print paired, ended and refused as they happen.
 */
export async function startRelay(options: RelayOptions, out: Output<RelayServerEvents>): Promise<{ port: number; close(): Promise<void> }> {
  void out;
  throw new Error(`TODO (README step 6): relay on ${options.host}:${options.port}`);
}
