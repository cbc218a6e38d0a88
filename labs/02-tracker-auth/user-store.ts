// Lab 02 starter: accounts in SQLite (README step 7).
import type { TrackerDatabase } from './database.ts';

export class UserStore {
  constructor(db: TrackerDatabase) {
    // TODO (step 7): create the users table if it does not exist yet, and prepare the statements.
    void db;
  }

  exists(username: string): boolean {
    throw new Error(`TODO (README step 7): does ${username} exist?`);
  }

  /** Creates the account; false when the username is taken. */
  create(username: string, passwordHash: string): boolean {
    void passwordHash;
    throw new Error(`TODO (README step 7): create ${username}`);
  }

  passwordHash(username: string): string | undefined {
    throw new Error(`TODO (README step 7): find the hash of ${username}`);
  }
}
