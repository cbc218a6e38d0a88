// Accounts in SQLite: a username and its password hash, nothing else about the password.
import type { TrackerDatabase } from './database.ts';

export class UserStore {
  private readonly insert;
  private readonly selectHash;

  constructor(db: TrackerDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS users (
      username      TEXT PRIMARY KEY,
      password_hash TEXT NOT NULL,
      created_at    TEXT NOT NULL
    )`);
    this.insert = db.prepare<[string, string, string]>('INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)');
    this.selectHash = db.prepare<[string], { password_hash: string }>('SELECT password_hash FROM users WHERE username = ?');
  }

  exists(username: string): boolean {
    return this.selectHash.get(username) !== undefined;
  }

  // #region create
  /** Creates the account; false when the username is taken (the primary key decides, even in a race). */
  create(username: string, passwordHash: string): boolean {
    try {
      this.insert.run(username, passwordHash, new Date().toISOString());
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw error;
    }
  }
  // #endregion create

  passwordHash(username: string): string | undefined {
    return this.selectHash.get(username)?.password_hash;
  }
}
