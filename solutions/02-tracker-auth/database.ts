// The tracker's SQLite file. WAL journaling with synchronous=FULL: a committed write survives a
// crash of the process (even SIGKILL) and of the machine, and readers never block the writer.
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { makeFolder } from '#kit/files/make-folder.ts';

export type TrackerDatabase = Database.Database;

export function openDatabase(path: string): TrackerDatabase {
  makeFolder(dirname(path));
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
