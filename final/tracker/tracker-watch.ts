// Everything the dashboard shows, gathered while the tracker runs: who is online (a tracker
// feature that hears joins and leaves), sessions (the session table's events), shared files (the file
// index, observed), rooms (observed: counts only) and relayed sessions, the tracker's own events, and
// the unfinished lab steps it met. It only watches: it never answers a request.
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import type { SharedFile } from '#kit/protocol/messages.ts';
import type { FeatureFactory, OnlinePeer } from '#kit/tracker/tracker-feature.ts';
import type { Session, SessionReport, SessionTable } from '#labs/03-roster-and-direct/session-table.ts';
import { lab05 } from '../lab05-plug.ts';
import type { ActiveRow, Counters, DashboardSnapshot, FeedRow, FileRow, IndexRow, LogRow } from '../shared/dashboard-snapshot.ts';
import type { NeedBoard } from '../unfinished-labs/need-board.ts';
import { RelayWatch } from './relay-watch.ts';
import { RoomWatch } from './room-watch.ts';

// Bounds, so a tracker that runs all term keeps a constant footprint.
const LOG_ROWS = 200;
const FEED_ROWS = 200;
const REPORTED_SESSIONS = 1_000;

interface Reports {
  messages: Record<string, number>;
  files: FileRow[];
}

export interface TrackerInfo {
  host: string;
  /** null while the tracker does not listen (a lab it needs is unfinished). */
  port: number | null;
  db: string;
}

export class TrackerWatch extends EventEmitter<{ changed: [] }> {
  private online: ReadonlyMap<string, OnlinePeer> = new Map();
  private readonly active = new Map<string, Session>();
  private readonly shares = new Map<string, Map<string, SharedFile>>();
  private readonly reports = new Map<string, Reports>();
  private readonly log: LogRow[] = [];
  private readonly feed: FeedRow[] = [];
  private readonly startedAt = new Date().toISOString();
  private readonly counts = { registrations: 0, logins: 0, failedLogins: 0, sessionsStarted: 0, sessionsEnded: 0, messagesReported: 0, filesReported: 0 };
  private info: TrackerInfo = { host: '', port: 0, db: '' };
  readonly rooms = new RoomWatch(() => this.changed());
  readonly relay = new RelayWatch(() => this.changed());
  private db: Database.Database | undefined;

  constructor(
    sessions: SessionTable,
    private readonly needs: NeedBoard,
  ) {
    super();
    needs.on('need', () => this.changed());
    sessions.on('started', (session) => {
      this.active.set(session.id, session);
      this.counts.sessionsStarted += 1;
      this.changed();
    });
    sessions.on('ended', (session) => this.ended(session));
    sessions.on('reported', (session, username, report) => this.reported(session, username, report));
  }

  /** A tracker feature that only listens: it learns the online table and hears peers come and go. */
  feature(): FeatureFactory {
    return (tracker) => {
      this.online = tracker.online;
      this.db = tracker.db;
      return { joined: () => this.changed(), left: () => this.changed() };
    };
  }

  started(info: TrackerInfo): void {
    this.info = info;
    this.changed();
  }

  /** One of the tracker's own events (registered, logged_in, auth_failed, logged_out, …). */
  event(event: string, fields: Record<string, unknown>): void {
    if (event === 'registered') this.counts.registrations += 1;
    if (event === 'logged_in') this.counts.logins += 1;
    if (event === 'auth_failed') this.counts.failedLogins += 1;
    this.feed.unshift({ at: new Date().toISOString(), event, fields });
    this.feed.length = Math.min(this.feed.length, FEED_ROWS);
    this.changed();
  }

  /** A share request succeeded: the file index now lists these files for the user. */
  shared(username: string, files: readonly SharedFile[], append: boolean): void {
    const list = append ? (this.shares.get(username) ?? new Map<string, SharedFile>()) : new Map<string, SharedFile>();
    for (const file of files) list.set(file.name, file);
    this.shares.set(username, list);
    this.changed();
  }

  /** The user left: the file index forgot their files. */
  unshared(username: string): void {
    if (this.shares.delete(username)) this.changed();
  }

