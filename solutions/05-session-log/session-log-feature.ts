// The tracker's memory of sessions (assignment A1 in docs/COURSE.md: "the server maintains a log of
// chat sessions"): it listens to the Lab 03 session table and writes each change to the database
// before the tracker answers, so whatever a peer has been told is already recorded.
import { MAX_HISTORY_SESSIONS } from '#kit/protocol/limits.ts';
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import type { Session, SessionTable } from '../03-roster-and-direct/session-table.ts';
import { historyReply } from './history-reply.ts';
import { SessionLog, type SessionRow } from './session-log.ts';

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

    // The table holds this run's sessions only; the log holds every ended one. A report for a session
    // the table does not hold (the last stop interrupted it, or it ended long ago) is still taken when
    // the log has it ended with the reporter in it: "if it has already ended, the tracker only records
    // your report" (PROTOCOL §3.3, close_session). Lab 03's table stays as it is: its report() is
    // completed here, where the log is.
    const endedInLog = tracker.db.prepare<[string], SessionRow>(
      'SELECT id, caller, callee, started_at, ended_at, reason, ended_by FROM sessions WHERE id = ? AND reason IS NOT NULL',
    );
    const tableReport = sessions.report.bind(sessions);
    sessions.report = (id, username, report) => {
      if (tableReport(id, username, report)) return true;
      const row = endedInLog.get(id);
      if (!row || (row.caller !== username && row.callee !== username)) return false;
      sessions.emit('reported', endedSession(row), username, report);
      return true;
    };

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

/** A session of the log as the table's listeners know sessions (its ticket long spent). */
function endedSession(row: SessionRow): Session {
  const peers: [string, string] = [row.caller, row.callee];
  const startedAt = new Date(row.started_at);
  return {
    id: row.id,
    peers,
    ticket: '',
    createdAt: startedAt.getTime(),
    confirmed: new Set(peers),
    startedAt,
    endedAt: new Date(row.ended_at),
    reason: row.reason,
    ...(row.ended_by === null ? {} : { by: row.ended_by }),
  };
}
