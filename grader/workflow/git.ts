// The few git commands the workflow needs, run without a shell and never throwing: a copy of the kit
// that is not a git checkout is normal, and every caller has a plain answer for that case.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

export interface GitRun {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
}

export function git(cwd: string, args: string[]): GitRun {
  const run = spawnSync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  return { ok: run.status === 0, stdout: run.stdout ?? Buffer.alloc(0), stderr: run.stderr?.toString('utf8') ?? '' };
}

/** True when `dir` is the top of its own git checkout (not a folder inside some other repository). */
export function isGitTopLevel(dir: string): boolean {
  const run = git(dir, ['rev-parse', '--show-toplevel']);
  if (!run.ok) return false;
  try {
    return realpathSync(run.stdout.toString('utf8').trim()) === realpathSync(dir);
  } catch {
    return false;
  }
}
