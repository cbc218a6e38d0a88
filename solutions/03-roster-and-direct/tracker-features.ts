// Everything Lab 03 adds to the Lab 02 tracker, sharing one session table.
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import { rosterFeature } from './roster-feature.ts';
import { SessionTable } from './session-table.ts';
import { sessionsFeature } from './sessions-feature.ts';

export function rosterAndSessions(sessions: SessionTable = new SessionTable()): FeatureFactory[] {
  // Sessions first: when a user leaves, the others hear session_ended before presence left.
  return [sessionsFeature(sessions), rosterFeature(sessions)];
}
