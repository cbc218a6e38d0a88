// npm run classroom-check -- LAB CHECK: one GitHub Classroom test. Passes when the check passed in the
// workflow's grading step (npm run classroom-grade); otherwise prints why, as the grader told it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProgram, UsageError } from '#kit/cli/flags.ts';
import { REPO_ROOT } from '../engine/run-lab.ts';
import { readRun, RESULTS_FILE } from './classroom-run.ts';

interface JsonCheck {
  id: string;
  passed: boolean;
  failure?: { expected: string; got: string; why: string; hint?: string };
}

await runProgram('usage: npm run classroom-check -- LAB CHECK   (e.g. 01 framing.split)', () => {
  const [lab, id, ...rest] = process.argv.slice(2);
  if (!lab || !id || rest.length > 0) throw new UsageError('name a lab and one of its checks, e.g. 01 framing.split');
  const run = readRun(REPO_ROOT);
  if (!run) return fail('the grading step (npm run classroom-grade) did not run before this test');
  if (run.later[lab]) return fail(`Lab ${lab} opens on ${run.later[lab]}: not graded yet`);
  const path = join(REPO_ROOT, RESULTS_FILE);
  if (!existsSync(path)) return fail('the grading step wrote no results: see its output in the workflow log');
  const results = JSON.parse(readFileSync(path, 'utf8')) as { labs: Array<{ id: string; checks: JsonCheck[] }> };
  const check = results.labs.find((l) => l.id === lab)?.checks.find((c) => c.id === id);
  if (!check) return fail(`Lab ${lab} has no check ${id} in this run`);
  if (check.passed) {
    process.stdout.write(`✓ ${id}\n`);
    return;
  }
  const f = check.failure;
  fail([`✗ ${id}`, ...(f ? [`expected: ${f.expected}`, `got: ${f.got}`, `why: ${f.why}`, `hint: ${f.hint ?? ''}`] : []), `the whole story: npm run grade -- ${lab} --seed ${run.seed} --only ${id}`].join('\n'));
});

function fail(text: string): void {
  process.stdout.write(`${text}\n`);
  process.exitCode = 1;
}
