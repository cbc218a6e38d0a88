// Lab 04's check of the order in which a /get tries holders (PROTOCOL §5.7): file i starts at holder
// i mod n of the tracker's list and, when an attempt fails, goes on to the next holder after it,
// wrapping round to the start of the list; i counts every name of the /get, those the tracker answered
// with an error included. Which holder fails, and how, is drawn per file from every failure the README
// names, and a file all of whose holders fail ends in error with the last holder's reason.
import { fail } from '../../engine/check-failure.ts';
import type { Random } from '../../engine/seeded-random.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { seededBytes, sha256, startFilePeer } from './file-harness.ts';
import { auditDownloads, listTree } from './folder-audit.ts';
import { drawMark } from './hostile-names.ts';
import { FAILURES, REASON, serveAttempt, type Failure, type ServedFile } from './holder-attempts.ts';
import { allOf, HolderServer } from './holder-server.ts';
import { untilEachNameEnds } from './peer-outcomes.ts';

const USERNAMES = ['bob', 'carol', 'dave', 'erin', 'frank'];
const WHY = 'file i of a /get starts at holder i mod n of the tracker\'s list (i counts every name typed) and, after each failed attempt, tries the next holder, wrapping round; when all failed, error names the file with the last reason (PROTOCOL §5.7)';

interface Attempt {
  holder: string;
  failure?: Failure;
}

interface Planned extends ServedFile {
  /** The holders in the order they must be tried, each failing or serving; empty for an error entry. */
  attempts: Attempt[];
  /** The tracker's error for this name instead of holders. */
  error?: 'NO_SUCH_FILE' | 'BAD_NAME';
}

/** Attempts of file `position` over `holders`: `failing` of them fail, in the rotated order, then one serves. */
function plan(random: Random, position: number, holders: string[], failing: number, lastNotMissing = false): Attempt[] {
  const n = holders.length;
  const attempts: Attempt[] = [];
  for (let k = 0; k < n; k += 1) {
    const holder = holders[(position + k) % n]!;
    if (k >= failing) return [...attempts, { holder }];
    const last = k === n - 1;
    attempts.push({ holder, failure: random.pick(last && lastNotMissing ? FAILURES.filter((f) => f !== 'NO_SUCH_FILE') : FAILURES) });
  }
  return attempts;
}

