// GitHub Classroom grades a push in two moves: one grader run over the labs that are open (at a seed
// fixed by the commit, so a re-run of the same push gives the same verdicts), then one Classroom test
// per check that reads its verdict from that run. What the two share lives here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLabDates } from '../batch/deadlines.ts';
import type { LabDefinition } from '../engine/types.ts';
import { git } from '../workflow/git.ts';

/** Opening dates per lab ({"03": "2026-10-05T00:00:00+02:00"}); a lab without one is open. */
export const OPENS_FILE = 'grader/classroom-opens.json';
export const RESULTS_DIR = '.work/classroom';
export const RESULTS_FILE = join(RESULTS_DIR, 'results.json');
export const RUN_FILE = join(RESULTS_DIR, 'run.json');

export interface ClassroomRun {
  seed: number;
  commit: string;
  open: string[];
  /** Labs not open yet, with their opening date. */
  later: Record<string, string>;
}

export function openingDates(kitRoot: string, labs: LabDefinition[]): Map<string, Date> {
  const path = join(kitRoot, OPENS_FILE);
  return existsSync(path) ? readLabDates(path, labs.map((lab) => lab.id), OPENS_FILE) : new Map();
}

/** The commit being graded: Actions names it in GITHUB_SHA; elsewhere, HEAD. */
export function gradedCommit(kitRoot: string): string {
  const fromActions = process.env.GITHUB_SHA;
  if (fromActions && /^[0-9a-f]{40}$/.test(fromActions)) return fromActions;
  const head = git(kitRoot, ['rev-parse', 'HEAD']);
  return head.ok ? head.stdout.toString('utf8').trim() : 'none';
}

/** The seed of a commit: its first 32 bits (a checkout that is not a repository gets seed 1). */
export function seedOfCommit(commit: string): number {
  return /^[0-9a-f]{8}/.test(commit) ? Number.parseInt(commit.slice(0, 8), 16) : 1;
}

export function readRun(kitRoot: string): ClassroomRun | undefined {
  const path = join(kitRoot, RUN_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ClassroomRun) : undefined;
}
