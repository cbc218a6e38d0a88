// The moves of Lab 04's file checks: a peer with a shared folder and a downloads folder, the grader
// answering its share announcements, and data frames sent and received byte-exactly.
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import { NOISE, otherDials, reply, startPeer, type Other, type PeerRun } from '../03-roster-and-direct/peer-harness.ts';

export interface FilePeer extends PeerRun {
  /** The grader's temporary folder that holds both folders below. */
  base: string;
  shared: string;
  downloads: string;
}

export interface FilePeerOptions {
  /** Answer the share messages after login (default true). */
  answerShares?: boolean;
  /** Folders between the grader's folder and the downloads folder, so a name that climbs lands inside the grader's folder. */
  nest?: number;
  /** Who the peer logs in as (default alice). */
  me?: string;
  /** Puts more into the folders before the peer starts (links, folders, odd files). */
  prepare?: (folders: { base: string; shared: string }) => Promise<void>;
  /** The largest file the peer may write (a disk that fills up); no limit by default. */
  fileSizeLimitBytes?: number;
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
export async function startFilePeer(ctx: CheckContext, files: Record<string, Buffer> = {}, extraArgs: string[] = [], { answerShares: answer = true, nest = 0, me = 'alice', prepare, fileSizeLimitBytes }: FilePeerOptions = {}): Promise<FilePeer> {
  const base = await ctx.tempDir();
  const shared = join(base, 'shared');
  const downloads = join(base, ...Array.from({ length: nest }, (_, i) => `n${i + 1}`), 'downloads');
  await mkdir(shared, { recursive: true });
  // The folders above the downloads exist from the start: only the downloads folder is the peer's to create.
  await mkdir(dirname(downloads), { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(shared, name), bytes);
  await prepare?.({ base, shared });
  const run = await startPeer(ctx, me, ['--shared', shared, '--downloads', downloads, ...extraArgs], fileSizeLimitBytes === undefined ? {} : { fileSizeLimitBytes });
  if (answer) await answerShares(run.tracker, Object.keys(files).length);
  return { ...run, base, shared, downloads };
}

/** Answers share messages until the peer has announced `expected` files (one message or several). */
export async function answerShares(tracker: JsonParty, expected: number): Promise<void> {
  let count = 0;
  for (let messages = 0; messages < 50; messages += 1) {
    const share = await tracker.expect('share', {}, { why: 'after login a peer announces its shared folder (an empty list when it shares nothing)', skip: NOISE });
    const files = Array.isArray(share.files) ? share.files.length : 0;
    count = share.append === true ? count + files : files;
    reply(tracker, share, { type: 'shared', count });
    if (count >= expected) return;
  }
}

export interface FrameOptions {
  /** Frames of at most this many bytes (default 65536)… */
  chunk?: number;
  /** …or exactly these lengths, in this order (they cover the bytes sent). */
  lengths?: number[];
  /** Flips the byte at this offset on the way. */
  corruptAt?: number;
  /** Sends only the bytes before this offset. */
  upTo?: number;
}

/** Sends a file as data frames; `corruptAt` flips one byte on the way. */
export async function sendDataFrames(party: JsonParty, xfer: string, bytes: Buffer, { chunk = 65_536, lengths, corruptAt = -1, upTo = bytes.length }: FrameOptions = {}): Promise<void> {
  const cuts = lengths ?? Array.from({ length: Math.ceil(upTo / chunk) }, (_, i) => Math.min(chunk, upTo - i * chunk));
  const shown = lengths ? ` of ${describeLengths(lengths)} bytes` : '';
  party.socket.record(`${party.label} sent ${cuts.length} data frame(s)${shown} with ${upTo} bytes${corruptAt >= 0 ? `, byte ${corruptAt} flipped` : ''}`);
  let at = 0;
  for (const length of cuts) {
    if (at >= upTo) break;
    const piece = Buffer.from(bytes.subarray(at, Math.min(at + length, upTo)));
    if (corruptAt >= at && corruptAt < at + piece.length) piece[corruptAt - at] = (piece[corruptAt - at] ?? 0) ^ 0xff;
    party.socket.sendQuietly(Buffer.from(`${JSON.stringify({ type: 'data', xfer, len: piece.length })}\n`));
    if (!party.socket.sendQuietly(piece)) await party.socket.drained();
    at += piece.length;
  }
}

/** "1, 262144, 7, …": the lengths of a frame plan, shortened when long. */
export function describeLengths(lengths: number[]): string {
  return lengths.length <= 12 ? lengths.join(', ') : `${lengths.slice(0, 10).join(', ')}, … (${lengths.length} frames)`;
}

/**
 * Receives data frames of `xfer` until `size` bytes have come; other lines in between are skipped.
 * `between` runs after each frame with the bytes so far (a reader that pauses, say).
 */
export async function receiveDataFrames(party: JsonParty, xfer: string, size: number, why: string, between?: (received: number) => Promise<void>): Promise<Buffer> {
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
    await between?.(received);
  }
  party.socket.record(`${party.label} received ${received} bytes in data frames`);
  if (received !== size) fail({ expected: `${size} bytes`, got: `${received} bytes`, why: 'a sender must send exactly the announced size' });
  return Buffer.concat(pieces);
}

/** The student's peer in a session with the grader playing carol. */
export async function inSession(ctx: CheckContext, extraArgs: string[] = [], files: Record<string, Buffer> = {}, options: FilePeerOptions = {}): Promise<{ run: FilePeer; carol: Other }> {
  const run = await startFilePeer(ctx, files, extraArgs, options);
  const carol = await otherDials(ctx, run, 'carol', 's-files');
  return { run, carol };
}

export async function visibleFiles(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((name) => !name.startsWith('.')).sort();
}

/**
 * Every name left in `dir`, hidden ones too, once the receiver has had up to `ms` to delete its
 * temporary file: it may answer first and delete just after, which is fine; keeping it is not.
 */
export async function leftovers(dir: string, ms = 2_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const names = (await readdir(dir).catch(() => [] as string[])).sort();
    if (names.length === 0 || Date.now() >= deadline) return names;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Nothing kept of a refused transfer: no final name at once, no temporary file after 2 s either. */
export async function expectNothingKept(dir: string, why: string): Promise<void> {
  const names = await visibleFiles(dir);
  if (names.length > 0) fail({ expected: 'nothing in the downloads', got: names.join(', '), why });
  const left = await leftovers(dir);
  if (left.length > 0) fail({ expected: 'no temporary file either, within 2 s', got: left.join(', '), why: 'a temporary file that is never deleted keeps the refused bytes on the disk for good' });
}
