// Lab 04's check of the sender's side of a /send (PROTOCOL §5.6): what the receiver's verdict says is
// what the sender reports (file_ok: file_sent; file_bad: an error with its code, never file_sent), and
// a receiver that stops reading for a while still gets the whole file once it reads again.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE } from '../03-roster-and-direct/peer-harness.ts';
import { inSession, receiveDataFrames, seededBytes, sha256 } from './file-harness.ts';

export const sendVerdictChecks: CheckDefinition[] = [
  {
    id: 'send.verdicts',
    step: 1,
    title: '/send reports the receiver\'s verdict (file_ok: file_sent; file_bad: error with its code), and waits out a receiver that pauses',
    hint: 'after the last data frame, wait for the verdict: only file_ok is file_sent; file_bad is an error event with its code. When the socket\'s buffer is full, wait for it to drain, however long the reader pauses (up to the stall timeout)',
    timeoutMs: 40_000,
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      for (const [i, verdict] of shuffled(ctx.random, ['file_ok', 'file_bad'] as const).entries()) {
        // The file_ok one is large and read after a pause: far more than the sender's buffers hold.
        const large = verdict === 'file_ok';
        const bytes = seededBytes(ctx, large ? ctx.random.int(20_000_000, 24_000_000) : ctx.random.int(1, 300_000));
        const name = `part-${i}.bin`;
        const path = join(run.shared, name);
        await writeFile(path, bytes);
        run.peer.type(`/send carol ${path}`);
        const why = `PROTOCOL §5.6: the receiver's verdict decides what the sender reports (${verdict} here)`;
        const offer = await carol.party.expect('offer', { name, size: bytes.length, sha256: sha256(bytes) }, { why, skip: NOISE });
        carol.party.send({ type: 'accept', xfer: offer.xfer });
        if (large) {
          const pauseMs = ctx.random.int(800, 1_500);
          carol.party.socket.pauseReading();
          await ctx.waitOut(pauseMs, 'carol stops reading for a while: the sender\'s buffers fill up');
          carol.party.socket.resumeReading();
        }
        const received = await receiveDataFrames(carol.party, String(offer.xfer), bytes.length, large ? 'a receiver that paused still gets every byte once it reads again' : why);
        if (!received.equals(bytes)) fail({ expected: 'the file\'s bytes', got: `${received.length} bytes with SHA-256 ${sha256(received)}`, why });
        if (verdict === 'file_ok') {
          carol.party.send({ type: 'file_ok', xfer: offer.xfer, sha256: sha256(bytes) });
          await run.peer.expectEvent('file_sent', { name, size: bytes.length }, { why });
        } else {
          carol.party.send({ type: 'file_bad', xfer: offer.xfer, code: 'HASH_MISMATCH', message: 'the bytes did not verify' });
          await run.peer.expectEvent('error', { code: 'HASH_MISMATCH' }, { why: `${why}: file_bad is an error with its code` });
          run.peer.expectNoEvent('file_sent', `${why}: a file the receiver could not verify was not sent`);
        }
      }
    },
  },
];