  /** Everything but whether the dashboard serves slides and presents, which its server knows. */
  snapshot(): Omit<DashboardSnapshot, 'slides' | 'present'> {
    const stored = this.storedLog();
    return {
      tracker: { ...this.info, startedAt: this.startedAt },
      needs: this.needs.list(),
      logSource: stored ? 'database' : 'memory',
      online: [...this.online.values()]
        .sort((a, b) => a.since.getTime() - b.since.getTime())
        .map((peer) => ({
          username: peer.username,
          host: peer.host,
          port: peer.port,
          since: peer.since.toISOString(),
          busy: [...this.active.values()].some((session) => session.peers.includes(peer.username)),
          sharedFiles: this.shares.get(peer.username)?.size ?? 0,
        })),
      active: [...this.active.values()].map((session): ActiveRow => ({ session: session.id, peers: session.peers, startedAt: (session.startedAt ?? new Date()).toISOString(), relayed: this.relay.isRelayed(session.id) })),
      log: stored ?? this.log,
      index: this.index(),
      counters: this.counters(),
      feed: this.feed,
      rooms: this.rooms.summary(),
      ...relayParts(this.relay.list()),
    };
  }

  /** The peers of a session the tracker knows, for naming a relayed one. */
  peersOf(session: string): readonly string[] {
    return this.active.get(session)?.peers ?? [];
  }

  private ended(session: Session): void {
    this.active.delete(session.id);
    this.counts.sessionsEnded += 1;
    const reports = this.reportsOf(session.id);
    this.log.unshift({
      session: session.id,
      peers: session.peers,
      startedAt: (session.startedAt ?? new Date()).toISOString(),
      endedAt: (session.endedAt ?? new Date()).toISOString(),
      reason: session.reason ?? 'closed',
      ...(session.by ? { by: session.by } : {}),
      messages: reports.messages,
      files: reports.files,
    });
    this.log.length = Math.min(this.log.length, LOG_ROWS);
    this.changed();
  }

  // A report may come before the end (the closer's) or after it (the other peer's); the log row shares
  // the same objects, so either way it shows both. A repeated report replaces the earlier one.
  private reported(session: Session, username: string, report: SessionReport): void {
    const reports = this.reportsOf(session.id);
    this.counts.messagesReported += report.messagesSent - (reports.messages[username] ?? 0);
    reports.messages[username] = report.messagesSent;
    const others = reports.files.filter((file) => file.reportedBy !== username);
    const mine = report.files.map((file): FileRow => ({ ...file, reportedBy: username }));
    this.counts.filesReported += mine.length - (reports.files.length - others.length);
    reports.files.splice(0, reports.files.length, ...others, ...mine);
    this.changed();
  }

  private reportsOf(id: string): Reports {
    let reports = this.reports.get(id);
    if (!reports) {
      reports = { messages: {}, files: [] };
      this.reports.set(id, reports);
      if (this.reports.size > REPORTED_SESSIONS) this.reports.delete(this.reports.keys().next().value as string);
    }
    return reports;
  }

  private index(): IndexRow[] {
    const rows = new Map<string, IndexRow>();
    for (const [username, files] of this.shares) {
      for (const file of files.values()) {
        const key = `${file.name}\n${file.sha256}`;
        const row = rows.get(key) ?? { name: file.name, size: file.size, sha256: file.sha256, holders: [] };
        row.holders.push(username);
        rows.set(key, row);
      }
    }
    return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name) || a.sha256.localeCompare(b.sha256));
  }

  private counters(): Counters {
    let sharedFiles = 0;
    for (const files of this.shares.values()) sharedFiles += files.size;
    return { online: this.online.size, accounts: this.accounts(), ...this.counts, sharedFiles };
  }

  // Lab 05's session log, across restarts, when it is plugged in; else this run's, from memory.
  private storedLog(): LogRow[] | undefined {
    if (!lab05.readSessionLog || !this.db) return undefined;
    try {
      return lab05.readSessionLog(this.db, LOG_ROWS);
    } catch {
      return undefined;
    }
  }

  // Lab 02's users table: read only, for the count of accounts.
  private accounts(): number | null {
    try {
      const row = this.db?.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number } | undefined;
      return row?.n ?? null;
    } catch {
      return null;
    }
  }

  private changed(): void {
    this.emit('changed');
  }
}

function relayParts({ relay, sessions }: ReturnType<RelayWatch['list']>): Pick<DashboardSnapshot, 'relay' | 'relayed'> {
  return { relay, relayed: sessions };
}
