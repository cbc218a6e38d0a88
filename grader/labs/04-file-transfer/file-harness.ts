// The moves of Lab 04's file checks: a peer with a shared folder and a downloads folder, the grader
// answering its share announcements, and data frames sent and received byte-exactly.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import { NOISE, reply, startPeer, type PeerRun } from '../03-roster-and-direct/peer-harness.ts';

export interface FilePeer extends PeerRun {
  shared: string;
  downloads: string;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Random bytes from the check's seed, so a failure replays with the same file. */
export function seededBytes(ctx: CheckContext, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = ctx.random.int(1, 2 ** 31 - 1);
  for (let i = 0; i < size; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** Starts the student's peer with a shared folder holding `files`, and answers its share messages. */
export async function startFilePeer(ctx: CheckContext, files: Record<string, Buffer> = {}, extraArgs: string[] = [], { answerShares: answer = true } = {}): Promise<FilePeer> {
  const base = await ctx.tempDir();
  const shared = join(base, 'shared');
  const downloads = join(base, 'downloads');
  await mkdir(shared, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(shared, name), bytes);
  const run = await startPeer(ctx, 'alice', ['--shared', shared, '--downloads', downloads, ...extraArgs]);
  if (answer) await answerShares(run.tracker, Object.keys(files).length);
  return { ...run, shared, downloads };
}

/** Answers share messages until the peer has announced `expected` files (one message or several). */
async function answerShares(tracker: JsonParty, expected: number): Promise<void> {
  let count = 0;
  for (let messages = 0; messages < 50; messages += 1) {
    const share = await tracker.expect('share', {}, { why: 'after login a peer announces its shared folder (an empty list when it shares nothing)', skip: NOISE });
    const files = Array.isArray(share.files) ? share.files.length : 0;
    count = share.append === true ? count + files : files;
    reply(tracker, share, { type: 'shared', count });
    if (count >= expected) return;
  }
}

/** Sends a file as data frames of at most `chunk` bytes; `corrupt` flips one byte on the way. */
export async function sendDataFrames(party: JsonParty, xfer: string, bytes: Buffer, { chunk = 65_536, corruptAt = -1, upTo = bytes.length } = {}): Promise<void> {
  const frames = Math.ceil(upTo / chunk);
  party.socket.record(`${party.label} sent ${frames} data frame(s) with ${upTo} bytes${corruptAt >= 0 ? `, byte ${corruptAt} flipped` : ''}`);
  for (let at = 0; at < upTo; at += chunk) {
    const piece = Buffer.from(bytes.subarray(at, Math.min(at + chunk, upTo)));
    if (corruptAt >= at && corruptAt < at + piece.length) piece[corruptAt - at] = (piece[corruptAt - at] ?? 0) ^ 0xff;
    party.socket.sendQuietly(Buffer.from(`${JSON.stringify({ type: 'data', xfer, len: piece.length })}\n`));
    if (!party.socket.sendQuietly(piece)) await party.socket.drained();
  }
}

/** Receives data frames of `xfer` until `size` bytes have come; other lines in between are skipped. */
export async function receiveDataFrames(party: JsonParty, xfer: string, size: number, why: string): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let received = 0;
  while (received < size) {
    const line = await party.socket.nextLine({ expected: `a data frame of ${xfer}`, why, timeoutMs: 10_000 });
    const header = JSON.parse(line) as { type?: string; xfer?: string; len?: number };
    if (header.type !== 'data') continue;
    if (header.xfer !== xfer || typeof header.len !== 'number') fail({ expected: `data frames of xfer ${xfer}`, got: line, why });
    const bytes = await party.socket.readBytes(header.len, { why, timeoutMs: 10_000 });
    pieces.push(Buffer.from(bytes));
    received += bytes.length;
  }
  party.socket.record(`${party.label} received ${received} bytes in data frames`);
  if (received !== size) fail({ expected: `${size} bytes`, got: `${received} bytes`, why: 'a sender must send exactly the announced size' });
  return Buffer.concat(pieces);
}
