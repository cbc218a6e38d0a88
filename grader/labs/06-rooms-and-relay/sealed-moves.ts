// The grader's end of a sealed session through a relay it plays (PROTOCOL §3.6, sealed records): the
// key exchange on the raw connection, then the session's JSON lines through the grader's own sealed
// channel, judged by the protocol monitor as any direct connection is.
import type { Socket } from 'node:net';
import { RELAY_RECORD_MAX_PLAINTEXT } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { JsonParty } from '../../engine/json-party.ts';
import { ScriptedSocket } from '../../engine/scripted-socket.ts';
import { GraderChannel, graderDirectionKeys, graderKeyPair, TAG, type GraderKeys } from './grader-seal.ts';

export interface SealedEnd {
  party: JsonParty;
  channel: GraderChannel;
  /** Every byte the peer sent on the raw connection after relay_join: its key record and its records. */
  raw(): Buffer;
  /** The first record of the peer longer than §3.6 allows, said in words; undefined while there is none. */
  tooLong(): string | undefined;
}

/**
 * Watches the lengths of the peer's sealed records as they come (record 0 is the first after the key
 * record): at the first one whose body is over RELAY_RECORD_MAX_PLAINTEXT + 16 bytes it says so and
 * closes the connection, as a peer of §3.6 at the other end does, without waiting for its body.
 */
function recordLengthWatch(raw: Socket, pending: Buffer): () => string | undefined {
  let found: string | undefined;
  let head = Buffer.alloc(0);
  let skip = 0;
  let count = 0;
  const scan = (chunk: Buffer) => {
    let at = 0;
    while (found === undefined && at < chunk.length) {
      if (skip > 0) {
        const taken = Math.min(skip, chunk.length - at);
        skip -= taken;
        at += taken;
        continue;
      }
      const taken = Math.min(4 - head.length, chunk.length - at);
      head = Buffer.concat([head, chunk.subarray(at, at + taken)]);
      at += taken;
      if (head.length < 4) break;
      const length = head.readUInt32BE(0);
      head = Buffer.alloc(0);
      if (length > RELAY_RECORD_MAX_PLAINTEXT + TAG) {
        found = `record ${count} from the peer announces a body of ${length} bytes: ${length - TAG} bytes of plaintext and the 16-byte tag`;
        raw.destroy();
        return;
      }
      skip = length;
      count += 1;
    }
  };
  scan(pending);
  raw.on('data', scan);
  return () => found;
}

/** The grader's key record: [u32 32][its X25519 public key], from a key pair drawn from the seed. */
export function graderKeyRecord(ctx: CheckContext): { keys: GraderKeys; record: Buffer } {
  const keys = graderKeyPair(Buffer.from(Array.from({ length: 32 }, () => ctx.random.int(0, 255))));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(32);
  return { keys, record: Buffer.concat([head, keys.publicRaw]) };
}

/**
 * After relay_paired: reads the peer's key record, sends the grader's (unless it went with
 * relay_paired), derives the keys of `graderSide` and hands the connection to a sealed channel.
 */
export async function sealAsGrader(ctx: CheckContext, socket: ScriptedSocket, graderSide: 'caller' | 'callee', ticket: string, session: string, own: { keys: GraderKeys; record: Buffer; sent: boolean }, why: string): Promise<SealedEnd> {
  const head = await socket.readBytes(4, { why: `${why}: once paired, each side's first record is its X25519 public key, [u32 32][32 bytes]` });
  if (head.readUInt32BE(0) !== 32) fail({ expected: 'a first record of 32 bytes: the X25519 public key', got: `a record length of ${head.readUInt32BE(0)} (bytes ${head.toString('hex')})`, why: `${why}: the key exchange comes first, in clear` });
  const theirs = await socket.readBytes(32, { why });
  if (!own.sent) socket.sendQuietly(own.record);
  const keys = graderDirectionKeys(own.keys.privateKey, theirs, ticket, session);
  const { socket: raw, unread } = socket.handOver();
  const tooLong = recordLengthWatch(raw, unread);
  const channel = graderSide === 'caller' ? new GraderChannel(raw, keys.fromCaller, keys.fromCallee, unread) : new GraderChannel(raw, keys.fromCallee, keys.fromCaller, unread);
  ctx.defer(() => void channel.destroy());
  const plain = new ScriptedSocket(channel as unknown as Socket, `the other peer, through the relay (sealed)`, ctx.log, ctx.watch, ctx.protocol);
  ctx.log.add(`key exchange done: the grader is the ${graderSide}; from here on every record is sealed`);
  return { party: new JsonParty(plain, 'peer-to-peer'), channel, raw: () => Buffer.concat([head, theirs, unread, ...channel.raw]), tooLong };
}

/**
 * Runs `steps`; when they fail because a record of the peer was too long or did not open, says that
 * instead. A record too long fails the steps even when they went through.
 */
export async function sealedSteps(end: SealedEnd, why: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    expectRecordsWithinLimit(end);
    if (end.channel.unopened) fail({ expected: 'records the other side opens', got: end.channel.unopened, why });
    throw error;
  }
  expectRecordsWithinLimit(end);
}

function expectRecordsWithinLimit(end: SealedEnd): void {
  const over = end.tooLong();
  if (over) {
    fail({
      expected: `sealed records of at most RELAY_RECORD_MAX_PLAINTEXT (${RELAY_RECORD_MAX_PLAINTEXT}) bytes of plaintext: bodies of at most ${RELAY_RECORD_MAX_PLAINTEXT + TAG} bytes`,
      got: over,
      why: 'PROTOCOL §3.6: a peer MUST seal what it sends in records of at most RELAY_RECORD_MAX_PLAINTEXT bytes of plaintext each, however much it writes at once; the other peer closes the connection at a longer one (TAMPERED), so the grader did too',
    });
  }
}

/** Nothing the peer sent through the relay shows any of `secrets` in clear. */
export function expectNothingInClear(end: SealedEnd, secrets: Record<string, string>): void {
  const raw = end.raw();
  for (const [what, text] of Object.entries(secrets)) {
    if (text.length >= 4 && raw.includes(Buffer.from(text))) fail({ expected: `none of ${what} in the bytes the relay carried`, got: `${JSON.stringify(text)} in clear`, why: 'PROTOCOL §3.6: the relay reads nothing; a relay that records traffic must learn nothing from it' });
  }
}
