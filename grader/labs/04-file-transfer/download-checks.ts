// Lab 04's checks of /get over many holders (README steps 5 and 6, PROTOCOL §4.4 and §5.7): which
// holder each file starts at, one download at a time per holder, and a holder that stalls next to one
// that is merely slow.
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { seededBytes, sendDataFrames, sha256, startFilePeer, type FilePeer } from './file-harness.ts';
import { auditDownloads, listTree } from './folder-audit.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawFrameLengths } from './frame-plans.ts';
import { drawMark } from './hostile-names.ts';
import { allOf, HolderServer } from './holder-server.ts';
import { untilEachNameEnds } from './peer-outcomes.ts';

const USERNAMES = ['bob', 'carol', 'dave', 'erin', 'frank'];

interface Listed {
  username: string;
  server: HolderServer;
}

/** Types /get for `files` and answers the whohas: every file held by every holder, in this order. */
async function getFrom(run: FilePeer, files: Map<string, Buffer>, holders: Listed[]): Promise<void> {
  const names = [...files.keys()];
  run.peer.type(`/get ${names.join(', ')}`);
  const whohas = await run.tracker.expect('whohas', { names }, { why: '/get asks the tracker who holds the files, in the order typed', skip: NOISE });
  reply(run.tracker, whohas, {
    type: 'holders',
    files: names.map((name) => ({ name, holders: holders.map((h) => ({ username: h.username, host: '127.0.0.1', port: h.server.port, size: files.get(name)!.length, sha256: sha256(files.get(name)!) })) })),
  });
}

