// Batch grading (npm run grade-batch): a folder of checkouts graded into a gradebook that a second
// run resumes; each lab at the last commit before its deadline; students' programs in a sandbox that
// lets them write only their report folder and reach only loopback.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readDeadlines } from '../../grader/batch/deadlines.ts';
import { Gradebook } from '../../grader/batch/gradebook.ts';
import { readRoster } from '../../grader/batch/roster.ts';
import { bwrapWorks, chooseSandbox } from '../../grader/batch/sandbox.ts';
import { planStudent } from '../../grader/batch/student-plan.ts';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';

let root: string;

/** A student's repository: the Lab 01 starter committed on `starterDate`, then (optionally) the reference on `doneDate`. */
function studentRepo(name: string, starterDate: string, doneDate?: string): string {
  const dir = join(root, 'checkouts', name);
  mkdirSync(join(dir, 'labs'), { recursive: true });
  cpSync(join(REPO_ROOT, 'labs/01-two-peers'), join(dir, 'labs/01-two-peers'), { recursive: true });
  const git = (args: string[], date?: string) => execFileSync('git', ['-c', 'user.name=s', '-c', 'user.email=s@example.org', ...args], { cwd: dir, env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) } });
  git(['init', '-q']);
  git(['add', '-A']);
  git(['commit', '-qm', 'starter'], starterDate);
  if (doneDate) {
    cpSync(join(REPO_ROOT, 'solutions/01-two-peers'), join(dir, 'labs/01-two-peers'), { recursive: true });
    git(['add', '-A']);
    git(['commit', '-qm', 'lab 01'], doneDate);
  }
  return dir;
}

function batch(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'grader/batch/batch-cli.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'grade-batch-'));
  studentRepo('ana', '2026-09-01T10:00:00Z', '2026-10-10T10:00:00Z');
  studentRepo('ben', '2026-09-02T10:00:00Z');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the batch, end to end', () => {
  test('grades every checkout into the gradebook, with reports, and a second run resumes with nothing to do', () => {
    const out = join(root, 'grades');
    const first = batch([join(root, 'checkouts'), '--labs', '01', '--out', out, '--seed', '7']);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/\[1\/2\] ana: 01 32\/32/);
    expect(first.stdout).toMatch(/\[2\/2\] ben: 01 0\/32/);
    const rows = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('student,lab,points,max_points,passed,checks,failed_checks,commit,seed');
    expect(rows[1]).toMatch(/^ana,01,32,32,28,28,,[0-9a-f]{40} \(as checked out\),7$/);
    expect(rows[2]).toMatch(/^ben,01,0,32,0,28,listen\.ready listen\.connected .*,[0-9a-f]{40} \(as checked out\),7$/);
    expect(readFileSync(join(out, 'reports/ana/labs-01.txt'), 'utf8')).toContain('28/28');
    expect(JSON.parse(readFileSync(join(out, 'reports/ben/labs-01.json'), 'utf8')).labs[0].passed).toBe(0);

    const again = batch([join(root, 'checkouts'), '--labs', '01', '--out', out, '--seed', '7']);
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('grading 0 of 2 checkouts (2 already in');
    expect(readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  }, 240_000);

  test('a lab whose deadline came before every commit is zero points, without running anything', () => {
    const list = join(root, 'list.txt');
    writeFileSync(list, '# the students of the late section\ncheckouts/ana\n');
    const deadlines = join(root, 'deadlines.json');
    writeFileSync(deadlines, JSON.stringify({ '01': '2026-08-01T00:00:00+02:00' }));
    const run = batch([list, '--labs', '01', '--out', join(root, 'late'), '--deadlines', deadlines]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(readFileSync(join(root, 'late/gradebook.csv'), 'utf8')).toContain('ana,01,0,32,0,28,,no commit before 2026-07-31T22:00:00.000Z,20260901');
  });

  test('mistakes in the command are one clear sentence and exit code 2', () => {
    for (const [args, message] of [
      [[join(root, 'nowhere')], 'no such folder or file'],
      [[join(root, 'checkouts'), '--labs', '09'], '"09" is not a released lab'],
      [[join(root, 'checkouts'), '--jobs', '0'], '--jobs must be a whole number of at least 1'],
      [[join(root, 'checkouts'), '--sandbox', 'docker'], '--sandbox must be auto, bwrap or off'],
    ] as const) {
      const run = batch([...args]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(message);
    }
  });
});

describe('what is graded of a student', () => {
  test('each lab at the last commit before its deadline, in a tree of its labs and this kit', () => {
    const [ana] = readRoster(join(root, 'checkouts'));
    const deadlines = readDeadlines(writeJson('between.json', { '01': '2026-10-01T00:00:00Z' }), ['01', '02']);
    const trees = join(root, 'trees');
    const plan = planStudent(REPO_ROOT, ana!, ['01', '02'], deadlines, trees);
    expect(plan.missed).toEqual([]);
    const starter = execFileSync('git', ['rev-list', '-1', 'HEAD~1'], { cwd: ana!.dir, encoding: 'utf8' }).trim();
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ana!.dir, encoding: 'utf8' }).trim();
    expect(plan.groups).toEqual([
      { labs: ['01'], tree: join(trees, 'ana', starter.slice(0, 12)), commit: starter },
      { labs: ['02'], tree: join(trees, 'ana', 'as-checked-out'), commit: `${head} (as checked out)` },
    ]);
    // The starter's Lab 01 at the deadline, the reference's as checked out; the kit is this kit's.
    const decoder = (tree: string) => readFileSync(join(tree, 'labs/01-two-peers/line-decoder.ts'), 'utf8');
    expect(decoder(plan.groups[0]!.tree)).toBe(readFileSync(join(REPO_ROOT, 'labs/01-two-peers/line-decoder.ts'), 'utf8'));
    expect(decoder(plan.groups[1]!.tree)).toBe(readFileSync(join(REPO_ROOT, 'solutions/01-two-peers/line-decoder.ts'), 'utf8'));
    expect(readlinkSync(join(plan.groups[0]!.tree, 'kit'))).toBe(join(REPO_ROOT, 'kit'));
    expect(JSON.parse(readFileSync(join(plan.groups[0]!.tree, 'package.json'), 'utf8')).imports['#labs/*']).toBe('./labs/*');
    expect(existsSync(join(plan.groups[0]!.tree, '.git'))).toBe(false);
  });

  test('deadlines must name labs and carry their time zone', () => {
    expect(() => readDeadlines(writeJson('zone.json', { '01': '2026-10-01 23:59' }), ['01'])).toThrow(/with its zone/);
    expect(() => readDeadlines(writeJson('lab.json', { '07': '2026-10-01T23:59:00Z' }), ['01'])).toThrow(/"07" is not a lab/);
    expect(() => readDeadlines(writeJson('list.json', ['2026-10-01T23:59:00Z']), ['01'])).toThrow(/an object of lab → date/);
  });

  test('two checkouts with one name cannot share the gradebook', () => {
    const list = join(root, 'twice.txt');
    mkdirSync(join(root, 'other/ana'), { recursive: true });
    writeFileSync(list, 'checkouts/ana\nother/ana\n');
    expect(() => readRoster(list)).toThrow(/two checkouts are both called "ana"/);
  });

  test('the gradebook knows what it holds, per seed, and refuses a file that is not one', () => {
    const path = join(root, 'book.csv');
    const book = new Gradebook(path);
    book.add([{ student: 'o"neil, jr', lab: '01', points: 3, maxPoints: 32, passed: 3, checks: 28, failed: 'a b', commit: 'c', seed: 7 }]);
    expect(readFileSync(path, 'utf8')).toContain('"o""neil, jr",01,3,32');
    expect([...new Gradebook(path).done(7)]).toEqual(['o"neil, jr/01']);
    expect([...book.done(8)]).toEqual([]);
    writeFileSync(join(root, 'notes.csv'), 'name,mark\n');
    expect(() => new Gradebook(join(root, 'notes.csv'))).toThrow(/is not a gradebook/);
  });
});

