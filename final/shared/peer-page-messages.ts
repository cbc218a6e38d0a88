// What a browser peer's page and its local peer process say to each other over the page's WebSocket.
// The process forwards the events the terminal peer prints (docs/PROTOCOL.md §9.4, the same names and
// fields) and adds a few of its own; the page sends actions that become the terminal peer's commands.

/** Where the page fetches a received file to save it: this path, then the file's name (URI-encoded). */
export const RECEIVED_FILES_PATH = '/api/received/';

/** One event, shaped as the terminal peer prints it with --json: `{"event":"message",…}`. */
export interface PeerEvent {
  event: string;
  [field: string]: unknown;
}

export type Direction = 'in' | 'out';

/** One line seen on a connection, for the protocol inspector. */
export interface WireEntry {
  conn: string;
  /** Increases per connection; a data entry keeps its seq while it grows. */
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
  dir: Direction;
  type: string;
  /** The line as sent, with passwords masked; shortened when very long. */
  text: string;
  /** Consecutive data frames of one transfer are shown as one entry: how many, and their bytes. */
  frames?: number;
  bytes?: number;
}

/** 'relay': a connection to Lab 06's relay, whose sealed records only show as bytes. */
export type ConnectionKind = 'tracker' | 'session' | 'download' | 'upload' | 'direct' | 'relay';

export interface ConnectionInfo {
  id: string;
  kind: ConnectionKind;
  /** For people: "tracker 127.0.0.1:9876", "chat with bob", "download from carol". */
  label: string;
  /** The other party: the tracker, or a username when known. */
  peer: string;
  remote: string;
  session?: string;
  /** The plaintext inside a relayed session's sealed records (Lab 06): the relay never sees it. */
  relayed?: boolean;
  open: boolean;
  openedAt: number;
}

export type TransferState = 'offered' | 'moving' | 'verified' | 'failed';

/** A file moving in or out, as seen on the wire. */
export interface TransferInfo {
  xfer: string;
  conn: string;
  kind: 'session' | 'download' | 'upload';
  direction: 'send' | 'receive';
  /** The other peer (a username), when known. */
  with: string;
  session?: string;
  name: string;
  size: number;
  sha256: string;
  bytes: number;
  state: TransferState;
  /** Why it failed: a protocol code (DECLINED, HASH_MISMATCH, …) or "connection closed". */
  reason?: string;
  /** Where a received file was saved. */
  path?: string;
}

export interface PeerSnapshot {
  /** The tracker this peer uses, HOST:PORT. */
  tracker: string;
  /** The peer's own address for direct connections. */
  listening: string;
  /** Whether Lab 05's history is plugged in (the tracker's `history`, the local transcript). */
  history: boolean;
  /** The largest file the page may upload to send. */
  maxUploadBytes: number;
  /** Presentation mode (--present): large type, transfers at a pace people can watch. */
  present: boolean;
  /** Every event since the last login began (progress collapsed), so a reloaded page catches up. */
  events: PeerEvent[];
  connections: ConnectionInfo[];
  wire: WireEntry[];
  transfers: TransferInfo[];
}

export type ToPage =
  | { kind: 'snapshot'; snapshot: PeerSnapshot }
  | { kind: 'event'; event: PeerEvent }
  | { kind: 'wire'; entries: WireEntry[] }
  | { kind: 'connection'; connection: ConnectionInfo }
  | { kind: 'transfer'; transfer: TransferInfo };

export type LoginMode = 'new' | 'returning';

export type FromPage =
  | { action: 'login'; mode: LoginMode; username: string; password: string }
  | { action: 'connect'; to: string }
  | { action: 'chat'; to: string; text: string }
  | { action: 'send'; to: string; upload: string }
  | { action: 'close'; with: string }
  | { action: 'search'; names: string[] }
  | { action: 'get'; names: string[] }
  | { action: 'share' }
  | { action: 'list' }
  | { action: 'history' }
  | { action: 'quit' }
  // Lab 06's rooms: each becomes the terminal peer's /room command (or /pick).
  | { action: 'room_new'; topic?: string }
  | { action: 'room_join'; code: string }
  | { action: 'room_say'; code: string; text: string }
  | { action: 'room_leave'; code: string }
  | { action: 'room_get'; code: string; name: string }
  | { action: 'pick'; n: number; udp?: boolean };

/** The answer to an upload: the id to name in a `send` action. */
export interface UploadReply {
  upload: string;
  name: string;
  size: number;
}
