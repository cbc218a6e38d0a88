// Lab 02 starter: the tracker's SQLite file (README step 7).
import type Database from 'better-sqlite3';

export type TrackerDatabase = Database.Database;

export function openDatabase(path: string): TrackerDatabase {
  // TODO (step 7): create the folder of `path` if needed, open it with better-sqlite3, and choose
  //   the journal mode and synchronous level that make a committed write survive a crash.
  throw new Error(`TODO (README step 7): open ${path}`);
}
