// Lab 04's checks of one session connection carrying files (README step 1, PROTOCOL §2.3, §3.4, §5.6):
// frames of every legal length cut into TCP writes anywhere, several transfers interleaved with chat,
// a cancel that crosses frames still in flight, frames of transfers nobody offered, and an xfer that
// is already in use.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_DATA_CHUNK } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply, type Other } from '../03-roster-and-direct/peer-harness.ts';
import { inSession, receiveDataFrames, seededBytes, sendDataFrames, sha256, type FilePeer } from './file-harness.ts';
import { auditDownloads, listTree } from './folder-audit.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { ALL_CORNERS_BYTES, drawFrameLengths } from './frame-plans.ts';
import { writeInPieces, type StreamItem } from './frame-stream.ts';

const FRAME_WHY = 'a data header announces exactly how many raw bytes follow; whatever TCP hands over in one read, the receiver counts bytes, then reads lines again (PROTOCOL §2.3)';

interface Transfer {
  xfer: string;
  name: string;
  bytes: Buffer;
}

function transfer(ctx: CheckContext, xfer: string, name: string, size: number): Transfer {
  return { xfer, name, bytes: seededBytes(ctx, size) };
}

/** The transfer's bytes as frames of these lengths. */
function framesOf(t: Transfer, lengths: number[]): StreamItem[] {
  let at = 0;
  return lengths.map((length) => ({ kind: 'frame', xfer: t.xfer, bytes: t.bytes.subarray(at, (at += length)) }));
}

async function offerAccepted(carol: Other, t: Transfer, why: string): Promise<void> {
  carol.party.send({ type: 'offer', xfer: t.xfer, name: t.name, size: t.bytes.length, sha256: sha256(t.bytes) });
  await carol.party.expect('accept', { xfer: t.xfer }, { why, skip: NOISE });
}

/** Chat lines for the stream, each to be shown by the peer. */
function chatLine(ctx: CheckContext, n: number): StreamItem {
  return { kind: 'line', message: { type: 'chat', text: ctx.random.pick([`between frames ${n}`, `ü ${n} 🙂`, `{"type":"data","xfer":"x","len":${n}}`, `line ${n}\nwith a newline`]) } };
}

/** Expects the file_oks of `transfers` (in any order), then nothing but a pong to a ping: no error, no cancel. */
async function expectOnlyVerdicts(party: JsonParty, transfers: Transfer[], why: string): Promise<void> {
  const waiting = new Map(transfers.map((t) => [t.xfer, t]));
  while (waiting.size > 0) {
    const message = await party.expectOneOf(['file_ok'], {}, { why, skip: NOISE, timeoutMs: 10_000 });
    const t = waiting.get(String(message.xfer));
    if (!t || message.sha256 !== sha256(t.bytes)) fail({ expected: `file_ok for one of ${[...waiting.keys()].join(', ')} with its SHA-256`, got: JSON.stringify(message), why });
    waiting.delete(t.xfer);
  }
  party.send({ type: 'ping' });
  await party.expect('pong', {}, { why: `${why}; frames of a transfer that is not (or no longer) being received are read and dropped without a word` });
}

async function expectShown(run: FilePeer, carol: Other, items: StreamItem[], why: string): Promise<void> {
  for (const item of items) {
    if (item.kind === 'line' && item.message.type === 'chat') await run.peer.expectEvent('message', { session: carol.session, from: 'carol', text: item.message.text }, { why });
  }
}

