// The relayed sessions as the dashboard shows them: asked for at the tracker (a `relay` it answered),
// paired at the relay, ended with the bytes it carried each way. The relay is a program of its own; its
// events reach this through the final tracker (relay-child.ts). It carries only sealed records, so
// bytes and timing are all anyone here can know of a relayed session.
import type { RelayRow, RelayState } from '../shared/dashboard-snapshot.ts';

const KEPT = 50;

export class RelayWatch {
  private readonly rows = new Map<string, RelayRow>();
  private status: RelayState = { running: false, address: null, refused: 0 };

  constructor(private readonly changed: () => void) {}

  /** Where the relay listens, or why there is none. */
  state(state: Omit<RelayState, 'refused'>): void {
    this.status = { ...state, refused: this.status.refused };
    this.changed();
  }

  /** The tracker answered a `relay` for this session. */
  asked(session: string, peers: readonly string[]): void {
    this.update(session, { peers: [...peers], state: 'asked', at: new Date().toISOString() });
  }

  /** One of the relay's events (PROTOCOL §9.6: paired, ended, refused). */
  event(event: Record<string, unknown>): void {
    const session = typeof event.session === 'string' ? event.session : undefined;
    if (event.event === 'paired' && session) this.update(session, { state: 'paired' });
    if (event.event === 'ended' && session) {
      const bytes = (key: string) => (typeof event[key] === 'number' ? (event[key] as number) : 0);
      this.update(session, { state: 'ended', callerBytes: bytes('caller_bytes'), calleeBytes: bytes('callee_bytes') });
    }
    if (event.event === 'refused') {
      this.status.refused += 1;
      this.changed();
    }
  }

  list(): { relay: RelayState; sessions: RelayRow[] } {
    return { relay: { ...this.status }, sessions: [...this.rows.values()].reverse() };
  }

  isRelayed(session: string): boolean {
    const row = this.rows.get(session);
    return row !== undefined && row.state !== 'ended';
  }

  private update(session: string, change: Partial<RelayRow>): void {
    const row = this.rows.get(session) ?? { session, peers: [], state: 'asked', at: new Date().toISOString() };
    this.rows.delete(session); // newest last
    this.rows.set(session, { ...row, ...change });
    if (this.rows.size > KEPT) this.rows.delete(this.rows.keys().next().value as string);
    this.changed();
  }
}
