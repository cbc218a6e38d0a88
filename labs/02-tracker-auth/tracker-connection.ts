// Lab 02 starter: one peer's connection to the tracker (README steps 2, 3, 5, 6 and 9).
import type { Socket } from 'node:net';
import type { Output } from '#kit/cli/output.ts';
import type { TrackerOptions } from '#kit/programs/tracker-command.ts';
import type { OnlinePeer, TrackerFeature } from '#kit/tracker/tracker-feature.ts';
import type { Accounts } from './accounts.ts';

export interface ConnectionContext {
  accounts: Accounts;
  online: Map<string, OnlinePeer>;
  features: readonly TrackerFeature[];
  options: TrackerOptions;
  out: Output;
}

/**
 * Serves one connection until it closes. Suggested shape: a class implementing OnlinePeer that keeps
 * this connection's state (greeted → logged in → closing), with one method per job:
 * - step 2: send the hello message as soon as the connection starts;
 * - step 9: cut lines with your Lab 01 LineDecoder (import it from '../01-two-peers/line-decoder.ts')
 *   and check each with the kit's parseLine(line, 'peer-to-tracker'); answer every problem with an
 *   error message (BAD_JSON, UNKNOWN_TYPE, BAD_MESSAGE with its field, FRAME_TOO_LARGE then close);
 *   close a connection that has not logged in within options.handshakeTimeoutMs (TIMEOUT);
 * - steps 3 and 5: register and login through context.accounts, answered with welcome or an error,
 *   one request at a time and in order (hashing is asynchronous: chain the work on a promise);
 *   echo the request's id in the reply;
 * - once logged in: ping → pong, logout → ok and close, and any other request goes to the first of
 *   context.features whose `requests` has a handler for its type (WRONG_STATE if none does).
 */
export function serveConnection(socket: Socket, context: ConnectionContext): void {
  void context;
  socket.destroy(new Error('TODO (README step 2): greet the client'));
}
