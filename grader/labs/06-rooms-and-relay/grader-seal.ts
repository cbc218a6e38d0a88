// The grader's own sealed records (PROTOCOL §3.6, "Sealed records"), written from the document: to
// check a student's record functions against, and to speak sealed to a student's peer through a relay
// the grader plays. Raw X25519 keys go through their DER form here (a fixed 12-byte SPKI prefix).
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { RELAY_RECORD_MAX_PLAINTEXT } from '#kit/protocol/limits.ts';

const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
export const TAG = 16;

export interface GraderKeys {
  privateKey: KeyObject;
  /** The 32 bytes of the first record. */
  publicRaw: Buffer;
}

/** A key pair; with `seed` (32 bytes) always the same one, so a run can be replayed. */
export function graderKeyPair(seed?: Buffer): GraderKeys {
  const privateKey = seed ? createPrivateKey({ key: Buffer.concat([PKCS8_X25519, seed]), format: 'der', type: 'pkcs8' }) : generateKeyPairSync('x25519').privateKey;
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicRaw: spki.subarray(SPKI_X25519.length) };
}

/** HKDF-SHA-256 of the X25519 secret, salt the ticket, info "sharing-is-caring relay v1 SESSION from SIDE". */
export function graderDirectionKeys(mine: KeyObject, theirRaw: Buffer, ticket: string, session: string): { fromCaller: Buffer; fromCallee: Buffer } {
  const secret = diffieHellman({ privateKey: mine, publicKey: createPublicKey({ key: Buffer.concat([SPKI_X25519, theirRaw]), format: 'der', type: 'spki' }) });
  const derive = (side: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.from(ticket), Buffer.from(`sharing-is-caring relay v1 ${session} from ${side}`), 32));
  return { fromCaller: derive('caller'), fromCallee: derive('callee') };
}

function iv(n: bigint): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeBigUInt64BE(n, 4);
  return bytes;
}

/** Record number `n` of this plaintext: [u32 length][ciphertext][tag]. */
export function graderSeal(key: Buffer, n: bigint, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, iv(n), { authTagLength: TAG });
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/** The plaintext of record body number `n`, or null when it does not open. */
export function graderOpen(key: Buffer, n: bigint, body: Buffer): Buffer | null {
  if (body.length < TAG) return null;
  const decipher = createDecipheriv('chacha20-poly1305', key, iv(n), { authTagLength: TAG });
  decipher.setAuthTag(body.subarray(-TAG));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, -TAG)), decipher.final()]);
  } catch {
    return null;
  }
}

/** Takes whole records off the front of `held`: their bodies, and what is left. */
export function cutRecords(held: Buffer): { bodies: Buffer[]; rest: Buffer } {
  const bodies: Buffer[] = [];
  let at = 0;
  while (held.length - at >= 4 && held.length - at - 4 >= held.readUInt32BE(at)) {
    const length = held.readUInt32BE(at);
    bodies.push(held.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return { bodies, rest: held.subarray(at) };
}

export type Tampering = 'flip' | 'replay' | 'drop';

/**
 * The grader's end of a sealed session, over the raw socket from the student's peer: a plaintext
 * stream (which the grader's scripted parties take for a socket), every raw byte the peer sent kept
 * for the check to search, and a way to spoil the next record the grader sends.
 */
export class GraderChannel extends Duplex {
  /** Every byte the peer sent on the raw connection, its key record included. */
  readonly raw: Buffer[] = [];
  /** Whether a record from the peer did not open (the student's sealing is wrong). */
  unopened: string | undefined;
  private sentCount = 0n;
  private readCount = 0n;
  private held = Buffer.alloc(0);
  private spoil: Tampering | undefined;
  private lastSent: Buffer | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly sendKey: Buffer,
    private readonly readKey: Buffer,
    pending: Buffer,
  ) {
    super({ allowHalfOpen: true });
    socket.on('data', (chunk: Buffer) => this.feed(chunk));
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    socket.on('error', () => {});
    if (pending.length > 0) this.feed(pending, false);
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  setNoDelay(): this {
    return this;
  }

  /** The next record the grader sends is spoiled: a byte flipped, the one before sent again, or none sent. */
  tamperNext(how: Tampering): void {
    this.spoil = how;
  }

  private feed(chunk: Buffer, record = true): void {
    if (record) this.raw.push(chunk);
    const { bodies, rest } = cutRecords(Buffer.concat([this.held, chunk]));
    this.held = Buffer.from(rest);
    for (const body of bodies) {
      const plaintext = graderOpen(this.readKey, this.readCount, body);
      if (!plaintext) {
        this.unopened ??= `record ${this.readCount} from the peer (${body.length} bytes) does not open with the key of its direction and nonce ${this.readCount}`;
        this.socket.destroy();
        return;
      }
      this.readCount += 1n;
      this.push(plaintext);
    }
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (let at = 0; at < chunk.length; at += RELAY_RECORD_MAX_PLAINTEXT) {
      const record = graderSeal(this.sendKey, this.sentCount, chunk.subarray(at, at + RELAY_RECORD_MAX_PLAINTEXT));
      this.sentCount += 1n;
      const how = this.spoil;
      this.spoil = undefined;
      if (how === 'flip') record[4 + Math.floor((record.length - 4) / 2)]! ^= 0x20;
      if (how === 'replay' && this.lastSent) this.socket.write(this.lastSent);
      else if (how !== 'drop') this.socket.write(record);
      this.lastSent = record;
    }
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.socket.end(done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.socket.destroy();
    done(error);
  }
}
