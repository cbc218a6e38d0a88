// Lab 02 starter: one peer's connection to the tracker (README steps 2, 3, 5, 6 and 9).
import type { Socket } from 'node:net';
import type { Output } from '#kit/cli/output.ts';
import type { TrackerServerEvents } from '#kit/protocol/events.ts';
import type { TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import type { TrackerOptions } from '#kit/programs/tracker-command.ts';
import type { OnlinePeer, TrackerFeature } from '#kit/tracker/tracker-feature.ts';
import { LineDecoder } from '../01-two-peers/line-decoder.ts';
import type { Accounts } from './accounts.ts';

export interface ConnectionContext {
  accounts: Accounts;
  online: Map<string, OnlinePeer>;
  features: readonly TrackerFeature[];
  options: TrackerOptions;
  out: Output<TrackerServerEvents>;
}

/** Where the conversation is (README step 2): what the peer may ask depends on it. */
type State = 'greeted' | 'online' | 'closing';

/** Serves one connection until it closes. */
export function serveConnection(socket: Socket, context: ConnectionContext): void {
  new TrackerConnection(socket, context).start();
}

/**
 * One peer's conversation, from hello to the end. Once logged in it is the OnlinePeer that
 * context.online holds and the features see. Add the private methods you need, one per job:
 * reading a chunk, answering one line, logging in, sending, closing.
 */
class TrackerConnection implements OnlinePeer {
  // Set by a successful register or login (steps 3 and 5): who, the port they listen on, since when.
  username = '';
  port = 0;
  since = new Date(0);
  /** The peer's address as the tracker saw it. */
  readonly host: string;
  private state: State = 'greeted';
  // Your Lab 01 framing cuts the requests; its `pending` says whether a line is half received.
  private readonly decoder = new LineDecoder();

  constructor(
    private readonly socket: Socket,
    private readonly context: ConnectionContext,
  ) {
    // TODO (step 3): socket.remoteAddress, without an IPv4-mapped "::ffff:" prefix.
    this.host = '';
  }

  /** Greets the peer with hello, then serves what it sends until the connection ends. */
  start(): void {
    // TODO (step 2): send hello (encode from kit/protocol/messages.ts) as soon as the connection starts.
    // TODO (step 9): cut the 'data' with this.decoder and check each line with the kit's
    //   parseLine(line, 'peer-to-tracker'); answer every problem with an error message (BAD_JSON,
    //   UNKNOWN_TYPE, BAD_MESSAGE with its field, FRAME_TOO_LARGE then close); close a connection
    //   that has not logged in within options.handshakeTimeoutMs (TIMEOUT), and once logged in one
    //   that says nothing for options.heartbeatTimeoutMs.
    // TODO (steps 3 and 5): register and login through context.accounts, answered with welcome or
    //   an error, one request at a time and in order (hashing is asynchronous: chain the work on a
    //   promise); echo the request's id in the reply. Step 6: AUTH_FAILED carries attempts_left,
    //   LOCKED carries retry_after_ms, and the connection's 5th failed attempt closes it.
    // TODO: once logged in: ping → pong, logout → ok and close, and any other request goes to the
    //   first of context.features whose `requests` has a handler for its type (WRONG_STATE if none does).
    void [this.socket, this.context, this.state, this.decoder];
    throw new Error('TODO (README step 2): greet the client');
  }

  /** Sends the peer a message it did not ask for (Lab 03's features push presence and tickets). */
  push(message: TrackerToPeerMessage): void {
    throw new Error(`TODO (README step 2): push ${message.type} to ${this.username}`);
  }

  /** Ends the connection from the tracker's side. */
  disconnect(): void {
    throw new Error(`TODO (README step 9): disconnect ${this.username}`);
  }

  /** Bytes written to this peer that it has not taken yet (given: Lab 06's rooms use it). */
  get unsentBytes(): number {
    return this.socket.writableLength;
  }
}
