// How later labs add to the Lab 03 peer without copying it: a feature can answer typed commands,
// messages inside a session, the first message of a direct connection (Lab 04's downloads), and hear
// when the peer logs in and when sessions start and end.
import type { Socket } from 'node:net';
import type { Output } from '../cli/output.ts';
import type { PeerEvents } from '../protocol/events.ts';
import type { PeerToPeerMessage } from '../protocol/messages.ts';
import type { PeerOptions } from '../programs/peer-command.ts';
import type { FileReport } from '../protocol/messages.ts';
import type { TrackerClient } from '../tracker/tracker-client.ts';

/** A JSON-lines connection to another peer. */
export interface PeerLink {
  readonly remote: string;
  send(message: PeerToPeerMessage): void;
  /** Raw bytes right after a data header (Lab 04); false when the socket buffer is full. */
  sendBytes(bytes: Buffer): boolean;
  /** Resolves when the socket can take more bytes (backpressure). */
  drained(): Promise<void>;
  /** The next message on this connection, or undefined if none comes in time or it closes. */
  nextMessage(timeoutMs: number): Promise<PeerToPeerMessage | undefined>;
  close(): void;
  readonly socket: Socket;
}

/** A direct session with another user, as features see it. */
export interface ChatSession {
  readonly id: string;
  readonly with: string;
  readonly link: PeerLink;
  /** Files sent and received in this session, for the close_session report. */
  readonly files: FileReport[];
  messagesSent: number;
}

export interface PeerContext {
  readonly me: string;
  readonly options: PeerOptions;
  readonly out: Output<PeerEvents>;
  readonly tracker: TrackerClient;
  /** The session with this user, if any (the most recent one). */
  sessionWith(username: string): ChatSession | undefined;
  /** Takes a connection as if it had arrived on the listening port (Lab 06: one the relay paired). */
  accept(socket: Socket): void;
}

/** The peer a /connect could not dial: what a feature needs to reach it another way (Lab 06's relay). */
export interface Unreachable {
  username: string;
  session: string;
  /** The ticket of the peer_info (Lab 06 salts the relay's keys with it). */
  ticket: string;
  /** Why the dial failed, in one sentence. */
  reason: string;
}

type PeerMessage<T extends PeerToPeerMessage['type']> = Extract<PeerToPeerMessage, { type: T }>;

export interface PeerFeature {
  /** Typed commands, by their first word ("/send"), each with the rest of the line. */
  readonly commands?: Record<string, (rest: string) => Promise<void> | void>;
  /** One-line help for each command this feature adds. */
  readonly help?: string[];
  /** Messages received inside a session, by type. */
  readonly sessionMessages?: { [T in PeerToPeerMessage['type']]?: (session: ChatSession, message: PeerMessage<T>) => void };
  /** Binary payload of a data frame received inside a session. */
  sessionData?(session: ChatSession, xfer: string, bytes: Buffer): void;
  /** A direct connection whose first message is this type (Lab 04: get). */
  readonly firstMessages?: { [T in PeerToPeerMessage['type']]?: (link: PeerLink, message: PeerMessage<T>) => void };
  loggedIn?(): Promise<void> | void;
  sessionStarted?(session: ChatSession): void;
  sessionEnded?(session: ChatSession): void;
  /** A chat message this peer is about to send in a session: called before it goes out (Lab 05's transcript). */
  chatSent?(session: ChatSession, text: string): void;
  /** A chat message that arrived in a session: called before it is shown. */
  chatReceived?(session: ChatSession, text: string): void;
  /**
   * The dial of a /connect failed: a connection to the callee by another way (Lab 06: through the
   * relay), on which the handshake goes on as if dialled; or undefined when this feature has none.
   */
  reach?(target: Unreachable): Promise<Socket | undefined>;
}

export type PeerFeatureFactory = (peer: PeerContext) => PeerFeature;
