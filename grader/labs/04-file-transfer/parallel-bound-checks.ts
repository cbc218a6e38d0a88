// Lab 04's check of the bound on parallel downloads (PROTOCOL §5.7: up to MAX_PARALLEL_DOWNLOADS files
// at once): a /get of more files than that keeps at most that many downloads open, and every file
// still arrives, each next one starting when a slot frees.
import { MAX_PARALLEL_DOWNLOADS } from '#kit/protocol/limits.ts';
import { fail } from '../../engine/check-failure.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { seededBytes, sendDataFrames, sha256, startFilePeer } from './file-harness.ts';
import { auditDownloads, listTree } from './folder-audit.ts';
import { drawMark } from './hostile-names.ts';
import { allOf, HolderServer } from './holder-server.ts';
import { untilEachNameEnds } from './peer-outcomes.ts';

export const parallelBoundChecks: CheckDefinition[] = [
  {
    id: 'get.parallel-bound',
    step: 5,
    title: `a /get of more than ${MAX_PARALLEL_DOWNLOADS} files keeps at most ${MAX_PARALLEL_DOWNLOADS} downloads at once, and every file arrives`,
    hint: `run the downloads through a pool of ${MAX_PARALLEL_DOWNLOADS} workers: each takes the next file when its download ends, so the ${MAX_PARALLEL_DOWNLOADS + 1}th starts only when one of the first ends`,
    timeoutMs: 30_000,
    async run(ctx) {
      const run = await startFilePeer(ctx);
      const mark = drawMark(ctx.random);
      const count = ctx.random.int(MAX_PARALLEL_DOWNLOADS + 1, MAX_PARALLEL_DOWNLOADS + 4);
      const files = Array.from({ length: count }, (_, i) => ({ name: `part-${i}-${mark}.bin`, bytes: seededBytes(ctx, ctx.random.pick([0, 1, 70_000, ctx.random.int(2, 200_000)])) }));
      const why = `PROTOCOL §5.7: up to MAX_PARALLEL_DOWNLOADS (${MAX_PARALLEL_DOWNLOADS}) files at once; a /get of ${count} files starts the next one when a download ends`;
      // Each file from a holder of its own, so only the bound on files limits what is open at once.
      let open = 0;
      let most = 0;
      let release!: () => void;
      const slotsFull = new Promise<void>((resolve) => (release = resolve));
      const servers: HolderServer[] = [];
      for (const [i, file] of files.entries()) {
        servers.push(await HolderServer.start(ctx, (n) => (n < 0 ? `holder ${i}` : `holder ${i}, connection ${n + 1}`), async (party) => {
          const get = await party.expect('get', { name: file.name }, { why, skip: NOISE });
          open += 1;
          most = Math.max(most, open);
          if (open > MAX_PARALLEL_DOWNLOADS) fail({ expected: `at most ${MAX_PARALLEL_DOWNLOADS} downloads open at once`, got: `${open}: a get for ${file.name} while ${open - 1} others were still being served`, why });
          if (open === MAX_PARALLEL_DOWNLOADS) release();
          // Hold every download until the first MAX_PARALLEL_DOWNLOADS are open (or 3 s passed): a
          // downloader without the bound has by then opened more.
          await Promise.race([slotsFull, new Promise((resolve) => setTimeout(resolve, 3_000))]);
          await new Promise((resolve) => setTimeout(resolve, 150));
          reply(party, get, { type: 'offer', xfer: get.xfer, name: file.name, size: file.bytes.length, sha256: sha256(file.bytes) });
          await sendDataFrames(party, String(get.xfer), file.bytes);
          await party.expect('file_ok', { xfer: get.xfer }, { why: 'the file verifies', skip: NOISE, timeoutMs: 10_000 });
          open -= 1;
          // §4.4: with nothing more to get from this holder, the downloader says bye and closes.
          const done = 'PROTOCOL §4.4: after file_ok, a downloader with nothing more to get from this holder sends bye and closes, freeing the holder\'s connection';
          await party.expect('bye', {}, { why: done, skip: NOISE });
          await party.socket.expectClosedByPeer({ why: done });
        }));
      }
      const before = await listTree(run.base);
      run.peer.type(`/get ${files.map((f) => f.name).join(', ')}`);
      const whohas = await run.tracker.expect('whohas', { names: files.map((f) => f.name) }, { why: '/get asks the tracker about every name', skip: NOISE });
      reply(run.tracker, whohas, { type: 'holders', files: files.map((f, i) => ({ name: f.name, holders: [{ username: `holder${i}`, host: '127.0.0.1', port: servers[i]!.port, size: f.bytes.length, sha256: sha256(f.bytes) }] })) });
      const all = allOf(servers);
      const ended = await untilEachNameEnds(ctx, run.peer, files.map((f) => f.name), all, 25_000);
      for (const server of servers) await server.settle();
      const missing = files.filter((f) => !ended.get(f.name)).map((f) => f.name);
      if (missing.length > 0) fail({ expected: `all ${count} files downloaded`, got: `not: ${missing.join(', ')}`, why });
      ctx.note(`at most ${most} downloads were open at once`);
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: files.map((f) => f.bytes), why });
    },
  },
];
