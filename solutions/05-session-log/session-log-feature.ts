// The tracker's memory of sessions (seed 000: "the server maintains a log of chat sessions"): it
// listens to the Lab 03 session table and writes each change to the database before the tracker
// answers, so whatever a peer has been told is already recorded.
import { MAX_HISTORY_SESSIONS } from '#kit/protocol/limits.ts';
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from '../03-roster-and-direct/session-table.ts';
import { historyReply } from './history-reply.ts';
import { SessionLog } from './session-log.ts';

export function sessionLogFeature(sessions: SessionTable): FeatureFactory {
  return (tracker) => {
    const log = new SessionLog(tracker.db);
    // #region recover
    // Before the tracker listens: whatever the file still has as active was cut off by the last stop.
    for (const id of log.interruptAll(new Date())) {
      tracker.out.emit('session_ended', { session: id, reason: 'interrupted' }, `session ${id} was interrupted by the last stop`);
    }
    // #endregion recover
    let stopping = false;
    // A failing disk is reported, never thrown: these run inside other features' requests and hooks.
    const write = (change: () => void) => {
      if (stopping) return;
      try {
        change();
      } catch (error) {
        tracker.out.emit('error', { code: 'DISK_ERROR', message: `the session log could not be written: ${(error as Error).message}` });
      }
    };

    // (The Lab 03 feature prints the session_started and session_ended events.)
    sessions.on('started', (session) => write(() => log.started(session.id, session.peers, session.startedAt ?? new Date())));
    sessions.on('ended', (session) => write(() => {
      const reason = session.reason ?? 'closed';
      const by = session.by === undefined ? {} : { by: session.by };
      log.ended(session.id, { reason, ...by, endedAt: session.endedAt ?? new Date() });
    }));
    sessions.on('reported', (session, username, report) => write(() => {
      log.report(session.id, username, report.messagesSent, report.files);
    }));

    return {
      requests: {
        history: (peer) => {
          // One more than a reply can hold, to know whether older sessions were left out.
          const found = log.history(peer.username, MAX_HISTORY_SESSIONS + 1);
          return historyReply(found.slice(0, MAX_HISTORY_SESSIONS), found.length > MAX_HISTORY_SESSIONS);
        },
      },
      close() {
        // Stopping hangs up on every peer, which would end each session as "lost": it was not.
        write(() => log.interruptAll(new Date()));
        stopping = true;
      },
    };
  };
}
