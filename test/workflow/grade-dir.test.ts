// Instructors grade a submission with --dir: here a copy of the kit with exactly one lab solved (the
// reference of Lab 01 put in place of its starter). The results must call that lab, and only that
// lab, done, with its points, in JSON and in JUnit alike.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { LABS } from '../../grader/labs/index.ts';
import { loadPoints, maxPointsOf } from '../../grader/workflow/points.ts';
import { copyKit, removeFolder, runKitProgram } from './kit-copy.ts';

interface JsonLab {
  id: string;
  status: string;
  done: boolean;
  passed: number;
  total: number;
  points: number;
  maxPoints: number;
  checks: Array<{ id: string; passed: boolean; points: number; maxPoints: number }>;
}

let submission: string;

beforeAll(() => {
  submission = copyKit('submission', { commit: false });
  const lab = join(submission, 'labs', '01-two-peers');
  rmSync(lab, { recursive: true });
  cpSync(join(REPO_ROOT, 'solutions', '01-two-peers'), lab, { recursive: true });
  // A submission has no reference solutions of its own.
  rmSync(join(submission, 'solutions'), { recursive: true, force: true });
});

afterAll(() => removeFolder(submission));

describe('npm run grade -- --dir PATH', () => {
  test('reports exactly the solved lab as passing, with points, in JSON and JUnit', () => {
    const junitFile = join(submission, 'results.xml');
    const run = runKitProgram(REPO_ROOT, 'grader/cli.ts', ['--dir', submission, '--json', '--junit', junitFile, '--seed', '11'], { timeoutMs: 240_000 });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { points: number; maxPoints: number; labs: JsonLab[] };

    expect(report.labs.map((lab) => lab.id)).toEqual(LABS.map((lab) => lab.id));
    expect(report.labs.filter((lab) => lab.done).map((lab) => lab.id)).toEqual(['01']);
    const solved = report.labs.find((lab) => lab.id === '01')!;
    const points = loadPoints(REPO_ROOT);
    expect(solved.passed).toBe(solved.total);
    expect(solved.points).toBe(maxPointsOf(points, LABS[0]!));
    expect(solved.maxPoints).toBe(solved.points);
    for (const check of solved.checks) expect(check.points).toBe(check.maxPoints);
    for (const lab of report.labs.filter((l) => l.id !== '01')) {
      expect(lab.points, `lab ${lab.id}`).toBeLessThan(lab.maxPoints || 1);
    }
    expect(report.points).toBe(report.labs.reduce((sum, lab) => sum + lab.points, 0));

    const junit = readFileSync(junitFile, 'utf8');
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(junit).toMatch(new RegExp(`<testsuite name="Lab 01 · Two peers" tests="${solved.total}" failures="0"`));
    expect(junit).toContain(`<property name="points" value="${solved.points}"/>`);
    for (const lab of report.labs.filter((l) => l.id !== '01' && l.total > 0)) {
      expect(junit).toMatch(new RegExp(`<testsuite name="Lab ${lab.id} [^"]*" tests="${lab.total}" failures="[1-9]`));
    }
  }, 240_000);
});
