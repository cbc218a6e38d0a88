// npm run reset puts a lab back to its starter only after a yes, and keeps the student's version in
// a backup. Both places a starter can come from are exercised: a git clone of the full kit (the
// committed starter) and a student edition (its starter manifest).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { git } from '../../grader/workflow/git.ts';
import { copyKit, removeFolder, runKitProgram, shareNodeModules, temporaryFolder } from './kit-copy.ts';

const LAB = join('labs', '01-two-peers');
const folders: string[] = [];

afterAll(() => folders.forEach(removeFolder));

/** The student's work: a changed file, a new file, a deleted file. */
function doSomeWork(root: string): void {
  writeFileSync(join(root, LAB, 'chat.ts'), '// my own chat, half done\n');
  writeFileSync(join(root, LAB, 'notes.md'), 'what I learned\n');
  rmSync(join(root, LAB, 'peer.ts'));
}

function expectStarter(root: string): void {
  const status = git(root, ['status', '--porcelain', '--', LAB]);
  expect(status.ok).toBe(true);
  expect(status.stdout.toString('utf8'), 'the lab differs from the starter').toBe('');
}

function expectBackupOfWork(root: string): void {
  const backups = join(root, '.work', 'backups', '01-two-peers');
  const [backup, ...more] = readdirSync(backups);
  expect(more).toEqual([]);
  const kept = join(backups, backup!);
  expect(readFileSync(join(kept, 'chat.ts'), 'utf8')).toBe('// my own chat, half done\n');
  expect(readFileSync(join(kept, 'notes.md'), 'utf8')).toBe('what I learned\n');
  expect(existsSync(join(kept, 'peer.ts'))).toBe(false);
}

describe('npm run reset', () => {
  let kit: string;
  beforeAll(() => {
    kit = copyKit('reset');
    folders.push(kit);
  });

  test('changes nothing without a yes', () => {
    doSomeWork(kit);
    const run = runKitProgram(kit, 'grader/reset-cli.ts', ['01'], { input: 'no\n' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('your changes to: chat.ts');
    expect(run.stdout).toContain('which will be removed: notes.md');
    expect(run.stdout).toContain('which come back: peer.ts');
    expect(run.stdout).toContain('Nothing changed.');
    expect(readFileSync(join(kit, LAB, 'chat.ts'), 'utf8')).toBe('// my own chat, half done\n');
    expect(existsSync(join(kit, '.work', 'backups'))).toBe(false);
  });

  test('after a yes, restores the starter and keeps a backup of the student version', () => {
    const run = runKitProgram(kit, 'grader/reset-cli.ts', ['01'], { input: 'yes\n' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('is the starter again');
    expectStarter(kit);
    expectBackupOfWork(kit);

    const again = runKitProgram(kit, 'grader/reset-cli.ts', ['01', '--yes']);
    expect(again.stdout).toContain('already the starter');
  });

  test('a reset lab is reported as not started again', () => {
    const run = runKitProgram(kit, 'grader/cli.ts', ['--seed', '1']);
    expect(run.stdout).toMatch(/01 {2}Two peers +not started/);
  });

  test('refuses an unknown lab with a usage error', () => {
    const run = runKitProgram(kit, 'grader/reset-cli.ts', ['9']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('there is no lab "9"');
  });
});

describe('npm run reset in a student edition', () => {
  test('restores the starter recorded in the edition, with a backup', () => {
    const edition = join(temporaryFolder('reset-edition'), 'edition');
    folders.push(edition, join(edition, '..'));
    const made = runKitProgram(REPO_ROOT, 'grader/student-edition-cli.ts', [edition]);
    expect(made.status, made.stderr).toBe(0);
    shareNodeModules(edition);
    expect(existsSync(join(edition, 'grader', 'starter-manifest.json'))).toBe(true);

    doSomeWork(edition);
    const run = runKitProgram(edition, 'grader/reset-cli.ts', ['01', '--yes']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('from grader/starter-manifest.json');
    expectStarter(edition);
    expectBackupOfWork(edition);
  });
});