/** Serves one get of a known file: the offer, then the frames; `pace` runs between frames. */
async function serveFile(ctx: CheckContext, party: JsonParty, files: Map<string, Buffer>, name: string, xfer: unknown, get: Parameters<typeof reply>[1], pace?: () => Promise<void>): Promise<void> {
  const bytes = files.get(name)!;
  reply(party, get, { type: 'offer', xfer, name, size: bytes.length, sha256: sha256(bytes) });
  const lengths = drawFrameLengths(ctx.random, bytes.length);
  let at = 0;
  for (const [i, length] of lengths.entries()) {
    // Between frames only: the verdict must be read as soon as it can come, or a holder looks busy longer than it is.
    if (i > 0) await pace?.();
    await sendDataFrames(party, String(xfer), bytes.subarray(at, at + length));
    at += length;
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const downloadChecks: CheckDefinition[] = [
  {
    id: 'get.rotation',
    step: 5,
    title: 'file i of a /get starts at holder i mod n of the tracker\'s list, and never two downloads at once from one holder',
    hint: 'rotate each file\'s holder list so that file i starts at index i mod n, and chain the downloads from one holder (a promise per holder), so a holder serves this peer one file at a time',
    hints: ['with more files than holders, two files share a first holder: the second waits for the first to end instead of opening another connection to it'],
    timeoutMs: 25_000,
    async run(ctx) {
      const run = await startFilePeer(ctx);
      const mark = drawMark(ctx.random);
      const holderCount = ctx.random.int(2, 4);
      const fileCount = ctx.random.int(holderCount + 1, holderCount + 3);
      const files = new Map(Array.from({ length: fileCount }, (_, i) => [`f${i}-${mark}.bin`, seededBytes(ctx, ctx.random.pick([0, 1, 1_000, 65_536, ctx.random.int(2, 200_000)]))]));
      const names = [...files.keys()];
      const busy = new Map<string, string>(); // holder → the file it is serving to this peer
      const servedBy = new Map<string, string>();
      const why = 'the load of a /get is spread over the holders (file i starts at holder i mod n), and a holder serves one file at a time to one peer (PROTOCOL §5.7)';
      const holders: Listed[] = [];
      for (const username of shuffled(ctx.random, USERNAMES).slice(0, holderCount)) {
        const server = await HolderServer.start(ctx, (i) => (i < 0 ? username : `${username}, connection ${i + 1}`), async (party) => {
          const get = await party.expect('get', {}, { why: 'a download connection starts with get', skip: NOISE });
          const name = String(get.name);
          if (!files.has(name)) fail({ expected: `a get for one of ${names.join(', ')}`, got: JSON.stringify(get), why });
          if (busy.has(username)) fail({ expected: `no second download from ${username} while ${busy.get(username)} is still coming from it`, got: `a get for ${name}`, why });
          busy.set(username, name);
          servedBy.set(name, username);
          await serveFile(ctx, party, files, name, get.xfer, get, () => pause(40));
          await party.expect('file_ok', { xfer: get.xfer }, { why: 'the file verifies', skip: NOISE, timeoutMs: 10_000 });
          busy.delete(username);
        });
        holders.push({ username, server });
      }
      ctx.note(`${fileCount} files, each held by the same ${holderCount} holders, listed as ${holders.map((h) => h.username).join(', ')}; each holder takes 40 ms between frames`);
      const before = await listTree(run.base);
      await getFrom(run, files, holders);
      await untilEachNameEnds(ctx, run.peer, names, allOf(holders.map((h) => h.server)), 20_000, holderCount);
      for (const holder of holders) await holder.server.settle();
      for (const [i, name] of names.entries()) {
        const first = holders[i % holderCount]!.username;
        if (servedBy.get(name) !== first) fail({ expected: `${name} (file ${i + 1} of the /get) to start at ${first}, holder ${(i % holderCount) + 1} of ${holderCount}`, got: `it came from ${servedBy.get(name) ?? 'nobody'}`, why });
      }
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: [...files.values()], why });
    },
  },
  {
    id: 'failover.stalls',
    step: 6,
    title: 'a holder that stops sending is cancelled with TIMEOUT after --stall-timeout; a slow one that keeps sending is not',
    hint: 'restart a stall timer at every byte that arrives; when it fires, send cancel TIMEOUT, delete the temporary file and try the next holder',
    hints: ['a stall is a gap without bytes, not a long download: a timer set once at the start cancels every large file on a slow network'],
    timeoutMs: 25_000,
    async run(ctx) {
      const stallMs = ctx.random.pick([600, 800, 1_000]);
      const run = await startFilePeer(ctx, {}, ['--stall-timeout', String(stallMs)]);
      const mark = drawMark(ctx.random);
      const name = `movie-${mark}.bin`;
      const bytes = seededBytes(ctx, ctx.random.int(4, 300_000));
      const files = new Map([[name, bytes]]);
      const stopAt = ctx.random.pick([0, 1, ctx.random.int(2, bytes.length - 2), bytes.length - 1]);
      const why = `--stall-timeout ${stallMs}: a download that gets no byte for that long is cancelled with TIMEOUT and goes to the next holder (PROTOCOL §4.4)`;
      const [staller, slow] = shuffled(ctx.random, USERNAMES).slice(0, 2) as [string, string];
      const stalling = await HolderServer.start(ctx, (i) => `${staller} (stops after ${stopAt} bytes)${i >= 0 ? `, connection ${i + 1}` : ''}`, async (party) => {
        const get = await party.expect('get', { name }, { why: 'a download connection starts with get', skip: NOISE });
        reply(party, get, { type: 'offer', xfer: get.xfer, name, size: bytes.length, sha256: sha256(bytes) });
        await sendDataFrames(party, String(get.xfer), bytes, { upTo: stopAt, lengths: drawFrameLengths(ctx.random, stopAt) });
        party.socket.record(`${staller} sends nothing more and keeps the connection open`);
        await party.expect('cancel', { xfer: get.xfer, reason: 'TIMEOUT' }, { why, skip: NOISE, timeoutMs: stallMs + 4_000 });
      });
      // Slow but steady: a part every quarter of the stall timeout, for about twice the timeout in all.
      const slowing = await HolderServer.start(ctx, (i) => `${slow} (slow but steady)${i >= 0 ? `, connection ${i + 1}` : ''}`, async (party) => {
        const get = await party.expect('get', { name }, { why: 'after the stalled holder, the next one is tried', skip: NOISE });
        reply(party, get, { type: 'offer', xfer: get.xfer, name, size: bytes.length, sha256: sha256(bytes) });
        const pieces = 8;
        party.socket.record(`${slow} sends the file in ${pieces} parts, ${Math.round(stallMs / 4)} ms apart`);
        for (let i = 0; i < pieces; i += 1) {
          await pause(Math.round(stallMs / 4));
          await sendDataFrames(party, String(get.xfer), bytes.subarray(Math.floor((i * bytes.length) / pieces), Math.floor(((i + 1) * bytes.length) / pieces)));
        }
        await party.expect('file_ok', { xfer: get.xfer, sha256: sha256(bytes) }, { why: `${slow} was slow, but never silent for --stall-timeout ${stallMs}: that is no stall`, skip: NOISE, timeoutMs: 5_000 });
      });
      const holders = [{ username: staller, server: stalling }, { username: slow, server: slowing }];
      const before = await listTree(run.base);
      await getFrom(run, files, holders);
      await untilEachNameEnds(ctx, run.peer, [name], allOf([stalling, slowing]), stallMs * 4 + 8_000, 2);
      await stalling.settle();
      await slowing.settle();
      await run.peer.expectEvent('download_attempt', { name, from: staller, ok: false, reason: 'TIMEOUT' }, { why });
      await run.peer.expectEvent('download_attempt', { name, from: slow, ok: true }, { why: 'a slow holder that keeps sending delivers the file' });
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: [bytes], why: `${why}; the stalled attempt leaves nothing behind` });
    },
  },
];
