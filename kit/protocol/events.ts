// Every event a program of the labs prints (docs/PROTOCOL.md §9), as one table per program: event
// name → its fields. The types kit/cli/output.ts checks each emit() against come from these tables, so a
// program cannot print an event or a field that is not here; test/kit/events-doc.test.ts holds the
// tables of §9 against this file, both ways.
//
// A field's type lives only in the compiler; at run time a field is just whether it may be left out,
// which is what the document states and the test compares.
import type { ErrorCode, WireErrorCode } from './errors.ts';
import type { PastSession, RosterUser, SessionEndReason } from './messages.ts';
import type { UdpMode, UdpPacketType } from './udp-packet.ts';

// ── A field, a shape, an event ──────────────────────────────────────────────────────────────────

declare const carries: unique symbol;
/** One field of an event. The phantom property tells the compiler its type. */
export interface Field<T = unknown> {
  readonly optional: boolean;
  readonly [carries]?: T;
}
type RequiredField<T> = Field<T> & { readonly optional: false };
type OptionalField<T> = Field<T> & { readonly optional: true };

const field = <T>(): RequiredField<T> => ({ optional: false });
const optional = <T>(): OptionalField<T> => ({ optional: true });

/** The fields of an event, by name. */
export type Shape = Readonly<Record<string, Field>>;

const VARIANTS = Symbol('variants');
/** An event printed with one of several sets of fields (the UDP `packet`). */
interface Variants<S extends readonly Shape[]> {
  readonly [VARIANTS]: S;
}
const oneOf = <const S extends readonly Shape[]>(...shapes: S): Variants<S> => ({ [VARIANTS]: shapes });

export type EventSpec = Shape | Variants<readonly Shape[]>;

