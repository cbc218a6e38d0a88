// Lab 06: the Lab 05 tracker plus rooms and relays.
import { runTrackerProgram } from '#kit/tracker/tracker-program.ts';
import { openDatabase } from '../02-tracker-auth/database.ts';
import { startTracker } from '../02-tracker-auth/tracker-server.ts';
import { SessionTable } from '../03-roster-and-direct/session-table.ts';
import { rosterAndSessions } from '../03-roster-and-direct/tracker-features.ts';
import { fileIndexFeature } from '../04-file-transfer/file-index-feature.ts';
import { sessionLogFeature } from '../05-session-log/session-log-feature.ts';
import { relayFeature } from './relay-feature.ts';
import { roomsFeature } from './rooms-feature.ts';

// One session table: the Lab 03 features change it, the log listens to it.
const sessions = new SessionTable();
await runTrackerProgram({ openDatabase, startTracker }, [...rosterAndSessions(sessions), fileIndexFeature(), sessionLogFeature(sessions), roomsFeature(), relayFeature(sessions)]);