function writeJson(name: string, value: unknown): string {
  const path = join(root, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe.skipIf(!bwrapWorks())('the sandbox', () => {
  const sandbox = chooseSandbox('bwrap');
  const inside = (script: string, writable: string[] = []) => {
    const [command, ...args] = sandbox.wrap([process.execPath, '-e', script], writable, []);
    return spawnSync(command!, args, { encoding: 'utf8', timeout: 20_000 });
  };

  test('a program writes its own folder and /tmp, and nothing else', () => {
    const own = mkdtempSync(join(tmpdir(), 'grade-sandbox-'));
    const tryWrite = (path: string) => `try{require('fs').writeFileSync(${JSON.stringify(path)},'x');console.log('wrote')}catch(e){console.log(e.code)}`;
    expect(inside(tryWrite(join(REPO_ROOT, 'escaped.txt'))).stdout.trim()).toBe('EROFS');
    expect(existsSync(join(REPO_ROOT, 'escaped.txt'))).toBe(false);
    expect(inside(tryWrite(join(own, 'report.txt')), [own]).stdout.trim()).toBe('wrote');
    expect(inside(tryWrite('/tmp/scratch.txt')).stdout.trim()).toBe('wrote');
    // The private /tmp is gone with the sandbox.
    expect(existsSync('/tmp/scratch.txt')).toBe(false);
    rmSync(own, { recursive: true, force: true });
  });

  test('loopback works; any other address is unreachable, so nothing leaves the machine', () => {
    const script = `const net=require('net');const s=net.createServer(c=>c.end('hi')).listen(0,'127.0.0.1',()=>{net.connect(s.address().port,'127.0.0.1').on('data',d=>{console.log('loopback '+d);net.connect(80,'192.0.2.1').on('error',e=>{console.log(e.code);process.exit(0)})})})`;
    expect(inside(script).stdout.trim().split('\n')).toEqual(['loopback hi', 'ENETUNREACH']);
  });
});
