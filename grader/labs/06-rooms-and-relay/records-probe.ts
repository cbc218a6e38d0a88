// Run by Lab 06's records.* checks as a process of its own (a module that throws or loops cannot stall
// the grader): loads the student's sealed-records.ts and holds each function against the grader's own
// (grader-seal.ts), on inputs drawn from the seed. Prints JSON events: ready, then one `result` per
// case ({case, ok, expected?, got?}), then done.
//   node --import tsx records-probe.ts SEALED_RECORDS_TS SEED keys|seal-open|tamper
import { pathToFileURL } from 'node:url';
import type { KeyObject } from 'node:crypto';
import { RELAY_RECORD_MAX_PLAINTEXT } from '#kit/protocol/limits.ts';
import { createRandom } from '../../engine/seeded-random.ts';
import { graderDirectionKeys, graderKeyPair, graderOpen, graderSeal, TAG } from './grader-seal.ts';

interface StudentRecords {
  newKeyPair(): { privateKey: KeyObject; publicRaw: Buffer };
  directionKeys(privateKey: KeyObject, theirPublicRaw: Buffer, ticket: string, session: string): { fromCaller: Buffer; fromCallee: Buffer };
  seal(key: Buffer, counter: bigint, plaintext: Buffer): Buffer;
  open(key: Buffer, counter: bigint, body: Buffer): Buffer | undefined;
  RecordReader: new () => { push(chunk: Buffer): Buffer[] | 'too-long' };
}

const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const hex = (bytes: Buffer | undefined | null) => (bytes ? (bytes.length > 24 ? `${bytes.subarray(0, 24).toString('hex')}… (${bytes.length} bytes)` : `${bytes.toString('hex')} (${bytes.length} bytes)`) : String(bytes));

const [path, seedText, mode] = process.argv.slice(2);
const random = createRandom(Number(seedText));
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => random.int(0, 255)));
const ticket = bytes(16).toString('base64url');
const session = `s-${bytes(6).toString('base64url')}`;

function check(name: string, ok: boolean, expected: string, got: () => string): void {
  emit(ok ? { event: 'result', case: name, ok } : { event: 'result', case: name, ok, expected, got: got() });
}

