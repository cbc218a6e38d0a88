// What the tracker's dashboard page receives: the whole picture each time something changes (a class
// is a few dozen peers, so a snapshot is small and the page never has to merge updates).
import type { LabNeed } from './lab-need.ts';

export interface OnlineRow {
  username: string;
  host: string;
  port: number;
  since: string;
  busy: boolean;
  sharedFiles: number;
}

export interface ActiveRow {
  session: string;
  peers: [string, string];
  startedAt: string;
  /** Through Lab 06's relay, sealed end to end. */
  relayed: boolean;
}

/** Lab 06's rooms, as outsiders may see them: counts only, never a code, a topic or a message. */
export interface RoomsRow {
  rooms: number;
  /** Members of each room, largest first. */
  members: number[];
  /** Room messages the tracker has passed on since it started. */
  messages: number;
}

/** Lab 06's relay, which the final tracker runs beside it. */
export interface RelayState {
  running: boolean;
  /** HOST:PORT, or null when there is no relay. */
  address: string | null;
  /** Why there is none, when there is none. */
  note?: string;
  /** Connections it refused (bad token, full, too slow to pair). */
  refused: number;
}

/** A relayed session: the tracker gave out its tokens, the relay paired it, it ended with these bytes. */
export interface RelayRow {
  session: string;
  peers: string[];
  state: 'asked' | 'paired' | 'ended';
  /** When the tracker answered its `relay`. */
  at: string;
  callerBytes?: number;
  calleeBytes?: number;
}

export interface FileRow {
  name: string;
  size: number;
  sha256: string;
  verified: boolean;
  direction: 'sent' | 'received';
  reportedBy: string;
}

export interface LogRow {
  session: string;
  peers: [string, string];
  startedAt: string;
  endedAt: string;
  reason: string;
  by?: string;
  /** Chat messages each peer reported sending (a peer that never reported has no key). */
  messages: Record<string, number>;
  files: FileRow[];
}

export interface IndexRow {
  name: string;
  size: number;
  sha256: string;
  holders: string[];
}

export interface FeedRow {
  at: string;
  event: string;
  fields: Record<string, unknown>;
}

export interface Counters {
  online: number;
  accounts: number | null;
  registrations: number;
  logins: number;
  failedLogins: number;
  sessionsStarted: number;
  sessionsEnded: number;
  messagesReported: number;
  filesReported: number;
  sharedFiles: number;
}

export interface DashboardSnapshot {
  /** port is null when the tracker does not listen: a lab it is built from is not finished (see needs). */
  tracker: { host: string; port: number | null; startedAt: string; db: string };
  /** Unfinished lab steps the tracker met, each once, oldest first. */
  needs: LabNeed[];
  /** Whether /slides serves the lecture decks (the student edition has none). */
  slides: boolean;
  /** Presentation mode (--present): large type. */
  present: boolean;
  /** Where the session log comes from: this run's memory, or Lab 05's table in the database. */
  logSource: 'memory' | 'database';
  online: OnlineRow[];
  active: ActiveRow[];
  log: LogRow[];
  index: IndexRow[];
  counters: Counters;
  feed: FeedRow[];
  rooms: RoomsRow;
  relay: RelayState;
  relayed: RelayRow[];
}

export type ToDashboard = { kind: 'snapshot'; snapshot: DashboardSnapshot };
