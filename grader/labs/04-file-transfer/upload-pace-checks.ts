// Lab 04's check of the holder's stall bound from the other side (PROTOCOL §4.4): a downloader that
// pauses, each time for less than --stall-timeout but for longer than that in all, and then takes its
// time over the verdict, is slow, not stalled. Its upload must finish and the connection stay usable.
import { fail } from '../../engine/check-failure.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { JsonParty } from '../../engine/json-party.ts';
import { receiveDataFrames, seededBytes, sha256, startFilePeer } from './file-harness.ts';

export const uploadPaceChecks: CheckDefinition[] = [
  {
    id: 'upload.slow-reader',
    step: 6,
    title: 'a downloader that pauses often, each pause shorter than --stall-timeout, still gets the whole file',
    hint: 'the stall timer measures one wait without progress: start it afresh at every wait for the socket to drain (and for the verdict), never once for the whole upload',
    hints: ['when the socket\'s buffer is full, wait for its drain event; a wait that never ends (or a fixed short one) loses the downloader'],
    timeoutMs: 40_000,
    async run(ctx) {
      // Long enough that a loaded machine reads what sits in the kernel's buffers well within it.
      const stallMs = ctx.random.pick([2_500, 3_000]);
      // Far more than the holder's socket buffers hold, so the holder has to wait at every pause.
      const size = ctx.random.int(20_000_000, 26_000_000);
      const bytes = seededBytes(ctx, size);
      const run = await startFilePeer(ctx, { 'slow.bin': bytes }, ['--max-uploads', '1', '--stall-timeout', String(stallMs)]);
      const party = new JsonParty(await ctx.connect(run.port, 'a slow downloader'), 'peer-to-peer');
      const pauses = ctx.random.int(3, 4);
      const pauseMs = () => Math.round(stallMs * ctx.random.pick([0.4, 0.5, 0.55]));
      const why = `--stall-timeout ${stallMs}: only a wait of that long without progress is a stall; ${pauses} shorter pauses, longer than that in all, are a slow reader (PROTOCOL §4.4)`;
      party.send({ type: 'get', xfer: 'slow-1', name: 'slow.bin' });
      await party.expect('offer', { xfer: 'slow-1', size, sha256: sha256(bytes) }, { why: 'the file is shared' });
      // Pauses at the start and then at evenly spread points of the file.
      const pauseAt = Array.from({ length: pauses }, (_, i) => Math.floor((i * size) / pauses));
      const received = await receiveDataFrames(party, 'slow-1', size, why, async (sofar) => {
        while (pauseAt.length > 0 && sofar >= pauseAt[0]!) {
          pauseAt.shift();
          party.socket.pauseReading();
          await ctx.waitOut(pauseMs(), `the downloader stops reading at byte ${sofar}`);
          party.socket.resumeReading();
        }
      });
      if (!received.equals(bytes)) fail({ expected: `the ${size} bytes of slow.bin`, got: `${received.length} bytes with SHA-256 ${sha256(received)}`, why });
      // The holder cannot see what still sits in the kernel's buffers, so its verdict clock may start
      // before this downloader has read the last bytes: the delay stays well below the stall timeout.
      await ctx.waitOut(ctx.random.int(400, 600), 'the downloader takes its time over the verdict, less than the stall timeout');
      party.send({ type: 'file_ok', xfer: 'slow-1', sha256: sha256(bytes) });
      // The slot is free again and the connection still open: another get on it is served (§4.4).
      party.send({ type: 'get', xfer: 'slow-2', name: 'slow.bin' });
      await party.expect('offer', { xfer: 'slow-2', size }, { why: 'a verdict within the stall timeout ends the upload well: the holder serves another get on the same connection, with its only upload slot free again' });
      party.send({ type: 'cancel', xfer: 'slow-2', reason: 'DECLINED' });
    },
  },
];
