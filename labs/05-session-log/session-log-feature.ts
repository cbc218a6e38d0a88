// Lab 05 starter: the tracker feature that keeps the session log (README steps 1 and 5).
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from '../03-roster-and-direct/session-table.ts';

export function sessionLogFeature(sessions: SessionTable): FeatureFactory {
  return (tracker) => {
    // TODO (step 5): first of all, before the tracker listens: sessions still active in the database
    //   were cut off by the last stop; end them as interrupted (print session_ended for each).
    // TODO (step 1): open a SessionLog on tracker.db; on the session table's 'started', 'ended' and
    //   'reported' events, write to it. A failing write is printed as error DISK_ERROR, never thrown.
    // TODO (step 1): answer history with historyReply(…) of the asker's sessions.
    // TODO (step 5): close(): the tracker is stopping and will hang up on everyone; settle the log
    //   first, and write nothing after.
    void sessions;
    void tracker;
    return {};
  };
}
