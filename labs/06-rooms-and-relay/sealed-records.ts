// Lab 06 starter, step 8: sealed records (PROTOCOL §3.6, "Sealed records"). A record is
// [length: u32 big-endian][body]; the first one each side sends is its X25519 public key in clear,
// every later body ChaCha20-Poly1305 ciphertext and tag. node:crypto has all of it.
import type { KeyObject } from 'node:crypto';

export type RelaySide = 'caller' | 'callee';

/** A fresh X25519 key pair; `publicRaw` is the public key's 32 raw bytes (the JWK's x, or the end of its SPKI DER). */
export function newKeyPair(): { privateKey: KeyObject; publicRaw: Buffer } {
  throw new Error('TODO (README step 8): an X25519 key pair');
}

/** HKDF-SHA-256 of the X25519 secret, salt the ticket, info "sharing-is-caring relay v1 SESSION from SIDE", one 32-byte key per side. */
export function directionKeys(privateKey: KeyObject, theirPublicRaw: Buffer, ticket: string, session: string): Record<'fromCaller' | 'fromCallee', Buffer> {
  throw new Error(`TODO (README step 8): the keys of ${session} (${privateKey.type} key, ${theirPublicRaw.length}-byte public key, ${ticket.length}-character ticket)`);
}

/** Frames a body as a record: its length as a u32 big-endian, then the body. */
export function record(body: Buffer): Buffer {
  throw new Error(`TODO (README step 8): frame ${body.length} bytes`);
}

/** Record number `counter` of this plaintext (at most RELAY_RECORD_MAX_PLAINTEXT bytes), framed. */
export function seal(key: Buffer, counter: bigint, plaintext: Buffer): Buffer {
  throw new Error(`TODO (README step 8): seal ${plaintext.length} bytes as record ${counter} (${key.length}-byte key)`);
}

/** The plaintext of record body number `counter`, or undefined when it does not open (or its length cannot be a record's). */
export function open(key: Buffer, counter: bigint, body: Buffer): Buffer | undefined {
  throw new Error(`TODO (README step 8): open ${body.length} bytes as record ${counter} (${key.length}-byte key)`);
}

/** Cuts a byte stream into record bodies, whatever the chunking. */
export class RecordReader {
  /** The complete bodies so far; 'too-long' as soon as a length no record may have arrives. */
  push(chunk: Buffer): Buffer[] | 'too-long' {
    throw new Error(`TODO (README step 8): cut ${chunk.length} bytes into records`);
  }
}
