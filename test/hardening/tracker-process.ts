// Starts a reference tracker (Lab 05, the most complete) as its own process on port 0 and a fresh
// database, and reads its resident memory from /proc.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProgram, type Started } from '../final/final-processes.ts';

/** A password every reference tracker accepts (long enough for its rules). */
export const PASSWORD = 'correct horse battery';

export interface TrackerRun extends Started {
  port: number;
  dir: string;
  db: string;
}

export async function startReferenceTracker(extra: string[] = [], dir = mkdtempSync(join(tmpdir(), 'hardening-'))): Promise<TrackerRun> {
  const db = join(dir, 'tracker.db');
  const started = await startProgram('solutions/05-session-log/tracker.ts', ['--port', '0', '--db', db, '--scrypt-n', '1024', '--json', ...extra]);
  return { ...started, port: started.ready.port as number, dir, db };
}

export async function stopTracker(run: TrackerRun | undefined, keepDir = false): Promise<void> {
  if (!run) return;
  await run.stop();
  if (!keepDir) rmSync(run.dir, { recursive: true, force: true });
}

/** Resident set size of a process in MiB (Linux). */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024;
}
