// The tickets this peer was told to expect (incoming pushes). A caller is let in only with a ticket
// that was issued for it, for us, is unexpired and unused: dialling our port proves nothing.
import { EventEmitter } from 'node:events';

interface Expected {
  from: string;
  session: string;
  expiresAt: number;
  used: boolean;
}

export class TicketBook {
  private readonly tickets = new Map<string, Expected>();
  private readonly arrivals = new EventEmitter<{ added: [string] }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The tracker said: expect `from` with this ticket for this session. */
  expect(ticket: string, from: string, session: string, ttlMs: number): void {
    for (const [known, entry] of this.tickets) if (entry.expiresAt < this.now()) this.tickets.delete(known);
    this.tickets.set(ticket, { from, session, expiresAt: this.now() + ttlMs, used: false });
    this.arrivals.emit('added', ticket);
  }

  /**
   * The session this hello opens, or undefined to refuse it. An unknown ticket may still be on its way
   * from the tracker (two connections race), so wait up to graceMs for it before refusing.
   */
  // #region claim
  async claim(from: string, ticket: string, graceMs: number): Promise<string | undefined> {
    if (!this.tickets.has(ticket)) await this.arrival(ticket, graceMs);
    const entry = this.tickets.get(ticket);
    if (!entry || entry.used || entry.from !== from || entry.expiresAt < this.now()) return undefined;
    entry.used = true;
    return entry.session;
  }

  private arrival(ticket: string, graceMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.arrivals.off('added', seen);
        resolve();
      };
      const seen = (added: string) => added === ticket && done();
      const timer = setTimeout(done, graceMs);
      this.arrivals.on('added', seen);
    });
  }
  // #endregion claim
}