/** The sets of fields an event may be printed with: one, or one per variant. */
export function eventShapes(spec: EventSpec): readonly Shape[] {
  return VARIANTS in spec ? (spec as Variants<readonly Shape[]>)[VARIANTS] : [spec as Shape];
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type TypeOf<F> = F extends Field<infer T> ? T : never;
type RequiredKeys<S> = { [K in keyof S]: S[K] extends { optional: true } ? never : K }[keyof S];
type ShapeFields<S extends Shape> = [keyof S] extends [never]
  ? Record<string, never> // no fields: `{}` and nothing else
  : Simplify<{ [K in RequiredKeys<S>]: TypeOf<S[K]> } & { [K in Exclude<keyof S, RequiredKeys<S>>]?: TypeOf<S[K]> }>;
type EachShapeFields<S> = S extends Shape ? ShapeFields<S> : never; // a union: one member per variant
type SpecFields<E> = E extends Variants<infer L> ? EachShapeFields<L[number]> : E extends Shape ? ShapeFields<E> : never;

/** One program's events as types: event name → the fields emit() takes for it. */
export type EventsOf<T extends Readonly<Record<string, EventSpec>>> = { [N in keyof T]: SpecFields<T[N]> };

// ── Fields that recur ──────────────────────────────────────────────────────────────────────────

const text = field<string>();
const count = field<number>();
const host = text;
const port = count;
const username = text;
const sha256 = text;
const listening = { host, port } as const;
const error = { code: field<ErrorCode>(), message: text } as const;
const sessionEnded = { session: text, reason: field<SessionEndReason>(), by: optional<string>() } as const;
const fileReceived = { name: text, path: text, size: count, sha256 } as const;
const packet = oneOf(
  { dir: field<'in' | 'out'>(), type: field<UdpPacketType>(), seq: count, retransmit: optional<boolean>() },
  { dir: field<'in'>(), dropped: text },
);

// ── The programs (one per subsection of §9) ────────────────────────────────────────────────────

/** §9.2, labs/01-two-peers/peer.ts. */
const LAB01_PEER = {
  ready: { mode: field<'listen' | 'connect'>(), host, port },
  connected: { host, port },
  message: { text },
  peer_exit: {},
  closed: {},
  peer_lost: { reason: text },
  error,
} as const;

/** §9.3, the tracker of labs 02–05. */
const TRACKER = {
  ready: listening,
  registered: { username },
  logged_in: { username, host, port },
  auth_failed: { username, code: field<Extract<WireErrorCode, 'USERNAME_TAKEN' | 'AUTH_FAILED' | 'LOCKED'>>() },
  logged_out: { username, reason: field<'logout' | 'lost' | 'timeout'>() },
  session_started: { session: text, peers: field<readonly string[]>() },
  session_ended: sessionEnded,
  error,
} as const;

/** §9.4, the peer of labs 02–05 (Lab 02's client.ts too). */
const PEER = {
  ready: listening,
  prompt: { field: field<'new_or_returning' | 'username' | 'password' | 'port'>(), question: text },
  logged_in: { username, host, port },
  auth_error: { code: field<WireErrorCode>(), message: text, retry_after_ms: optional<number>(), attempts_left: optional<number>() },
  roster: { users: field<readonly RosterUser[]>() },
  presence: { change: field<'joined' | 'left'>(), username },
  peer_info: { username, host, port, ticket: text, session: text, expires_in_ms: count },
  session_started: { session: text, with: username },
  session_relayed: { session: text, with: username },
  chat_history: { with: username, messages: field<ReadonlyArray<{ from: string; text: string; at: string }>>() },
  message: { session: text, from: username, text },
  session_ended: sessionEnded,
  shared: { count },
  transfer: { xfer: text, name: text, bytes: count, size: count },
  file_sent: { name: text, size: count, sha256 },
  file_received: fileReceived,
  download_attempt: { name: text, from: username, ok: field<boolean>(), reason: optional<ErrorCode>() },
  history: { sessions: field<readonly PastSession[]>(), truncated: field<boolean>() },
  room_joined: { code: text, topic: text, members: field<readonly string[]>() },
  room_presence: { code: text, change: field<'joined' | 'left'>(), username, reason: optional<'left' | 'disconnected' | 'lost' | 'too_slow'>() },
  room_message: { code: text, seq: count, from: username, text, at: text },
  room_left: { code: text, reason: field<'left' | 'too_slow'>() },
  rooms: { rooms: field<ReadonlyArray<{ code: string; topic: string; members: readonly string[] }>>() },
  room_asked: { code: text, ask: text, name: text },
  room_answer: { code: text, ask: text, n: count, from: username, name: text, size: count, sha256 },
  error: { ...error, name: optional<string>() },
  bye: {},
} as const;

/** §9.5, labs/04-file-transfer/udp-send.ts. */
const UDP_SENDER = {
  ready: listening,
  done: { name: text, size: count, sha256, packets: count, retransmissions: count, elapsed_ms: count },
  packet,
  timeout: { seqs: field<readonly number[]>() },
  error,
} as const;

/** §9.5, labs/04-file-transfer/udp-recv.ts. */
const UDP_RECEIVER = {
  ready: listening,
  receiving: { from: text, transfer_id: count, name: text, size: count, mode: field<UdpMode>(), window: count },
  file_received: fileReceived,
  packet,
  error,
} as const;

/** §9.6, labs/06-rooms-and-relay/relay.ts. */
const RELAY = {
  ready: listening,
  paired: { session: text },
  ended: { session: text, caller_bytes: count, callee_bytes: count },
  refused: { code: field<Extract<WireErrorCode, 'BAD_TOKEN' | 'RELAY_FULL' | 'TIMEOUT' | 'BAD_JSON' | 'UNKNOWN_TYPE' | 'BAD_MESSAGE' | 'FRAME_TOO_LARGE'>>(), from: text },
  error,
} as const;

/** Every program's events, by program; the test walks this. */
export const PROGRAM_EVENTS = {
  lab01Peer: LAB01_PEER,
  tracker: TRACKER,
  peer: PEER,
  udpSender: UDP_SENDER,
  udpReceiver: UDP_RECEIVER,
  relay: RELAY,
} as const satisfies Record<string, Readonly<Record<string, EventSpec>>>;

export type ProgramName = keyof typeof PROGRAM_EVENTS;

// Interfaces, so that compiler messages name the program.
export interface Lab01PeerEvents extends EventsOf<typeof LAB01_PEER> {}
export interface TrackerEvents extends EventsOf<typeof TRACKER> {}
/** What a running tracker prints: all but `ready`, which the program around it prints once it listens. */
export type TrackerServerEvents = Omit<TrackerEvents, 'ready'>;
export interface PeerEvents extends EventsOf<typeof PEER> {}
export interface UdpSenderEvents extends EventsOf<typeof UDP_SENDER> {}
export interface UdpReceiverEvents extends EventsOf<typeof UDP_RECEIVER> {}
export interface RelayEvents extends EventsOf<typeof RELAY> {}
/** What a running relay prints: all but `ready`, which the program around it prints once it listens. */
export type RelayServerEvents = Omit<RelayEvents, 'ready'>;
