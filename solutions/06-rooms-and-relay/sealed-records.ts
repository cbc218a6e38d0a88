// Sealed records (PROTOCOL §3.6, Lab 06 step 9): what two peers send through the relay, so the relay
// reads nothing and changes nothing unnoticed. A record is [length: u32 big-endian][body]. Each side's
// first record is its X25519 public key, in clear; both then derive one key per direction with
// HKDF-SHA-256 from the shared secret, salted with the session's ticket (which the relay never sees),
// and every later body is ChaCha20-Poly1305 ciphertext and tag, its nonce the record's number.
import { createCipheriv, createDecipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { RELAY_RECORD_MAX_PLAINTEXT } from '#kit/protocol/limits.ts';

export type RelaySide = 'caller' | 'callee';

const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** This side's key pair for one session, and its public key as the 32 bytes of the first record. */
export function newKeyPair(): { privateKey: KeyObject; publicRaw: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return { privateKey, publicRaw: Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url') };
}

/** The two direction keys, from our private key, their public key (32 bytes), the ticket and the session. */
export function directionKeys(privateKey: KeyObject, theirPublicRaw: Buffer, ticket: string, session: string): Record<'fromCaller' | 'fromCallee', Buffer> {
  const theirs = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: theirPublicRaw.toString('base64url') }, format: 'jwk' });
  const shared = diffieHellman({ privateKey, publicKey: theirs });
  const key = (from: RelaySide) => Buffer.from(hkdfSync('sha256', shared, Buffer.from(ticket, 'utf8'), Buffer.from(`sharing-is-caring relay v1 ${session} from ${from}`, 'utf8'), KEY_BYTES));
  return { fromCaller: key('caller'), fromCallee: key('callee') };
}

/** 12 bytes: 4 zero bytes, then the record's number (u64 big-endian): never the same twice per key. */
function nonceOf(counter: bigint): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(counter, 4);
  return nonce;
}

/** Frames a body as a record. */
export function record(body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

// #region seal-open
/** Seals one piece of plaintext (at most RELAY_RECORD_MAX_PLAINTEXT bytes) as record number `counter`. */
export function seal(key: Buffer, counter: bigint, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonceOf(counter), { authTagLength: TAG_BYTES });
  return record(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
}

/** Opens the body of record number `counter`: its plaintext, or undefined when it is not what was sealed. */
export function open(key: Buffer, counter: bigint, body: Buffer): Buffer | undefined {
  if (body.length < TAG_BYTES || body.length > RELAY_RECORD_MAX_PLAINTEXT + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('chacha20-poly1305', key, nonceOf(counter), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined; // the tag does not match: changed, replayed, reordered or from another key
  }
}
// #endregion seal-open

/** Cuts a byte stream into record bodies, whatever the chunking. */
export class RecordReader {
  private held: Buffer = Buffer.alloc(0);

  /** The complete bodies in `chunk` and what came before it; 'too-long' for a length no record may have. */
  push(chunk: Buffer): Buffer[] | 'too-long' {
    this.held = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    const bodies: Buffer[] = [];
    while (this.held.length >= 4) {
      const length = this.held.readUInt32BE(0);
      if (length > RELAY_RECORD_MAX_PLAINTEXT + TAG_BYTES) return 'too-long';
      if (this.held.length < 4 + length) break;
      bodies.push(this.held.subarray(4, 4 + length));
      this.held = this.held.subarray(4 + length);
    }
    return bodies;
  }
}
