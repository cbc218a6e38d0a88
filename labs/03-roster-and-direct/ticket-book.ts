// Lab 03 starter: the tickets this peer was told to expect (README step 4).
export class TicketBook {
  constructor(private readonly now: () => number = Date.now) {}

  /** The tracker said (incoming push): expect `from` with this ticket for this session. */
  expect(ticket: string, from: string, session: string, ttlMs: number): void {
    void [this.now, from, session, ttlMs];
    throw new Error(`TODO (README step 4): remember ticket ${ticket}`);
  }

  /**
   * The session this hello opens, or undefined to refuse it: the ticket must have been announced for
   * this caller, be unexpired and unused. An unknown ticket may still be on its way from the tracker,
   * so wait up to graceMs for it before refusing.
   */
  async claim(from: string, ticket: string, graceMs: number): Promise<string | undefined> {
    throw new Error(`TODO (README step 4): check ${from}'s ticket ${ticket} (grace ${graceMs} ms)`);
  }
}
