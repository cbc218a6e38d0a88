// The grader's end of a sealed session through a relay it plays (PROTOCOL §3.6, sealed records): the
// key exchange on the raw connection, then the session's JSON lines through the grader's own sealed
// channel, judged by the protocol monitor as any direct connection is.
import type { Socket } from 'node:net';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { JsonParty } from '../../engine/json-party.ts';
import { ScriptedSocket } from '../../engine/scripted-socket.ts';
import { GraderChannel, graderDirectionKeys, graderKeyPair, type GraderKeys } from './grader-seal.ts';

export interface SealedEnd {
  party: JsonParty;
  channel: GraderChannel;
  /** Every byte the peer sent on the raw connection after relay_join: its key record and its records. */
  raw(): Buffer;
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
  const channel = graderSide === 'caller' ? new GraderChannel(raw, keys.fromCaller, keys.fromCallee, unread) : new GraderChannel(raw, keys.fromCallee, keys.fromCaller, unread);
  ctx.defer(() => void channel.destroy());
  const plain = new ScriptedSocket(channel as unknown as Socket, `the other peer, through the relay (sealed)`, ctx.log, ctx.watch, ctx.protocol);
  ctx.log.add(`key exchange done: the grader is the ${graderSide}; from here on every record is sealed`);
  return { party: new JsonParty(plain, 'peer-to-peer'), channel, raw: () => Buffer.concat([head, theirs, unread, ...channel.raw]) };
}

/** Runs `steps`; when they fail because a record of the peer did not open, says that instead. */
export async function sealedSteps(end: SealedEnd, why: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    if (end.channel.unopened) fail({ expected: 'records the other side opens', got: end.channel.unopened, why });
    throw error;
  }
}

/** Nothing the peer sent through the relay shows any of `secrets` in clear. */
export function expectNothingInClear(end: SealedEnd, secrets: Record<string, string>): void {
  const raw = end.raw();
  for (const [what, text] of Object.entries(secrets)) {
    if (text.length >= 4 && raw.includes(Buffer.from(text))) fail({ expected: `none of ${what} in the bytes the relay carried`, got: `${JSON.stringify(text)} in clear`, why: 'PROTOCOL §3.6: the relay reads nothing; a relay that records traffic must learn nothing from it' });
  }
}
