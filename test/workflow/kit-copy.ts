// Throwaway copies of this kit for tests that run its commands as a student would, without touching
// the real labs/ or the real progress file. node_modules is shared by a symlink, for speed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT, TSX_IMPORT } from '../../grader/engine/run-lab.ts';
import { git } from '../../grader/workflow/git.ts';
import { listKitFiles } from '../../grader/workflow/kit-files.ts';

export function temporaryFolder(name: string): string {
  return mkdtempSync(join(tmpdir(), `kit-${name}-`));
}

/** Copies the kit's files (what git would commit) into a new folder; with `commit`, as one git commit. */
export function copyKit(name: string, { commit = true } = {}): string {
  const root = temporaryFolder(name);
  for (const path of listKitFiles(REPO_ROOT)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    cpSync(join(REPO_ROOT, path), join(root, path));
  }
  if (commit) commitAll(root);
  shareNodeModules(root);
  return root;
}

export function shareNodeModules(root: string): void {
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
}

export function commitAll(root: string): void {
  for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'kit']]) {
    const run = git(root, args);
    if (!run.ok) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  }
}

export function removeFolder(path: string | undefined): void {
  if (path) rmSync(path, { recursive: true, force: true });
}

export interface CommandRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of a kit's programs (e.g. grader/cli.ts) from that kit's folder, bounded in time. */
export function runKitProgram(root: string, file: string, args: string[], { input = '', timeoutMs = 60_000, env = {} as Record<string, string> } = {}): CommandRun {
  const run = spawnSync(process.execPath, ['--import', TSX_IMPORT, join(root, file), ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs a command (npm …) in a folder without blocking the test's event loop, bounded in time. */
export function runCommand(cwd: string, command: string, args: string[], timeoutMs: number): Promise<CommandRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
