// Progress is remembered between runs of the student's own labs, and `npm run grade` with no lab
// shows it as an overview: not started, then done (with the change since last time), then shown again
// from that grading while nothing changed, then a check that broke after passing.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { LABS } from '../../grader/labs/index.ts';
import type { Progress } from '../../grader/workflow/progress-store.ts';
import { copyKit, removeFolder, runKitProgram } from './kit-copy.ts';

const lab01 = LABS[0]!;
let kit: string;

beforeAll(() => {
  kit = copyKit('progress');
});

afterAll(() => removeFolder(kit));

const progressOf = (root: string) => JSON.parse(readFileSync(join(root, '.work', 'progress.json'), 'utf8')) as Progress;

describe('remembered progress', () => {
  test('an untouched kit: every lab not started', () => {
    const run = runKitProgram(kit, 'grader/cli.ts', ['--seed', '3']);
    expect(run.stdout).toContain('Your progress');
    for (const lab of LABS) expect(run.stdout).toMatch(new RegExp(`${lab.id} {2}${lab.title} +not started`));
    expect(run.stdout).toContain('Next: Lab 01');
    expect(run.status).toBe(lab01.released ? 1 : 0);
  });

  test('a solved lab is shown done, with the change since last time, and remembered step by step', () => {
    const lab = join(kit, 'labs', lab01.slug);
    rmSync(lab, { recursive: true });
    cpSync(join(REPO_ROOT, 'solutions', lab01.slug), lab, { recursive: true });
    runKitProgram(kit, 'grader/cli.ts', ['01', '--seed', '3', '--only', 'listen']);
    const listenChecks = lab01.checks.filter((c) => c.id.startsWith('listen.')).length;

    const run = runKitProgram(kit, 'grader/cli.ts', ['--seed', '3'], { timeoutMs: 120_000 });
    // The reference must pass every check; if one failed, its story is in the lab's own report.
    if (!run.stdout.includes('✓ done')) throw new Error(`${run.stdout}\n${runKitProgram(kit, 'grader/cli.ts', ['01', '--seed', '3']).stdout}`);
    expect(run.stdout).toMatch(new RegExp(`01 {2}Two peers +\\[█+\\] ${lab01.checks.length}/${lab01.checks.length} {2}✓ done {2}\\+${lab01.checks.length - listenChecks} since last time`));
    const remembered = progressOf(kit).labs['01']!;
    expect(remembered.status).toBe('graded');
    expect(remembered.stepsPassing).toEqual([...new Set(lab01.checks.map((c) => c.step))].sort((a, b) => a - b));
    expect(Object.values(remembered.checks).every(Boolean)).toBe(true);
  }, 120_000);

  test('an unchanged lab is shown from its last grading, not graded again, unless asked with --again', () => {
    const before = progressOf(kit).labs['01']!;
    const run = runKitProgram(kit, 'grader/cli.ts', []);
    expect(run.stdout).toMatch(new RegExp(`01 {2}Two peers +\\[█+\\] ${lab01.checks.length}/${lab01.checks.length} {2}✓ done`));
    expect(run.stdout).toMatch(/unchanged since its grading of .*: not run again/);
    expect(progressOf(kit).labs['01']!.gradedAt).toBe(before.gradedAt);

    const again = runKitProgram(kit, 'grader/cli.ts', ['--again'], { timeoutMs: 120_000 });
    expect(again.stdout).not.toContain('unchanged since');
    expect(progressOf(kit).labs['01']!.gradedAt).not.toBe(before.gradedAt);
  }, 120_000);

  test('a check that passed last time and fails now is named', () => {
    // Back to the starter's decoder: framing, UTF-8 and limits break.
    const starterDecoder = join(REPO_ROOT, 'labs', lab01.slug, 'line-decoder.ts');
    cpSync(starterDecoder, join(kit, 'labs', lab01.slug, 'line-decoder.ts'));
    const run = runKitProgram(kit, 'grader/cli.ts', ['--seed', '3'], { timeoutMs: 120_000 });
    expect(run.stdout).toMatch(/01 {2}Two peers .*✗ \d+ failing {2}−\d+ since last time/);
    expect(run.stdout).toMatch(/passed last time, failing now: .*framing\.split/);
    expect(progressOf(kit).labs['01']!.checks['framing.split']).toBe(false);
  }, 120_000);
});
