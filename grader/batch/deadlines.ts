// Per-lab deadlines: each lab is graded at the last commit made before its deadline, so labs that
// share one repository can each close on their own day. A JSON file: {"01": "2026-10-05T23:59:00+02:00", …}.
import { mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { UsageError } from '#kit/cli/flags.ts';
import { git } from '../workflow/git.ts';

export type Deadlines = Map<string, Date>;

export function readDeadlines(path: string, labIds: string[]): Deadlines {
  return readLabDates(path, labIds, `--deadlines ${path}`);
}

/** A JSON file of lab → date and time with its zone (deadlines, opening dates); `named` starts each error. */
export function readLabDates(path: string, labIds: string[], named: string): Map<string, Date> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${named}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`${named}: an object of lab → date, e.g. {"01": "2026-10-05T23:59:00+02:00"}`);
  const dates = new Map<string, Date>();
  for (const [lab, value] of Object.entries(parsed)) {
    if (lab.startsWith('$')) continue; // "$comment"
    if (!labIds.includes(lab)) throw new UsageError(`${named}: "${lab}" is not a lab (labs: ${labIds.join(', ')})`);
    // A date with its time zone, so it means the same instant on every machine.
    if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(Date.parse(value))) {
      throw new UsageError(`${named}: the date of ${lab} must be a date and time with its zone, like 2026-10-05T23:59:00+02:00 (got ${JSON.stringify(value)})`);
    }
    dates.set(lab, new Date(value));
  }
  return dates;
}

/** The last commit on the checked-out branch made before `deadline`, or undefined when there is none. */
export function commitBefore(dir: string, deadline: Date): string | undefined {
  const run = git(dir, ['rev-list', '-1', `--before=${deadline.toISOString()}`, 'HEAD']);
  const commit = run.stdout.toString('utf8').trim();
  return run.ok && commit ? commit : undefined;
}

/** The checkout's HEAD commit, or undefined when it is not a git checkout. */
export function headCommit(dir: string): string | undefined {
  const run = git(dir, ['rev-parse', 'HEAD']);
  return run.ok ? run.stdout.toString('utf8').trim() : undefined;
}

/** Writes the files of `commit` under `path` into `into` (no .git, nothing of the working tree). */
export function exportCommit(dir: string, commit: string, into: string, path: string): void {
  mkdirSync(into, { recursive: true });
  // A commit without `path` exports nothing, rather than failing: the labs are then simply missing.
  if (!git(dir, ['cat-file', '-e', `${commit}:${path}`]).ok) return;
  const archive = git(dir, ['archive', '--format=tar', commit, path]);
  if (!archive.ok) throw new Error(`git archive ${commit} in ${dir}: ${archive.stderr.trim()}`);
  const untar = spawnSync('tar', ['-x', '-C', into], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar could not unpack ${commit} of ${dir}: ${untar.stderr?.toString('utf8').trim()}`);
}
