// Does the grader ever fail a correct program? Grades every lab's reference with many run seeds (each
// draws other inputs, faults, request ids and probes) and lists every check that failed, with the seed
// that replays it. A correct program must pass under every seed: each failure here is a grader bug (or
// a reference bug) that would cost a student points. Measured against the same lab graded with the
// proof's fixed seed, which `npm test` already requires to pass.
//
//   npx tsx bench/reference-seeds.ts [--seeds 8] [--labs 01,02,03,04,05]
import { join } from 'node:path';
import { REPO_ROOT, runLab } from '../grader/engine/run-lab.ts';
import { newRunSeed } from '../grader/engine/seeded-random.ts';
import { LABS } from '../grader/labs/index.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => (argv.includes(name) ? (argv[argv.indexOf(name) + 1] ?? fallback) : fallback);
const seeds = Number(option('--seeds', '8'));
const labIds = option('--labs', '01,02,03,04,05').split(',');
if (!Number.isInteger(seeds) || seeds < 1) throw new Error('--seeds wants a whole number of at least 1');

const rows: string[] = [];
const failures: string[] = [];
for (const lab of LABS.filter((l) => labIds.includes(l.id) && l.released)) {
  let failed = 0;
  const began = performance.now();
  for (let i = 0; i < seeds; i++) {
    const seed = newRunSeed();
    process.stderr.write(`  reference-seeds: lab ${lab.id}, seed ${seed} (${i + 1}/${seeds})\n`);
    const result = await runLab(lab, { labsRoot: join(REPO_ROOT, 'solutions'), seed, shownFrom: REPO_ROOT });
    for (const check of result.checks.filter((c) => !c.passed)) {
      failed += 1;
      failures.push(`- Lab ${lab.id} \`${check.id}\`: ${check.failure?.expected ?? '?'} (replay: \`npm run grade -- ${lab.id} --ref --seed ${seed} --only ${check.id}\`)`);
    }
  }
  const seconds = (performance.now() - began) / 1000;
  rows.push(`| ${lab.id} | ${seeds} | ${seeds * lab.checks.length} | ${failed} | ${(seconds / seeds).toFixed(1)} s |`);
}
process.stdout.write(
  [
    `Each lab's reference graded with ${seeds} new run seeds. A correct program must pass every check under every seed.`,
    '',
    '| lab | seeds | check runs | failed (false failures) | time per grading |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    failures.length === 0 ? 'No false failure.' : ['False failures, each with the command that replays it:', '', ...failures].join('\n'),
  ].join('\n') + '\n',
);
