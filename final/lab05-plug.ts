// Lab 05 (the session log and chat history) plugs into the final app here, in one place:
//   trackerFeatures  what its tracker adds to Lab 04's: the session log in the database, `history`
//   peerFeatures     what its peer adds to Lab 04's: the --history-db transcript, /history, and a bye
//                    on every direct connection when the tracker is lost
//   readSessionLog   the ended sessions as the dashboard shows them, read from its tables
import type Database from 'better-sqlite3';
import type { PeerFeatureFactory } from '#kit/peer/peer-feature.ts';
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from '#labs/03-roster-and-direct/session-table.ts';
import { farewellFeature } from '#labs/05-session-log/farewell-feature.ts';
import { historyFeature } from '#labs/05-session-log/history-feature.ts';
import { sessionLogFeature } from '#labs/05-session-log/session-log-feature.ts';
import type { LogRow } from './shared/dashboard-snapshot.ts';
import { readStoredSessionLog } from './tracker/stored-session-log.ts';

export interface Lab05Parts {
  readonly trackerFeatures: (sessions: SessionTable) => FeatureFactory[];
  readonly peerFeatures: () => PeerFeatureFactory[];
  readonly readSessionLog: ((db: Database.Database, limit: number) => LogRow[]) | undefined;
  /** True when the parts above are Lab 05's: the pages then offer the tracker's history. */
  readonly available: boolean;
}

export const lab05: Lab05Parts = {
  trackerFeatures: (sessions) => [sessionLogFeature(sessions)],
  peerFeatures: () => [historyFeature(), farewellFeature()],
  readSessionLog: readStoredSessionLog,
  available: true,
};
