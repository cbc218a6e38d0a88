// The Gradescope autograder (npm run gradescope-autograder): an archive laid out as Gradescope's
// "Autograder Specifications" ask (setup.sh and an executable run_autograder at its root), whose
// run_autograder, run in a folder laid out the way Gradescope lays out /autograder, grades the
// submission and writes results.json in Gradescope's format.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { AUTOGRADER_CONFIG, autograderZip } from '../../grader/gradescope/autograder-files.ts';
import { renderGradescope } from '../../grader/gradescope/results-json.ts';
import type { LabResult } from '../../grader/engine/types.ts';
import { loadPoints, pointsView } from '../../grader/workflow/points.ts';

let root: string;
let zip: Uint8Array;
let files: Record<string, Uint8Array>;

/** Unix permission bits of each entry, from the zip's central directory (external attributes, high 16 bits). */
function modes(archive: Uint8Array): Map<string, number> {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const found = new Map<string, number>();
  for (let at = 0; at + 46 <= archive.length; at += 1) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(archive.subarray(at + 46, at + 46 + nameLength));
    found.set(name, (view.getUint32(at + 38, true) >>> 16) & 0o777);
    at += 45 + nameLength;
  }
  return found;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gradescope-'));
  zip = autograderZip(REPO_ROOT, { labs: ['01'], seed: 3 });
  files = unzipSync(zip);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the autograder archive', () => {
  test('has setup.sh and an executable run_autograder at its root, and a config of the labs and seed', () => {
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['setup.sh', 'run_autograder', AUTOGRADER_CONFIG, 'package-lock.json', 'grader/cli.ts', 'kit/protocol/messages.ts', 'labs/01-two-peers/README.md']));
    expect(modes(zip).get('run_autograder')).toBe(0o755);
    expect(modes(zip).get('setup.sh')).toBe(0o755);
    expect(JSON.parse(new TextDecoder().decode(files[AUTOGRADER_CONFIG]))).toEqual({ labs: ['01'], seed: 3 });
    const setup = join(root, 'setup.sh');
    writeFileSync(setup, files['setup.sh']!);
    expect(spawnSync('bash', ['-n', setup]).status).toBe(0);
  });

  test('holds no reference solution and no mutant', () => {
    expect(Object.keys(files).filter((path) => path.startsWith('solutions/') || path.endsWith('mutants.ts'))).toEqual([]);
  });
});

describe('run_autograder in a folder laid out as Gradescope does', () => {
  test('grades a submission of the lab\'s files and writes results.json in Gradescope\'s format', () => {
    const autograder = join(root, 'autograder');
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(autograder, 'source', path)), { recursive: true });
      writeFileSync(join(autograder, 'source', path), bytes);
    }
    // What setup.sh's npm ci would install, taken from this kit.
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(autograder, 'source', 'node_modules'));
    cpSync(join(REPO_ROOT, 'solutions/01-two-peers'), join(autograder, 'submission'), { recursive: true });
    const run = spawnSync('bash', [join(autograder, 'source', 'run_autograder')], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, AUTOGRADER_ROOT: autograder } });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(autograder, 'results', 'results.json'), 'utf8'));
    expect(Object.keys(results).sort()).toEqual(['execution_time', 'output', 'score', 'stdout_visibility', 'tests', 'visibility']);
    expect(results.score).toBe(32);
    expect(results.tests).toHaveLength(28);
    for (const test of results.tests) {
      expect(test).toMatchObject({ status: 'passed', visibility: 'visible', output: '' });
      expect(test.score).toBe(test.max_score);
      expect(test.name).toMatch(/^Lab 01 · [a-z0-9-]+\.[a-z0-9-]+: /);
      expect(test.number).toMatch(/^01\.\d\.\d+$/);
    }
    expect(new Set(results.tests.map((t: { number: string }) => t.number)).size).toBe(28);
    expect(results.output).toContain('Lab 01 · Two peers: 28/28 checks, 32/32 points');
  }, 150_000);
});

describe('results.json', () => {
  test('a failing check is a failed test worth nothing, whose output is its story with a replay the student can run', () => {
    const lab: LabResult = {
      id: '01', slug: '01-two-peers', title: 'Two peers', status: 'graded', steps: { 4: 'Framing' }, hints: { 'framing.split': 'keep the rest' }, durationMs: 2_500,
      checks: [
        { id: 'framing.split', step: 4, title: 'one line in pieces', passed: false, durationMs: 900, steps: [{ n: 1, text: 'sent "hel"', detail: [] }], failure: { kind: 'expectation', expected: 'hello', got: 'hel', why: 'TCP has no messages' } },
        { id: 'framing.join', step: 4, title: 'two lines in one piece', passed: true, durationMs: 600, steps: [] },
      ],
    } as LabResult;
    const results = renderGradescope([lab], 9, pointsView(loadPoints(REPO_ROOT)), { color: true, verbose: false, seed: 9, command: 'npm run grade --', replayFlags: '--dir /grading/tree' });
    expect(results.score).toBe(1);
    const [split, join] = results.tests;
    expect(split).toMatchObject({ name: 'Lab 01 · framing.split: one line in pieces', number: '01.4.1', score: 0, max_score: 2, status: 'failed', tags: ['lab 01', 'step 4'] });
    expect(split!.output).toContain('expected: hello');
    expect(split!.output).toContain('hint: keep the rest');
    expect(split!.output).toContain('replay: npm run grade -- 01 --seed 9 --only framing.split');
    expect(split!.output).not.toContain('\x1b[');
    expect(join).toMatchObject({ number: '01.4.2', score: 1, max_score: 1, status: 'passed', output: '' });
    expect(results.execution_time).toBe(3);
  });
});
