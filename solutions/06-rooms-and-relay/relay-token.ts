// Relay tokens (docs/PROTOCOL.md §3.6): SESSION.SIDE.EXPIRES.MAC, the MAC an HMAC-SHA-256 of the rest
// under the secret the tracker and the relay share. The tracker issues them (Lab 06 step 7); the relay
// reads them (step 6) and so pairs only sessions the tracker introduced, without ever asking it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TOKEN_PATTERN } from '#kit/protocol/limits.ts';

export type RelaySide = 'caller' | 'callee';

export interface RelayTicket {
  session: string;
  side: RelaySide;
  /** Milliseconds since 1970-01-01 UTC after which the token is refused. */
  expiresAt: number;
}

const MAC_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function mac(secret: Buffer, signed: string): string {
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

export function issueRelayToken(secret: Buffer, ticket: RelayTicket): string {
  const signed = `${ticket.session}.${ticket.side}.${ticket.expiresAt}`;
  return `${signed}.${mac(secret, signed)}`;
}

// #region read-token
/** What a token grants, or undefined when it is malformed, forged or expired at `now`. */
export function readRelayToken(secret: Buffer, token: string, now: number): RelayTicket | undefined {
  const parts = token.split('.');
  if (parts.length !== 4) return undefined;
  const [session = '', side = '', expires = '', given = ''] = parts;
  if (!TOKEN_PATTERN.test(session) || (side !== 'caller' && side !== 'callee') || !/^\d{1,16}$/.test(expires) || !MAC_PATTERN.test(given)) return undefined;
  // Compared in constant time: how long a comparison takes must not tell a forger how much was right.
  const expected = Buffer.from(mac(secret, `${session}.${side}.${expires}`));
  if (!timingSafeEqual(expected, Buffer.from(given))) return undefined;
  const expiresAt = Number(expires);
  return expiresAt > now ? { session, side, expiresAt } : undefined;
}
// #endregion read-token
