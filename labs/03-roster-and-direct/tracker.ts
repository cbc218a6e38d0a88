// Lab 03: the Lab 02 tracker plus the roster, presence, lookups with tickets, and sessions.
import { runTrackerProgram } from '#kit/tracker/tracker-program.ts';
import { openDatabase } from '../02-tracker-auth/database.ts';
import { startTracker } from '../02-tracker-auth/tracker-server.ts';
import { rosterAndSessions } from './tracker-features.ts';

await runTrackerProgram({ openDatabase, startTracker }, rosterAndSessions());
