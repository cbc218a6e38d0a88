// Room codes (Lab 06): made up by the tracker, read aloud, typed by people. A code is 60 random bits
// in Crockford's base32 (no I, L, O, U: nothing to confuse), shown as three groups of four. Matching is
// forgiving where people err: case, dashes and spaces do not count, O is 0, I and L are 1.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_CHARS = 12;
const GROUP = 4;

/** A new code, e.g. "k7qm-3xpd-9fta": 12 characters of 5 random bits each. */
export function newRoomCode(): string {
  const bytes = randomBytes(8); // 64 bits, of which 60 are used
  let bits = bytes.readBigUInt64BE();
  let code = '';
  for (let i = 0; i < CODE_CHARS; i++) {
    code += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return [0, GROUP, 2 * GROUP].map((at) => code.slice(at, at + GROUP)).join('-');
}

/**
 * The code as the tracker compares it: lowercase, without dashes and spaces, look-alikes folded.
 * Undefined when what was typed cannot be any code (then it is simply no room's code).
 */
export function roomCodeKey(typed: string): string | undefined {
  const folded = typed.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return folded.length === CODE_CHARS && [...folded].every((c) => ALPHABET.includes(c)) ? folded : undefined;
}
