// The tracker's view of direct sessions: pending ones (a ticket was issued, not both peers have
// confirmed) and active ones. It never sees what the peers say to each other.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { MAX_SESSIONS_PER_USER, PENDING_SESSION_TTL_MS, TICKET_BYTES } from '#kit/protocol/limits.ts';
import type { SessionEndReason } from '#kit/protocol/messages.ts';
import type { Session, SessionReport, SessionTableEvents } from '#kit/tracker/session-types.ts';

// The session types are the kit's (shared with Lab 05 and the final app); re-exported for this lab's files.
export type { Session, SessionReport, SessionTableEvents };

// Ended sessions kept in memory so the second peer's late report is still accepted.
const RECENTLY_ENDED = 1_000;

export class SessionTable extends EventEmitter<SessionTableEvents> {
  private readonly pending = new Map<string, Session>();
  private readonly active = new Map<string, Session>();
  private readonly ended = new Map<string, Session>();
  private pendingTtlMs = PENDING_SESSION_TTL_MS;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  /** Sessions a user takes part in, pending or active (for the per-user cap). */
  countFor(username: string): number {
    this.forgetExpired();
    let count = 0;
    for (const session of [...this.pending.values(), ...this.active.values()]) if (session.peers.includes(username)) count += 1;
    return count;
  }

  /** A pending session is forgotten after twice the ticket's lifetime (--ticket-ttl). */
  setTicketTtl(ms: number): void {
    this.pendingTtlMs = 2 * ms;
  }

  hasRoomFor(username: string): boolean {
    return this.countFor(username) < MAX_SESSIONS_PER_USER;
  }

  /** A lookup: a fresh ticket and session id, pending until both peers confirm. */
  open(caller: string, callee: string): Session {
    const session: Session = {
      id: `s-${randomBytes(6).toString('base64url')}`,
      peers: [caller, callee],
      ticket: randomBytes(TICKET_BYTES).toString('base64url'),
      createdAt: this.now(),
      confirmed: new Set(),
    };
    this.pending.set(session.id, session);
    return session;
  }

  // #region confirm
  /** One peer says its handshake is done; false when the session is not theirs or not live. */
  confirm(id: string, username: string): boolean {
    this.forgetExpired();
    const live = this.pending.get(id) ?? this.active.get(id);
    if (!live || !live.peers.includes(username)) return false;
    live.confirmed.add(username);
    if (live.confirmed.size === 2 && this.pending.delete(id)) {
      live.startedAt = new Date(this.now());
      this.active.set(id, live);
      this.emit('started', live);
    }
    return true;
  }
  // #endregion confirm

  /** A session `caller` opened with a lookup that is not confirmed yet and not expired (Lab 06's relay asks). */
  pendingOf(id: string, caller: string): Session | undefined {
    this.forgetExpired();
    const session = this.pending.get(id);
    return session?.peers[0] === caller ? session : undefined;
  }

  activeFor(username: string): Session[] {
    return [...this.active.values()].filter((s) => s.peers.includes(username));
  }

  isBusy(username: string): boolean {
    return this.activeFor(username).length > 0;
  }

  findActive(id: string, username: string): Session | undefined {
    const session = this.active.get(id);
    return session?.peers.includes(username) ? session : undefined;
  }

  /** Ends an active session; returns it, or undefined when it was not active. */
  end(id: string, reason: SessionEndReason, by: string | undefined): Session | undefined {
    const session = this.active.get(id);
    if (!session) return undefined;
    this.active.delete(id);
    session.endedAt = new Date(this.now());
    session.reason = reason;
    if (by !== undefined) session.by = by;
    this.ended.set(id, session);
    if (this.ended.size > RECENTLY_ENDED) this.ended.delete(this.ended.keys().next().value as string);
    this.emit('ended', session);
    return session;
  }

  /** A peer's report of an active or recently ended session of theirs; false if there is none. */
  report(id: string, username: string, report: SessionReport): boolean {
    const session = this.active.get(id) ?? this.ended.get(id);
    if (!session?.peers.includes(username)) return false;
    this.emit('reported', session, username, report);
    return true;
  }

  /** A user left: every active session of theirs ends, every pending one is forgotten. */
  endAllFor(username: string, reason: SessionEndReason): Session[] {
    for (const [id, session] of this.pending) if (session.peers.includes(username)) this.pending.delete(id);
    return this.activeFor(username).flatMap((session) => this.end(session.id, reason, username) ?? []);
  }

  private forgetExpired(): void {
    const oldest = this.now() - this.pendingTtlMs;
    for (const [id, session] of this.pending) if (session.createdAt < oldest) this.pending.delete(id);
  }
}
