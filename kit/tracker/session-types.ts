// The shape of a direct session as the tracker keeps it, and the events its session table emits: the
// contract between Lab 03's SessionTable, the features built on it (Lab 05's log) and the final app's
// dashboard, so every version of the table (a student's, the reference) speaks the same types.
import type { FileReport, SessionEndReason } from '../protocol/messages.ts';

export interface Session {
  id: string;
  /** Caller first. */
  peers: [string, string];
  ticket: string;
  createdAt: number;
  confirmed: Set<string>;
  startedAt?: Date;
  endedAt?: Date;
  reason?: SessionEndReason;
  by?: string;
}

/** What one peer says of a session when it closes it: its own counts, for the log (Lab 05). */
export interface SessionReport {
  messagesSent: number;
  files: FileReport[];
}

export interface SessionTableEvents {
  started: [Session];
  ended: [Session];
  reported: [Session, string, SessionReport];
}