/** Runs one case; a throw is that case failing, not the probe. */
function attempt(name: string, expected: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    check(name, false, expected, () => `it threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}

try {
  const student = (await import(pathToFileURL(path ?? '').href)) as StudentRecords;
  emit({ event: 'ready' });
  const grader = graderKeyPair(bytes(32));
  const key = bytes(32);
  const plaintexts = [Buffer.alloc(0), bytes(1), bytes(random.int(2, 2_000)), bytes(RELAY_RECORD_MAX_PLAINTEXT)];
  const counters = [0n, 1n, BigInt(random.int(2, 1_000)), 2n ** 32n + BigInt(random.int(0, 9)), 2n ** 63n + 1n];
  if (mode === 'keys') {
    attempt('newKeyPair', 'a private X25519 key and its public key as 32 raw bytes', () => {
      const pair = student.newKeyPair();
      check('newKeyPair', Buffer.isBuffer(pair.publicRaw) && pair.publicRaw.length === 32 && pair.privateKey?.asymmetricKeyType === 'x25519', 'a private X25519 key and its public key as 32 raw bytes', () => `publicRaw ${hex(pair.publicRaw)}, a private key of type ${String(pair.privateKey?.asymmetricKeyType)}`);
      const mine = student.directionKeys(pair.privateKey, grader.publicRaw, ticket, session);
      const theirs = graderDirectionKeys(grader.privateKey, pair.publicRaw, ticket, session);
      check('same keys on both sides', Buffer.isBuffer(mine.fromCaller) && mine.fromCaller.equals(theirs.fromCaller) && Buffer.isBuffer(mine.fromCallee) && mine.fromCallee.equals(theirs.fromCallee), `the keys the other side derives from its own private key and your public key: fromCaller ${hex(theirs.fromCaller)}, fromCallee ${hex(theirs.fromCallee)}`, () => `fromCaller ${hex(mine.fromCaller)}, fromCallee ${hex(mine.fromCallee)}`);
      const otherTicket = student.directionKeys(pair.privateKey, grader.publicRaw, bytes(16).toString('base64url'), session);
      check('the ticket is the salt', !otherTicket.fromCaller.equals(mine.fromCaller), 'other keys with another ticket (the salt the relay does not know)', () => 'the same keys');
      const otherSession = student.directionKeys(pair.privateKey, grader.publicRaw, ticket, `${session}x`);
      check('the session is in the info', !otherSession.fromCaller.equals(mine.fromCaller), 'other keys for another session', () => 'the same keys');
    });
  } else if (mode === 'seal-open') {
    // Every counter once (past 2^32 and past 2^63 included), each with one of the plaintexts.
    for (const [i, counter] of counters.entries()) {
      const plaintext = plaintexts[i % plaintexts.length]!;
      const name = `${plaintext.length} bytes as record ${counter}`;
      attempt(`seal ${name}`, 'a record the other side opens', () => {
        const sealed = student.seal(key, counter, plaintext);
        const length = sealed.length >= 4 ? sealed.readUInt32BE(0) : -1;
        const opened = length === sealed.length - 4 ? graderOpen(key, counter, sealed.subarray(4)) : null;
        check(`seal ${name}`, opened !== null && opened.equals(plaintext), `[u32 length = ${plaintext.length + TAG}][ChaCha20-Poly1305 ciphertext and tag, nonce 4 zero bytes then ${counter} as u64], opening to the plaintext`, () => (length !== sealed.length - 4 ? `a length prefix of ${length} for a record of ${sealed.length} bytes` : `a record the other side cannot open: ${hex(sealed)}`));
      });
      attempt(`open ${name}`, 'the plaintext', () => {
        const body = graderSeal(key, counter, plaintext).subarray(4);
        const opened = student.open(key, counter, body);
        check(`open ${name}`, Buffer.isBuffer(opened) && opened.equals(plaintext), `the plaintext ${hex(plaintext)}`, () => hex(opened));
      });
    }
  } else if (mode === 'tamper') {
    const plaintext = bytes(random.int(1, 3_000));
    const counter = random.pick(counters);
    const body = graderSeal(key, counter, plaintext).subarray(4);
    const flipped = Buffer.from(body);
    flipped[random.int(0, flipped.length - 1)]! ^= 1 << random.int(0, 7);
    const spoiled: Array<[string, () => Buffer | undefined]> = [
      ['a bit flipped', () => student.open(key, counter, flipped)],
      ['opened as the next record (a replay)', () => student.open(key, counter + 1n, body)],
      ['opened as the record before (a reorder)', () => student.open(key, counter === 0n ? 1n : counter - 1n, body)],
      ['opened with the other direction\'s key', () => student.open(bytes(32), counter, body)],
      ['cut short, its tag gone', () => student.open(key, counter, body.subarray(0, random.int(0, TAG - 1)))],
      ['longer than any sealed record', () => student.open(key, counter, Buffer.concat([body, bytes(RELAY_RECORD_MAX_PLAINTEXT + TAG)]))],
    ];
    for (const [what, run] of spoiled) {
      attempt(`a record ${what}`, 'undefined', () => {
        const opened = run();
        check(`a record ${what}`, opened === undefined, 'undefined: it does not open', () => `it opened: ${hex(opened)}`);
      });
    }
    attempt('RecordReader', 'the bodies, whatever the chunking', () => {
      const bodies = Array.from({ length: 5 }, () => bytes(random.pick([0, 1, 16, random.int(17, 5_000)])));
      const stream = Buffer.concat(bodies.map((b) => {
        const head = Buffer.alloc(4);
        head.writeUInt32BE(b.length);
        return Buffer.concat([head, b]);
      }));
      const reader = new student.RecordReader();
      const got: Buffer[] = [];
      for (let at = 0; at < stream.length; ) {
        const size = random.int(1, 7);
        const out = reader.push(stream.subarray(at, at + size));
        if (out === 'too-long') throw new Error('it said too-long for records within the limit');
        got.push(...out);
        at += size;
      }
      const same = got.length === bodies.length && got.every((b, i) => b.equals(bodies[i]!));
      check('RecordReader', same, `${bodies.length} bodies of ${bodies.map((b) => b.length).join(', ')} bytes, from the stream cut in pieces of 1 to 7 bytes`, () => `${got.length} bodies of ${got.map((b) => b.length).join(', ')} bytes`);
      const huge = Buffer.alloc(4);
      huge.writeUInt32BE(RELAY_RECORD_MAX_PLAINTEXT + TAG + 1);
      const verdict = new student.RecordReader().push(huge);
      check('RecordReader: an over-long length', verdict === 'too-long', `'too-long' for a length of ${RELAY_RECORD_MAX_PLAINTEXT + TAG + 1}, before its bytes come`, () => JSON.stringify(verdict));
    });
  }
  emit({ event: 'done' });
} catch (error) {
  emit({ event: 'problem', what: `your sealed-records.ts could not be loaded: ${error instanceof Error ? error.message : String(error)}` });
}
