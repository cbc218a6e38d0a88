// This peer's own record of what was said, in a local SQLite file (--history-db). Each message is
// committed when it is sent or received, so a crash loses nothing already on screen.
import Database from 'better-sqlite3';
import { makeFolder } from '#kit/files/make-folder.ts';
import { dirname } from 'node:path';

export interface TranscriptLine {
  from: string;
  text: string;
  at: string;
}

export class Transcript {
  private readonly db: Database.Database;
  private readonly insert;
  private readonly selectLatest;

  /** Opens (or creates) the file; throws when it cannot. */
  constructor(path: string) {
    makeFolder(dirname(path));
    this.db = new Database(path);
    // WAL with synchronous=NORMAL: a commit survives the process being killed; only a power cut can
    // cost the last few lines, and each line is not worth an fsync of its own.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS messages (
        id      INTEGER PRIMARY KEY,
        owner   TEXT NOT NULL,   -- who was logged in on this peer
        partner TEXT NOT NULL,   -- the other user of the session
        session TEXT NOT NULL,
        sender  TEXT NOT NULL,
        text    TEXT NOT NULL,
        at      TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS messages_by_pair ON messages (owner, partner, id);`);
    this.insert = this.db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO messages (owner, partner, session, sender, text, at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectLatest = this.db.prepare<[string, string, number], TranscriptLine>(
      'SELECT sender AS "from", text, at FROM messages WHERE owner = ? AND partner = ? ORDER BY id DESC LIMIT ?',
    );
  }

  add(owner: string, partner: string, session: string, from: string, text: string): void {
    this.insert.run(owner, partner, session, from, text, new Date().toISOString());
  }

  /** The last `limit` messages between two users, oldest first. */
  latest(owner: string, partner: string, limit: number): TranscriptLine[] {
    return this.selectLatest.all(owner, partner, limit).reverse();
  }
}