export const failoverOrderChecks: CheckDefinition[] = [
  {
    id: 'failover.order',
    step: 6,
    title: 'after a failed attempt the next holder in the tracker\'s list is tried, from file i\'s start (i mod n) round to the one before it; all failed: error with the last reason',
    hint: 'rotate each file\'s holder list to start at index i mod n (i = the name\'s position in the /get, error entries counted), then walk that rotated list to its end: it already wraps round to the holders before the start. Keep the last attempt\'s reason for the final error',
    hints: ['with 3 holders, file 1 tries holders 1, 2, 0: not 1, 0, 2, and not 1, 2 only'],
    timeoutMs: 30_000,
    async run(ctx) {
      const run = await startFilePeer(ctx);
      const mark = drawMark(ctx.random);
      // 3 to 5 holders: with 1 or 2 (get.rotation, the other failover checks) every order that starts right is right.
      const n = ctx.random.int(3, 5);
      const holders = shuffled(ctx.random, USERNAMES).slice(0, n);
      const fetchable = ctx.random.int(2, 5);
      const errors = ctx.random.int(0, 2);
      const positions = shuffled(ctx.random, Array.from({ length: fetchable + errors }, (_, i) => i));
      const errorAt = new Set(positions.slice(0, errors));
      // Corners every run: a file that has to wrap round (starting past holder 0, preferably at 1) and one whose holders all fail.
      const fetchAt = positions.slice(errors).sort((a, b) => a - b);
      const wrapping = fetchAt.find((p) => p % n === 1) ?? fetchAt.find((p) => p % n !== 0);
      const allFail = fetchAt.find((p) => p !== wrapping);
      const files: Planned[] = Array.from({ length: fetchable + errors }, (_, position) => {
        const name = `${ctx.random.pick(['notes', 'data 2025', 'résumé', 'song'])}-${position}-${mark}.${ctx.random.pick(['txt', 'bin'])}`;
        if (errorAt.has(position)) {
          const error = ctx.random.pick(['NO_SUCH_FILE', 'BAD_NAME'] as const);
          return { name, bytes: Buffer.alloc(0), attempts: [], error };
        }
        const bytes = seededBytes(ctx, ctx.random.pick([2, 1_200, 65_536, 262_145, ctx.random.int(3, 200_000)]));
        const failing = position === allFail ? n : position === wrapping ? ctx.random.int(n - (position % n), n) : ctx.random.int(0, n);
        return { name, bytes, attempts: plan(ctx.random, position, holders, failing, position === allFail) };
      });
      ctx.note(`${files.length} names, listed with the same ${n} holder(s) ${holders.join(', ')}; what each attempt must meet, in the order it must come:`, files.map((f, i) => `${i}: ${f.name}: ${f.error ? `the tracker says ${f.error}` : f.attempts.map((a) => `${a.holder} ${a.failure ?? 'serves'}`).join(', then ')}`));
      const next = new Map(files.map((f) => [f.name, 0]));
      const servers = new Map<string, HolderServer>();
      for (const holder of holders) {
        servers.set(holder, await HolderServer.start(ctx, (i) => (i < 0 ? holder : `${holder}, connection ${i + 1}`), async (party) => {
          const get = await party.expect('get', {}, { why: 'a download connection starts with get', skip: NOISE });
          const file = files.find((f) => f.name === get.name);
          if (!file || file.error) fail({ expected: `a get for one of ${files.filter((f) => !f.error).map((f) => f.name).join(', ')}`, got: JSON.stringify(get), why: file?.error ? `the tracker answered ${file.error} for that name: it fails at once, no holder is asked` : WHY });
          const index = next.get(file.name)!;
          const due = file.attempts[index];
          if (!due || due.holder !== holder) {
            fail({ expected: due ? `${file.name} to be asked of ${due.holder} now (attempt ${index + 1}: ${file.attempts.map((a) => a.holder).join(', ')})` : `no more gets for ${file.name}`, got: `a get for it at ${holder}`, why: WHY });
          }
          next.set(file.name, index + 1);
          await serveAttempt(ctx.random, party, get, file, due.failure, WHY);
        }));
      }
      const before = await listTree(run.base);
      run.peer.type(`/get ${files.map((f) => f.name).join(', ')}`);
      const whohas = await run.tracker.expect('whohas', { names: files.map((f) => f.name) }, { why: '/get asks the tracker about every name, in the order typed', skip: NOISE });
      reply(run.tracker, whohas, {
        type: 'holders',
        files: files.map((f) => (f.error ? { name: f.name, error: f.error } : { name: f.name, holders: holders.map((h) => ({ username: h, host: '127.0.0.1', port: servers.get(h)!.port, size: f.bytes.length, sha256: sha256(f.bytes) })) })),
      });
      const all = allOf([...servers.values()]);
      await untilEachNameEnds(ctx, run.peer, files.map((f) => f.name), all, 25_000, n);
      for (const server of servers.values()) await server.settle();
      for (const file of files) {
        const attempts = run.peer.events.filter((e) => e.event === 'download_attempt' && e.name === file.name).map((e) => ({ from: e.from, ok: e.ok, ...(e.ok ? {} : { reason: e.reason }) }));
        const wanted = file.attempts.map((a) => ({ from: a.holder, ok: !a.failure, ...(a.failure ? { reason: REASON[a.failure] } : {}) }));
        if (JSON.stringify(attempts) !== JSON.stringify(wanted)) fail({ expected: `the download_attempts of ${file.name}: ${JSON.stringify(wanted)}`, got: JSON.stringify(attempts), why: WHY });
        const last = file.attempts.at(-1);
        const code = file.error ?? (last?.failure ? REASON[last.failure] : undefined);
        const errorsOf = () => run.peer.events.filter((e) => e.event === 'error' && e.name === file.name);
        // The last failed attempt can be printed a moment before the error that follows it.
        if (code !== undefined) await ctx.watch.until(() => (errorsOf().some((e) => e.code === code) ? true : undefined), 5_000);
        const errors = errorsOf();
        if (code !== undefined && !errors.some((e) => e.code === code)) {
          fail({ expected: `error {"code":"${code}","name":${JSON.stringify(file.name)}}`, got: errors.length > 0 ? JSON.stringify(errors) : 'no error event with that name', why: file.error ? 'a name with error in holders fails at once with that code (PROTOCOL §5.7)' : `every holder of ${file.name} failed: error with the last reason, ${code} from ${last!.holder} (PROTOCOL §5.7)` });
        }
      }
      const served = files.filter((f) => f.attempts.length > 0 && !f.attempts.at(-1)!.failure).map((f) => f.bytes);
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: served, why: `${WHY}; a failed attempt leaves nothing behind` });
    },
  },
];
