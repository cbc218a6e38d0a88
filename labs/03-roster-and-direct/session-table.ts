// Lab 03 starter: the tracker's view of direct sessions (README steps 3 and 5).
import { EventEmitter } from 'node:events';
import type { SessionEndReason } from '#kit/protocol/messages.ts';
import type { Session, SessionReport, SessionTableEvents } from '#kit/tracker/session-types.ts';

// The session types are the kit's (shared with Lab 05 and the final app); re-exported for this lab's files.
export type { Session, SessionReport, SessionTableEvents };

export class SessionTable extends EventEmitter<SessionTableEvents> {
  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  /** Sessions a user takes part in, pending or active (for the per-user cap). */
  countFor(username: string): number {
    throw new Error(`TODO (README step 3): count the sessions of ${username}`);
  }

  /** A pending session is forgotten after twice the ticket's lifetime (--ticket-ttl). */
  setTicketTtl(ms: number): void {
    throw new Error(`TODO (README step 5): pending sessions expire after 2 × ${ms} ms`);
  }

  /** Whether a user may take part in one more session (MAX_SESSIONS_PER_USER, pending and active). */
  hasRoomFor(username: string): boolean {
    throw new Error(`TODO (README step 3): room for ${username}?`);
  }

  /** A lookup: a fresh random ticket (TICKET_BYTES, base64url) and session id, pending until both peers confirm. */
  open(caller: string, callee: string): Session {
    void this.now;
    throw new Error(`TODO (README step 3): a session for ${caller} and ${callee}`);
  }

  /** One peer says its handshake is done; false when the session is not theirs or not live. Both → active, emit 'started'. */
  confirm(id: string, username: string): boolean {
    throw new Error(`TODO (README step 5): ${username} confirms ${id}`);
  }

  /** A session `caller` opened with a lookup that is not confirmed yet and not expired. Lab 06 (step 7) needs it; Lab 03 does not. */
  pendingOf(id: string, caller: string): Session | undefined {
    throw new Error(`TODO (Lab 06, README step 7): the pending session ${id} of ${caller}`);
  }

  activeFor(username: string): Session[] {
    // TODO (step 5): the active sessions of this user. (Empty until then, so the roster of step 1
    //   can already say busy: false.)
    void username;
    return [];
  }

  isBusy(username: string): boolean {
    return this.activeFor(username).length > 0;
  }

  /** The active session with this id, if this user takes part in it. */
  findActive(id: string, username: string): Session | undefined {
    throw new Error(`TODO (README step 5): the active session ${id} of ${username}`);
  }

  /** Ends an active session (emit 'ended'); returns it, or undefined when it was not active. */
  end(id: string, reason: SessionEndReason, by: string | undefined): Session | undefined {
    throw new Error(`TODO (README step 5): end ${id} (${reason}, by ${by})`);
  }

  /** A peer's report of an active or recently ended session of theirs (emit 'reported'); false if there is none. */
  report(id: string, username: string, report: SessionReport): boolean {
    void report;
    throw new Error(`TODO (README step 5): ${username} reports ${id}`);
  }

  /** A user left: every active session of theirs ends, every pending one is forgotten. */
  endAllFor(username: string, reason: SessionEndReason): Session[] {
    throw new Error(`TODO (README step 5): end the sessions of ${username} (${reason})`);
  }
}
