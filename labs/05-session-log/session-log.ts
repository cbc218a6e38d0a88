// Lab 05 starter: the session log, in the tracker's own SQLite file (README steps 1 and 5).
import type Database from 'better-sqlite3';
import type { FileReport, PastSession, SessionEndReason } from '#kit/protocol/messages.ts';

export interface LoggedEnd {
  reason: SessionEndReason;
  by?: string;
  endedAt: Date;
}

/**
 * A row of the sessions table of README step 1's example (db.prepare<[…], SessionRow>(…) types
 * what a query returns); the final app's dashboard reads the log's rows the same way.
 */
export interface SessionRow {
  id: string;
  caller: string;
  callee: string;
  started_at: string;
  ended_at: string;
  reason: SessionEndReason;
  ended_by: string | null;
}

export class SessionLog {
  /** One peer's own report; it replaces that peer's earlier report of the session, as a whole. */
  readonly report: (id: string, username: string, messagesSent: number, files: readonly FileReport[]) => void;

  constructor(db: Database.Database) {
    // TODO (step 1): create your tables if they do not exist yet (the sessions; each peer's report;
    //   each reported file) and prepare the statements the methods below run.
    void db;
    // TODO (step 1): a report is two tables: make it one transaction, this.report = db.transaction(…).
    this.report = (id, username, messagesSent, files) => {
      throw new Error(`TODO (README step 1): log ${username}'s report of ${id} (${messagesSent} messages, ${files.length} files)`);
    };
  }

  /** A session became active: from now on it is in the file, even if the tracker dies. */
  started(id: string, peers: readonly [string, string], startedAt: Date): void {
    throw new Error(`TODO (README step 1): log that ${id} (${peers.join(', ')}) started at ${startedAt.toISOString()}`);
  }

  /** The session ended: when, why, and who ended it (no one for interrupted). */
  ended(id: string, end: LoggedEnd): void {
    throw new Error(`TODO (README step 1): log that ${id} ended (${end.reason})`);
  }

  /** Every session the file still has as active ends now as interrupted; returns their ids. */
  interruptAll(at: Date): string[] {
    throw new Error(`TODO (README step 5): interrupt what was active at ${at.toISOString()}`);
  }

  /** The user's ended sessions, newest first, at most `limit`, each with both peers' reports. */
  history(username: string, limit: number): PastSession[] {
    throw new Error(`TODO (README step 1): the last ${limit} sessions of ${username}`);
  }
}