export const streamChecks: CheckDefinition[] = [
  {
    id: 'receive.framing',
    step: 1,
    title: 'frames of every length from 1 to 262144, cut into TCP writes anywhere, with chat between: a 0-byte to 1 MiB file arrives intact',
    hint: 'keep a count of the raw bytes still due after a data header and take exactly that many, from as many reads as it takes; a read may end inside a header or inside the bytes, or hold several frames. A len of 262144 is legal, and a header is JSON like any line: its keys may come in any order',
    timeoutMs: 25_000,
    async run(ctx) {
      const { run, carol } = await inSession(ctx, [], {}, { nest: 0 });
      const small = ctx.random.pick([0, 1, 2, 65_535, 65_536, 65_537, MAX_DATA_CHUNK]);
      const large = ctx.random.pick([3 * MAX_DATA_CHUNK, 4 * MAX_DATA_CHUNK, 13 * 65_536, ALL_CORNERS_BYTES + ctx.random.int(0, 300_000)]);
      const files = shuffled(ctx.random, [transfer(ctx, 'x-small', `small-${small}.bin`, small), transfer(ctx, 'x-large', `large-${large}.bin`, large)]);
      const before = await listTree(run.base);
      for (const t of files) {
        await offerAccepted(carol, t, FRAME_WHY);
        const items = framesOf(t, drawFrameLengths(ctx.random, t.bytes.length));
        for (let n = ctx.random.int(1, 2); n > 0; n -= 1) items.splice(ctx.random.int(0, items.length), 0, chatLine(ctx, n));
        await writeInPieces(ctx.random, carol.party, items, `${t.name}, with chat between the frames`);
        await expectOnlyVerdicts(carol.party, [t], FRAME_WHY);
        await expectShown(run, carol, items, 'a chat line may come between any two frames (PROTOCOL §2.3)');
      }
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: files.map((t) => t.bytes), why: FRAME_WHY });
    },
  },
  {
    id: 'receive.interleaved',
    step: 1,
    title: 'several transfers interleaved on one connection, one cancelled with frames still in flight, frames of a transfer nobody offered',
    hint: 'keep each incoming file by its xfer; a frame goes to the file of its own xfer, and a frame whose xfer you are not receiving (never offered, cancelled, finished) is read in full and dropped without a reply. A cancel deletes that transfer\'s temporary file and prints error',
    timeoutMs: 25_000,
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      const count = ctx.random.int(3, 4);
      const doomed = ctx.random.int(0, count - 1);
      // The cancelled one needs two bytes at least: one frame before the cancel, one behind it.
      const transfers = Array.from({ length: count }, (_, i) => transfer(ctx, `x-i${i}`, `part-${i}.bin`, i === doomed ? ctx.random.int(2, 400_000) : ctx.random.pick([1, 1_200, 65_536, ctx.random.int(2, 400_000)])));
      const cancelled = transfers[doomed]!;
      const reason = ctx.random.pick(['DECLINED', 'TIMEOUT', 'DISK_ERROR']);
      const before = await listTree(run.base);
      for (const t of shuffled(ctx.random, transfers)) await offerAccepted(carol, t, 'each offer is answered on its own');
      const queues = transfers.map((t) => {
        const lengths = drawFrameLengths(ctx.random, t.bytes.length);
        if (t !== cancelled) return framesOf(t, lengths);
        // carol cancels after a frame or more, with a frame or two already on their way behind the cancel
        const frames = framesOf(t, lengths.length > 1 ? lengths : [1, t.bytes.length - 1]);
        const cut = ctx.random.int(1, frames.length - 1);
        const cancel: StreamItem = { kind: 'line', message: { type: 'cancel', xfer: t.xfer, reason, message: 'carol changed her mind' } };
        return [...frames.slice(0, cut), cancel, ...frames.slice(cut, cut + ctx.random.int(1, 2))];
      });
      queues.push([{ kind: 'frame', xfer: 'x-ghost', bytes: seededBytes(ctx, ctx.random.int(1, 5_000)) }, { kind: 'frame', xfer: 'x-ghost', bytes: Buffer.from('\n{"type":"chat","text":"not a line"}\n') }]);
      const items: StreamItem[] = [];
      while (queues.some((q) => q.length > 0)) {
        const open = queues.filter((q) => q.length > 0);
        items.push(ctx.random.pick(open).shift()!);
        if (ctx.random.chance(0.15)) items.push(chatLine(ctx, items.length));
      }
      ctx.note(`${count} transfers interleave; carol cancels ${cancelled.xfer} (${reason}) with frames still behind the cancel; x-ghost was never offered`);
      await writeInPieces(ctx.random, carol.party, items, 'the interleaved transfers');
      const why = 'frames are self-delimiting and name their transfer: each goes to its own file, and those of a transfer that is not being received are dropped (PROTOCOL §2.3)';
      await expectOnlyVerdicts(carol.party, transfers.filter((t) => t !== cancelled), why);
      await expectShown(run, carol, items, 'chat between frames is shown');
      await run.peer.expectEvent('error', { code: reason }, { why: 'a cancelled transfer is reported to the user (README step 1: a cancel from the sender deletes the temporary file and prints error)' });
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: transfers.filter((t) => t !== cancelled).map((t) => t.bytes), why: `${why}; a cancelled transfer leaves nothing, not even its temporary file` });
    },
  },
  {
    id: 'receive.xfer-in-use',
    step: 1,
    title: 'an offer whose xfer is already in use, either way, gets WRONG_STATE and the transfer using it goes on untouched',
    hint: 'reserve an xfer from its offer to its end, for the offers you send as well as those you receive, before anything is awaited; an offer with a reserved xfer gets error WRONG_STATE (re offer) and creates nothing',
    timeoutMs: 20_000,
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      const before = await listTree(run.base);
      const why = 'an xfer names one transfer on a connection; a second offer with it must not take over the first (PROTOCOL §3.4, offer)';
      const received = transfer(ctx, 'x-busy', 'first.bin', ctx.random.int(2, 300_000));
      const sent = seededBytes(ctx, ctx.random.int(1, 200_000));
      const path = join(await ctx.tempDir(), 'slides.pdf');
      await writeFile(path, sent);
      const cases = shuffled(ctx.random, ['receiving', 'sending'] as const);
      for (const which of cases) {
        if (which === 'receiving') {
          await offerAccepted(carol, received, why);
          const cut = ctx.random.int(1, received.bytes.length - 1);
          await sendDataFrames(carol.party, received.xfer, received.bytes, { upTo: cut });
          const other = seededBytes(ctx, 10);
          carol.party.send({ type: 'offer', xfer: received.xfer, name: 'second.bin', size: other.length, sha256: sha256(other) });
          await carol.party.expect('error', { code: 'WRONG_STATE', re: 'offer' }, { why: `${why}: carol is still sending ${received.xfer}`, skip: NOISE });
          await sendDataFrames(carol.party, received.xfer, received.bytes.subarray(cut));
          await carol.party.expect('file_ok', { xfer: received.xfer, sha256: sha256(received.bytes) }, { why: `${why}: the first transfer ends as if nothing happened`, skip: NOISE });
        } else {
          run.peer.type(`/send carol ${path}`);
          const offer = await carol.party.expect('offer', { name: 'slides.pdf', size: sent.length, sha256: sha256(sent) }, { why: '/send offers the file', skip: NOISE });
          const clash = seededBytes(ctx, 10);
          carol.party.send({ type: 'offer', xfer: offer.xfer, name: 'clash.bin', size: clash.length, sha256: sha256(clash) });
          await carol.party.expect('error', { code: 'WRONG_STATE', re: 'offer' }, { why: `${why}: your own offer ${String(offer.xfer)} is waiting for carol's answer`, skip: NOISE });
          reply(carol.party, offer, { type: 'accept', xfer: offer.xfer });
          const bytes = await receiveDataFrames(carol.party, String(offer.xfer), sent.length, 'after accept the file comes in data frames');
          if (!bytes.equals(sent)) fail({ expected: 'the bytes of slides.pdf', got: `other bytes (SHA-256 ${sha256(bytes)})`, why });
          carol.party.send({ type: 'file_ok', xfer: offer.xfer, sha256: sha256(sent) });
          await run.peer.expectEvent('file_sent', { name: 'slides.pdf' }, { why: `${why}: your transfer went on untouched` });
        }
      }
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: [received.bytes], why: `${why}: nothing is created for a refused offer` });
    },
  },
];
