// The session log in the tracker's SQLite file: one row per session from the moment it is active,
// its end, and each peer's own report (message count, files). What was said is never stored here.
import type Database from 'better-sqlite3';
import type { FileReport, PastSession, SessionEndReason } from '#kit/protocol/messages.ts';

export interface LoggedEnd {
  reason: SessionEndReason;
  by?: string;
  endedAt: Date;
}

/** A row of the sessions table (the final app's dashboard reads them too). */
export interface SessionRow {
  id: string;
  caller: string;
  callee: string;
  started_at: string;
  ended_at: string;
  reason: SessionEndReason;
  ended_by: string | null;
}

interface FileRow {
  reported_by: string;
  name: string;
  size: number;
  sha256: string;
  verified: number;
  direction: 'sent' | 'received';
}

export class SessionLog {
  private readonly insertStart;
  private readonly updateEnd;
  private readonly interruptActive;
  private readonly deleteReport;
  private readonly deleteFiles;
  private readonly insertReport;
  private readonly insertFile;
  private readonly selectEnded;
  private readonly selectCounts;
  private readonly selectFiles;
  /** A report is two tables: replaced as a whole or not at all, even if the process dies halfway. */
  readonly report: (id: string, username: string, messagesSent: number, files: readonly FileReport[]) => void;

  constructor(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS sessions (
        id         TEXT PRIMARY KEY,
        caller     TEXT NOT NULL,
        callee     TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at   TEXT,              -- NULL while the session is active
        reason     TEXT,              -- closed, disconnected, lost, interrupted; NULL while active
        ended_by   TEXT
      );
      CREATE INDEX IF NOT EXISTS sessions_by_caller ON sessions (caller, ended_at);
      CREATE INDEX IF NOT EXISTS sessions_by_callee ON sessions (callee, ended_at);
      CREATE TABLE IF NOT EXISTS session_reports (
        session       TEXT NOT NULL,
        username      TEXT NOT NULL,
        messages_sent INTEGER NOT NULL,
        PRIMARY KEY (session, username)
      );
      CREATE TABLE IF NOT EXISTS session_files (
        session     TEXT NOT NULL,
        reported_by TEXT NOT NULL,
        position    INTEGER NOT NULL,
        name        TEXT NOT NULL,
        size        INTEGER NOT NULL,
        sha256      TEXT NOT NULL,
        verified    INTEGER NOT NULL,
        direction   TEXT NOT NULL,
        PRIMARY KEY (session, reported_by, position)
      );`);
    this.insertStart = db.prepare<[string, string, string, string]>('INSERT OR IGNORE INTO sessions (id, caller, callee, started_at) VALUES (?, ?, ?, ?)');
    this.updateEnd = db.prepare<[string, string, string | null, string]>('UPDATE sessions SET ended_at = ?, reason = ?, ended_by = ? WHERE id = ? AND reason IS NULL');
    // #region interrupt-sql
    this.interruptActive = db.prepare<[string], { id: string }>("UPDATE sessions SET ended_at = ?, reason = 'interrupted' WHERE reason IS NULL RETURNING id");
    // #endregion interrupt-sql
    this.deleteReport = db.prepare<[string, string]>('DELETE FROM session_reports WHERE session = ? AND username = ?');
    this.deleteFiles = db.prepare<[string, string]>('DELETE FROM session_files WHERE session = ? AND reported_by = ?');
    this.insertReport = db.prepare<[string, string, number]>('INSERT INTO session_reports (session, username, messages_sent) VALUES (?, ?, ?)');
    this.insertFile = db.prepare<[string, string, number, string, number, string, number, string]>(
      'INSERT INTO session_files (session, reported_by, position, name, size, sha256, verified, direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectEnded = db.prepare<[string, string, number], SessionRow>(
      `SELECT id, caller, callee, started_at, ended_at, reason, ended_by FROM sessions
       WHERE (caller = ? OR callee = ?) AND reason IS NOT NULL
       ORDER BY ended_at DESC, rowid DESC LIMIT ?`,
    );
    this.selectCounts = db.prepare<[string], { username: string; messages_sent: number }>('SELECT username, messages_sent FROM session_reports WHERE session = ?');
    this.selectFiles = db.prepare<[string], FileRow>(
      'SELECT reported_by, name, size, sha256, verified, direction FROM session_files WHERE session = ? ORDER BY rowid',
    );
    this.report = db.transaction((id: string, username: string, messagesSent: number, files: readonly FileReport[]) => {
      this.deleteReport.run(id, username);
      this.deleteFiles.run(id, username);
      this.insertReport.run(id, username, messagesSent);
      files.forEach((f, position) => this.insertFile.run(id, username, position, f.name, f.size, f.sha256, f.verified ? 1 : 0, f.direction));
    });
  }

  // #region started
  /** A session became active: from now on it is in the log, even if the tracker dies. */
  started(id: string, peers: readonly [string, string], startedAt: Date): void {
    this.insertStart.run(id, peers[0], peers[1], startedAt.toISOString());
  }
  // #endregion started

  ended(id: string, end: LoggedEnd): void {
    this.updateEnd.run(end.endedAt.toISOString(), end.reason, end.by ?? null, id);
  }

  // #region interrupt-all
  /** Sessions still active in the file (the tracker stopped under them): interrupted now. */
  interruptAll(at: Date): string[] {
    return this.interruptActive.all(at.toISOString()).map((row) => row.id);
  }
  // #endregion interrupt-all

  /** A user's ended sessions, newest first, with both peers' reports. */
  history(username: string, limit: number): PastSession[] {
    return this.selectEnded.all(username, username, limit).map((row) => {
      const messages: Record<string, number> = {};
      for (const count of this.selectCounts.all(row.id)) messages[count.username] = count.messages_sent;
      const files = this.selectFiles.all(row.id).map((f) => ({
        name: f.name, size: f.size, sha256: f.sha256, verified: f.verified === 1, direction: f.direction, reported_by: f.reported_by,
      }));
      return {
        session: row.id,
        peers: [row.caller, row.callee] as [string, string],
        started_at: row.started_at,
        ended_at: row.ended_at,
        reason: row.reason,
        ...(row.ended_by === null ? {} : { by: row.ended_by }),
        messages,
        files,
      };
    });
  }
}
