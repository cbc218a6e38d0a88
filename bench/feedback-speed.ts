// How soon does a student hear back? Measured as a student's commands run, in a throwaway copy of the
// kit whose labs/ hold the references:
//   - watch mode, after a save: the check that failed first is graded alone (`--only`) before the
//     rest; the time to its verdict, plus watch mode's 150 ms settle, is what the student waits;
//   - `npm run grade` (the overview) and `npm run hint` when nothing changed since the last grading:
//     they answer from the stored results;
// against the baseline measured in the same run: starting one empty TypeScript program with tsx.
//
//   npx tsx bench/feedback-speed.ts [--labs 01,02,03,04,05]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABS } from '../grader/labs/index.ts';
import { firstFailingCheck } from '../grader/workflow/hints.ts';
import { listKitFiles } from '../grader/workflow/kit-files.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const labsIndex = argv.indexOf('--labs');
const labIds = (labsIndex === -1 ? '01,02,03,04,05' : (argv[labsIndex + 1] ?? '')).split(',');
const labs = LABS.filter((lab) => labIds.includes(lab.id) && lab.released);
/** Watch mode waits this long after the last save of a burst (grader/workflow/watch-mode.ts). */
const SETTLE_MS = 150;
const RECHECK_TARGET_S = 2;
const STORED_TARGET_S = 1;
const RUN_TIMEOUT_MS = 10 * 60_000;

function timed(cwd: string, args: string[]): { seconds: number; output: string; status: number | null } {
  const began = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { seconds: (performance.now() - began) / 1000, output: `${run.stdout}${run.stderr}`, status: run.status };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const kit = mkdtempSync(join(tmpdir(), 'bench-feedback-'));
try {
  for (const path of listKitFiles(root)) {
    mkdirSync(dirname(join(kit, path)), { recursive: true });
    cpSync(join(root, path), join(kit, path));
  }
  symlinkSync(join(root, 'node_modules'), join(kit, 'node_modules'), 'dir');
  for (const lab of LABS) cpSync(join(root, 'solutions', lab.slug), join(kit, 'labs', lab.slug), { recursive: true });

  const start = median([0, 1, 2].map(() => timed(kit, ['-e', '0']).seconds));
  const rows: string[] = [];
  for (const lab of labs) {
    process.stderr.write(`  feedback-speed: lab ${lab.id} (load ${loadavg()[0]?.toFixed(1)})…\n`);
    // The check watch mode re-runs first when every check failed last time: the lab's first in step order.
    const check = firstFailingCheck(lab, () => false)!;
    const runs = [1, 2, 3].map((seed) => timed(kit, ['grader/cli.ts', lab.id, '--only', check.id, '--json', '--seed', String(seed), '--no-report']));
    const verdict = median(runs.map((r) => r.seconds)) + SETTLE_MS / 1000;
    const ok = runs.every((r) => r.status === 0);
    rows.push(`| ${lab.id} | \`${check.id}\` | ${verdict.toFixed(2)} s | ×${(verdict / start).toFixed(1)} | ${verdict <= RECHECK_TARGET_S ? '✓' : '✗'} | ${ok ? 'passed' : 'FAILED'} |`);
  }

  process.stderr.write('  feedback-speed: grading every lab once, so the next commands have stored results…\n');
  const first = timed(kit, ['grader/cli.ts', '--again']);
  const overview = median([1, 2, 3].map(() => timed(kit, ['grader/cli.ts']).seconds));
  const hint = median([1, 2, 3].map(() => timed(kit, ['grader/hint-cli.ts', labs[0]?.id ?? '01']).seconds));
  const reused = timed(kit, ['grader/cli.ts']).output.includes('unchanged since');

  process.stdout.write(
    [
      `${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end. Baseline: starting one empty program with tsx takes ${start.toFixed(2)} s (median of 3).`,
      '',
      `Watch mode after a save: the check that failed first, graded alone, verdict on screen (median of 3, with the ${SETTLE_MS} ms settle; target ≤ ${RECHECK_TARGET_S} s):`,
      '',
      '| lab | check | verdict after the save | × empty program | target | result |',
      '| --- | --- | ---: | ---: | --- | --- |',
      ...rows,
      '',
      `Answers from stored results, nothing changed since the last grading (median of 3; target ≤ ${STORED_TARGET_S} s):`,
      '',
      '| command | time | × empty program | target |',
      '| --- | ---: | ---: | --- |',
      `| \`npm run grade\` (overview of ${LABS.length} labs${reused ? ', all shown from the stored grading' : ', NOT reused'}) | ${overview.toFixed(2)} s | ×${(overview / start).toFixed(1)} | ${overview <= STORED_TARGET_S ? '✓' : '✗'} |`,
      `| \`npm run hint -- ${labs[0]?.id ?? '01'}\` | ${hint.toFixed(2)} s | ×${(hint / start).toFixed(1)} | ${hint <= STORED_TARGET_S ? '✓' : '✗'} |`,
      `| (for scale) the grading that stored them: every lab, all checks | ${first.seconds.toFixed(1)} s | | |`,
    ].join('\n') + '\n',
  );
} finally {
  rmSync(kit, { recursive: true, force: true });
}
