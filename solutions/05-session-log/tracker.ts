// Lab 05: the Lab 04 tracker plus the session log and history.
import { runTrackerProgram } from '#kit/tracker/tracker-program.ts';
import { openDatabase } from '../02-tracker-auth/database.ts';
import { startTracker } from '../02-tracker-auth/tracker-server.ts';
import { SessionTable } from '../03-roster-and-direct/session-table.ts';
import { rosterAndSessions } from '../03-roster-and-direct/tracker-features.ts';
import { fileIndexFeature } from '../04-file-transfer/file-index-feature.ts';
import { sessionLogFeature } from './session-log-feature.ts';

// One session table: the Lab 03 features change it, the log listens to it.
const sessions = new SessionTable();
await runTrackerProgram({ openDatabase, startTracker }, [...rosterAndSessions(sessions), fileIndexFeature(), sessionLogFeature(sessions)]);
