// Lab 04's checks of a receiver whose disk fails it (PROTOCOL §3.4 offer and cancel: DISK_ERROR): a
// disk that fills up halfway through a file (the peer runs under a file-size limit, `ulimit -f`), and
// a downloads path that cannot be a folder. Either way the sender hears DISK_ERROR, nothing that looks
// like a file is left behind, and the peer lives on to take the next file.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fail } from '../../engine/check-failure.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE } from '../03-roster-and-direct/peer-harness.ts';
import { inSession, leftovers, seededBytes, sendDataFrames, sha256 } from './file-harness.ts';

/** The largest file the peer may write in `receive.disk-full`: its disk is full after 1 MiB. */
const DISK_LEFT_BYTES = 1024 * 1024;

export const diskFaultChecks: CheckDefinition[] = [
  {
    id: 'receive.disk-full',
    step: 1,
    title: 'a disk that fills up mid-file: cancel DISK_ERROR, an error event, nothing left in the downloads, and the next file still arrives',
    hint: 'listen for the write stream\'s error; when a write fails, send cancel with reason DISK_ERROR, delete the temporary file and tell the user. Never call a file complete because the right number of bytes arrived: the disk must have taken them',
    hints: ['hash what the disk took, or stop hashing at the first failed write: a SHA-256 of bytes that never reached the disk proves nothing about the file'],
    timeoutMs: 40_000,
    async run(ctx) {
      const { run, carol } = await inSession(ctx, [], {}, { fileSizeLimitBytes: DISK_LEFT_BYTES });
      ctx.note(`your peer runs under a file-size limit of ${DISK_LEFT_BYTES} bytes (ulimit -f): any write past it fails with EFBIG, as on a full disk`);
      const big = seededBytes(ctx, ctx.random.int(DISK_LEFT_BYTES + 200_000, 3 * DISK_LEFT_BYTES));
      const name = ctx.random.pick(['big.bin', 'holiday.mov', 'backup.tar']);
      carol.party.send({ type: 'offer', xfer: 'x-big', name, size: big.length, sha256: sha256(big) });
      await carol.party.expect('accept', { xfer: 'x-big' }, { why: 'the folder is fine: only the writes past the limit will fail', skip: NOISE });
      // The receiver may stop reading once a write failed: do not wait for the last frames to drain.
      void sendDataFrames(carol.party, 'x-big', big).catch(() => {});
      const why = 'a write that fails is a DISK_ERROR for the sender (PROTOCOL §3.4 cancel), never a crash and never a file that looks complete';
      const answer = await carol.party.expectOneOf(['cancel', 'file_ok', 'file_bad', 'decline'], { xfer: 'x-big' }, { why, skip: NOISE, timeoutMs: 20_000 });
      if (answer.type !== 'cancel' || answer.reason !== 'DISK_ERROR') fail({ expected: 'cancel with reason DISK_ERROR', got: JSON.stringify(answer), why });
      await run.peer.expectEvent('error', { code: 'DISK_ERROR' }, { why: 'the user is told why the file did not arrive', timeoutMs: 5_000, skipOthers: true });
      const left = await leftovers(run.downloads, 0);
      if (left.length > 0) fail({ expected: 'an empty downloads folder (no file, no temporary file)', got: left.join(', '), why: 'a cut-off file must not look like a download, nor fill the disk further' });

      // Not crashed, and not stuck: a file that fits still arrives whole in the same session.
      const small = seededBytes(ctx, ctx.random.int(1, 200_000));
      carol.party.send({ type: 'offer', xfer: 'x-small', name: 'small.bin', size: small.length, sha256: sha256(small) });
      const still = 'the disk had room again for a smaller file: the peer, the session and the frames after the failed file must all be fine';
      await carol.party.expect('accept', { xfer: 'x-small' }, { why: still, skip: NOISE });
      await sendDataFrames(carol.party, 'x-small', small);
      await carol.party.expect('file_ok', { xfer: 'x-small', sha256: sha256(small) }, { why: still, skip: NOISE, timeoutMs: 10_000 });
      const saved = await readFile(join(run.downloads, 'small.bin')).catch(() => Buffer.alloc(0));
      if (!saved.equals(small)) fail({ expected: `small.bin saved, ${small.length} bytes`, got: `${saved.length} bytes`, why: still });
      run.peer.expectNoStackTrace('a full disk is an expected failure, not a crash');
    },
  },
  {
    id: 'receive.no-folder',
    step: 1,
    title: 'a downloads path that cannot be a folder: decline DISK_ERROR at once, nothing written, and the same answer next time',
    hint: 'create the downloads folder and the temporary file before you accept; when that fails, decline with reason DISK_ERROR',
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      await writeFile(run.downloads, 'in the way\n');
      ctx.note(`a regular file now stands where the downloads folder should be (${run.downloads})`);
      const before = await leftovers(dirname(run.downloads), 0);
      const bytes = seededBytes(ctx, ctx.random.int(0, 50_000));
      const why = 'a receiver that cannot create the file says so at once (PROTOCOL §3.4 decline: DISK_ERROR), before any byte is sent';
      for (const xfer of ['x-nowhere', 'x-again']) {
        carol.party.send({ type: 'offer', xfer, name: 'notes.txt', size: bytes.length, sha256: sha256(bytes) });
        const answer = await carol.party.expectOneOf(['decline', 'accept', 'cancel'], { xfer }, { why, skip: NOISE, timeoutMs: 10_000 });
        if (answer.type !== 'decline' || answer.reason !== 'DISK_ERROR') fail({ expected: 'decline with reason DISK_ERROR', got: JSON.stringify(answer), why });
      }
      const content = await readFile(run.downloads, 'utf8');
      if (content !== 'in the way\n' || !(await stat(run.downloads)).isFile()) fail({ expected: 'the file in the way untouched', got: JSON.stringify(content), why: 'nothing is written' });
      const after = await leftovers(dirname(run.downloads), 0);
      if (after.join() !== before.join()) fail({ expected: before.join(', '), got: after.join(', '), why: 'nothing is written next to it either' });
      run.peer.expectNoStackTrace('an unusable folder is an expected failure, not a crash');
    },
  },
];
