// Lab 04: the Lab 03 tracker plus the file index (share, whohas).
import { runTrackerProgram } from '#kit/tracker/tracker-program.ts';
import { openDatabase } from '../02-tracker-auth/database.ts';
import { startTracker } from '../02-tracker-auth/tracker-server.ts';
import { rosterAndSessions } from '../03-roster-and-direct/tracker-features.ts';
import { fileIndexFeature } from './file-index-feature.ts';

await runTrackerProgram({ openDatabase, startTracker }, [...rosterAndSessions(), fileIndexFeature()]);
