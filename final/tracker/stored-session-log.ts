// The dashboard's session log, read from Lab 05's tables in the tracker's database: every ended
// session of every user, newest first, across restarts. Read only; Lab 05 writes them.
import type Database from 'better-sqlite3';
import type { SessionRow } from '#labs/05-session-log/session-log.ts';
import type { FileRow, LogRow } from '../shared/dashboard-snapshot.ts';

export function readStoredSessionLog(db: Database.Database, limit: number): LogRow[] {
  const sessions = db
    .prepare<[number], SessionRow>('SELECT id, caller, callee, started_at, ended_at, reason, ended_by FROM sessions WHERE reason IS NOT NULL ORDER BY ended_at DESC, rowid DESC LIMIT ?')
    .all(limit);
  const counts = db.prepare<[string], { username: string; messages_sent: number }>('SELECT username, messages_sent FROM session_reports WHERE session = ?');
  const files = db.prepare<[string], { reported_by: string; name: string; size: number; sha256: string; verified: number; direction: 'sent' | 'received' }>(
    'SELECT reported_by, name, size, sha256, verified, direction FROM session_files WHERE session = ? ORDER BY rowid',
  );
  return sessions.map((row) => ({
    session: row.id,
    peers: [row.caller, row.callee],
    startedAt: row.started_at,
    endedAt: row.ended_at,
    reason: row.reason,
    ...(row.ended_by === null ? {} : { by: row.ended_by }),
    messages: Object.fromEntries(counts.all(row.id).map((count) => [count.username, count.messages_sent])),
    files: files.all(row.id).map((file): FileRow => ({ name: file.name, size: file.size, sha256: file.sha256, verified: file.verified === 1, direction: file.direction, reportedBy: file.reported_by })),
  }));
}
