// Children of the benchmark run in process groups of their own, so stopping one stops everything it
// started (the grader's programs, tsc's native compiler) without naming any process by name.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const GRACE_MS = 2_000;
const groups = new Set<ChildProcess>();

// However the benchmark ends, no group outlives it.
process.on('exit', () => {
  for (const child of groups) signalGroup(child, 'SIGKILL');
});

/** Starts `command` as the leader of a new process group. */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  groups.add(child);
  child.on('exit', () => groups.delete(child));
  return child;
}

/** SIGTERM to the whole group, SIGKILL to whatever is left after a grace period; resolves when the leader is gone. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  signalGroup(child, 'SIGTERM');
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), GRACE_MS);
  await exited;
  clearTimeout(timer);
  // Members that ignored SIGTERM may outlive their leader.
  signalGroup(child, 'SIGKILL');
  groups.delete(child);
}

/** Stops every group still running (an interrupted run). */
export async function stopAllGroups(): Promise<void> {
  await Promise.all([...groups].map((child) => stopGroup(child)));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

export interface BoundedRun {
  code: number | null;
  output: string;
  timedOut: boolean;
}

/** Runs a command to its end, or stops it after `timeoutMs`. */
export function runBounded(command: string, args: readonly string[], options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<BoundedRun> {
  return new Promise((resolve) => {
    const child = spawnGroup(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    const take = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const timer = setTimeout(() => {
      timedOut = true;
      void stopGroup(child);
    }, options.timeoutMs);
    child.on('error', (error) => {
      output += `\n(could not start: ${error.message})`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      groups.delete(child);
      resolve({ code, output, timedOut });
    });
  });
}
