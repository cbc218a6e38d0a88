// Lab 06 starter, step 6: relay tokens (docs/PROTOCOL.md §3.6), SESSION.SIDE.EXPIRES.MAC with the MAC
// an HMAC-SHA-256 of "SESSION.SIDE.EXPIRES" under the shared secret, in base64url (node:crypto's
// createHmac; compare MACs with timingSafeEqual). The relay reads tokens; the tracker will issue them.

export type RelaySide = 'caller' | 'callee';

export interface RelayTicket {
  session: string;
  side: RelaySide;
  /** Milliseconds since 1970-01-01 UTC after which the token is refused. */
  expiresAt: number;
}

/** The token for one side of a session. */
export function issueRelayToken(secret: Buffer, ticket: RelayTicket): string {
  throw new Error(`TODO (README step 6): a token for the ${ticket.side} of ${ticket.session} (${secret.length}-byte secret)`);
}

/** What a token grants, or undefined when it is malformed, forged or expired at `now`. */
export function readRelayToken(secret: Buffer, token: string, now: number): RelayTicket | undefined {
  throw new Error(`TODO (README step 6): read ${token} at ${now} (${secret.length}-byte secret)`);
}
