// Lab 02: the tracker. Listens on its well-known port, keeps accounts in SQLite, and logs peers in.
import { runTrackerProgram } from '#kit/tracker/tracker-program.ts';
import { openDatabase } from './database.ts';
import { startTracker } from './tracker-server.ts';

await runTrackerProgram({ openDatabase, startTracker });
