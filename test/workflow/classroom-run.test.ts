// What the GitHub Classroom workflow runs, run here in a throwaway copy of the kit: the grading step
// grades the open labs once at the commit's seed; each check's test passes or fails on its verdict,
// with the grader's story; a lab that has not opened yet says when it opens.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedOfCommit } from '../../grader/classroom/classroom-run.ts';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import { twoPeersMutants } from '../../grader/labs/01-two-peers/mutants.ts';
import { copyKit, removeFolder, runKitProgram } from './kit-copy.ts';

const SHA = '5eed0f00ba5eba11c0ffee00ddba11ad0b0e0001';

describe('GitHub Classroom grading, check by check', () => {
  let kit: string;

  beforeAll(() => {
    kit = copyKit('classroom-run', { commit: false });
    // The student's Lab 01: the reference with one bug, so some checks pass and some fail.
    const mutant = twoPeersMutants.find((m) => m.name === 'one-message-per-chunk')!;
    const broken = materializeMutant(join(kit, 'solutions'), '01-two-peers', mutant, join(kit, '.work', 'broken'));
    cpSync(join(broken, '01-two-peers'), join(kit, 'labs', '01-two-peers'), { recursive: true });
    writeFileSync(join(kit, 'grader/classroom-opens.json'), JSON.stringify({ '02': '2999-01-01T00:00:00+01:00', '03': '2999-01-01T00:00:00Z', '04': '2999-01-01T00:00:00Z', '05': '2999-01-01T00:00:00Z', '06': '2999-01-01T00:00:00Z', '01': '2020-01-01T00:00:00Z' }));
  });

  afterAll(() => removeFolder(kit));

  test('grades the open labs once, at the commit\'s seed; each test reads its check\'s verdict', () => {
    const grade = runKitProgram(kit, 'grader/classroom/grade-cli.ts', [], { timeoutMs: 120_000, env: { GITHUB_SHA: SHA } });
    expect(grade.status, grade.stdout + grade.stderr).toBe(0);
    expect(grade.stdout).toContain(`grading labs 01 at seed ${seedOfCommit(SHA)} (commit 5eed0f00ba5e); not open yet: 02 (opens 2998-12-31T23:00:00.000Z)`);
    expect(JSON.parse(readFileSync(join(kit, '.work/classroom/run.json'), 'utf8'))).toMatchObject({ seed: 0x5eed0f00, commit: SHA, open: ['01'] });

    const passed = runKitProgram(kit, 'grader/classroom/check-cli.ts', ['01', 'listen.ready']);
    expect(passed.status).toBe(0);
    expect(passed.stdout).toBe('✓ listen.ready\n');

    const failed = runKitProgram(kit, 'grader/classroom/check-cli.ts', ['01', 'framing.split']);
    expect(failed.status).toBe(1);
    // "got" may run over several lines (what arrived, and the program's state).
    expect(failed.stdout).toMatch(/^✗ framing\.split\nexpected: [^\n]+\ngot: [\s\S]+\nwhy: [^\n]+\nhint: [^\n]+\n/);
    expect(failed.stdout).toContain(`the whole story: npm run grade -- 01 --seed ${0x5eed0f00} --only framing.split`);

    const later = runKitProgram(kit, 'grader/classroom/check-cli.ts', ['02', 'register.new-user']);
    expect(later.status).toBe(1);
    expect(later.stdout).toBe('Lab 02 opens on 2998-12-31T23:00:00.000Z: not graded yet\n');

    const unknown = runKitProgram(kit, 'grader/classroom/check-cli.ts', ['01', 'framing.nothing']);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe('Lab 01 has no check framing.nothing in this run\n');
  }, 150_000);
});
