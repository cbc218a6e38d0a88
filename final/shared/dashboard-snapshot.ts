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
  /** Where the session log comes from: this run's memory, or Lab 05's table in the database. */
  logSource: 'memory' | 'database';
  online: OnlineRow[];
  active: ActiveRow[];
  log: LogRow[];
  index: IndexRow[];
  counters: Counters;
  feed: FeedRow[];
}

export type ToDashboard = { kind: 'snapshot'; snapshot: DashboardSnapshot };
