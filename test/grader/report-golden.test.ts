// The grader's own output is part of the product: a passing and a failing report are compared with
// golden files. Set UPDATE_GOLDEN=1 to rewrite them after an intended change, then read the diff.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import { REPO_ROOT, TSX_IMPORT } from '../../grader/engine/run-lab.ts';
import { twoPeersMutants } from '../../grader/labs/01-two-peers/mutants.ts';
import { MUTANTS_DIR, SOLUTIONS } from './lab-proof.ts';

function grade(args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, ['--import', TSX_IMPORT, 'grader/cli.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: run.status, stdout: run.stdout };
}

/** Ports change from run to run; nothing else in the report may. */
function normalize(report: string): string {
  return report.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/"port":\d+/g, '"port":PORT');
}

function expectGolden(name: string, actual: string): void {
  const path = join(REPO_ROOT, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('grader report', () => {
  test('a passing run', () => {
    const run = grade(['01', '--ref', '--seed', '1', '--only', 'listen,exit']);
    expect(run.status).toBe(0);
    expectGolden('grade-01-passing.txt', normalize(run.stdout));
  }, 60_000);

  test('a failing run', () => {
    const mutant = twoPeersMutants.find((m) => m.name === 'no-line-limit')!;
    materializeMutant(SOLUTIONS, '01-two-peers', mutant, join(MUTANTS_DIR, 'golden-no-line-limit'));
    const run = grade(['01', '--dir', '.work/mutants/golden-no-line-limit', '--seed', '1', '--only', 'limits']);
    expect(run.status).toBe(1);
    expectGolden('grade-01-failing.txt', normalize(run.stdout));
  }, 60_000);
});
