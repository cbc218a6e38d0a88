// How long does grading the reference take? Runs `npm run grade -- NN --ref` for each lab, one after
// the other, and times each; the baseline, measured in the same run, is the start of one empty
// TypeScript program (every check starts programs with tsx, so this is the floor per program). Each
// lab is also graded with the protocol monitor and its probes off (GRADER_MONITOR=off), so the
// monitor's cost is a ratio measured in the same run. Prints a Markdown table.
//
//   npx tsx bench/grade-speed.ts [--labs 01,02,03,04,05] [--quick]
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const labsIndex = argv.indexOf('--labs');
const labs = (labsIndex === -1 ? (argv.includes('--quick') ? '01' : '01,02,03,04,05') : argv[labsIndex + 1] ?? '').split(',');
const TARGET_S = 60;
/** The protocol monitor must not make grading slower by more than 20%. */
const MONITOR_TARGET = 1.2;
const LAB_TIMEOUT_MS = 10 * 60_000;

function timed(command: string, args: string[], env: Record<string, string> = {}): { seconds: number; output: string; status: number | null } {
  const began = performance.now();
  const run = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: LAB_TIMEOUT_MS, env: { ...process.env, FORCE_COLOR: '0', ...env } });
  return { seconds: (performance.now() - began) / 1000, output: `${run.stdout}${run.stderr}`, status: run.status };
}

const starts = [0, 1, 2].map(() => timed(process.execPath, ['--import', 'tsx', '-e', '0']).seconds);
const start = starts.sort((a, b) => a - b)[1] ?? 0;
const rows: string[] = [];
let total = 0;
for (const lab of labs) {
  process.stderr.write(`  grade-speed: lab ${lab} (load ${loadavg()[0]?.toFixed(1)})…\n`);
  const run = timed('npm', ['run', '--silent', 'grade', '--', lab, '--ref']);
  const bare = timed('npm', ['run', '--silent', 'grade', '--', lab, '--ref'], { GRADER_MONITOR: 'off' });
  total += run.seconds;
  const passed = /(\d+)\/(\d+) checks? passed/.exec(run.output);
  const cost = run.seconds / bare.seconds;
  rows.push(
    `| ${lab} | ${run.seconds.toFixed(1)} s | ${bare.seconds.toFixed(1)} s | ×${cost.toFixed(2)} ${cost <= MONITOR_TARGET ? '✓' : '✗'} | ${passed ? `${passed[1]}/${passed[2]}` : '?'} | ${run.status === 0 ? 'passed' : `exit ${String(run.status)}`} |`,
  );
}
process.stdout.write(
  [
    `${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end. Baseline: starting one empty program with tsx takes ${start.toFixed(2)} s (median of 3).`,
    '',
    `| lab | \`npm run grade -- NN --ref\` | the same, monitor off | monitor's cost (target ≤ ×${MONITOR_TARGET}) | checks | result |`,
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    `| all | ${total.toFixed(1)} s | | | | target under ${TARGET_S} s for all five: ${labs.length < 5 ? 'not all labs run' : total < TARGET_S ? '✓ met' : '✗ MISSED'} |`,
  ].join('\n') + '\n',
);
