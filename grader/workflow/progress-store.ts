// What the grader remembers between runs of a student's own labs (.work/progress.json, never
// committed): which checks and README steps were last seen passing, and how many hints were asked.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LabDefinition, LabResult } from '../engine/types.ts';

export const PROGRESS_FILE = '.work/progress.json';

export interface LabProgress {
  /** How the lab was last seen: graded, or still the untouched starter. */
  status: 'graded' | 'not-started';
  /** When its checks last ran (ISO time); absent if they never did. */
  gradedAt?: string;
  seed?: number;
  /** Check id → passed, the last time that check ran. */
  checks: Record<string, boolean>;
  /** README steps all of whose checks passed. */
  stepsPassing: number[];
  /** Fingerprint of labs/ when last graded: a hint reuses the result while nothing changed. */
  labsFingerprint?: string;
  /** Check id → the hint of the expectation it last failed on, when that had its own. */
  failureHints?: Record<string, string>;
}

export interface Progress {
  version: 1;
  labs: Record<string, LabProgress>;
  /** "01/framing.split" → how many hints were shown for that check. */
  hintsAsked: Record<string, number>;
}

export function emptyProgress(): Progress {
  return { version: 1, labs: {}, hintsAsked: {} };
}

/** The remembered progress; a missing or damaged file is an empty history, never an error. */
export function readProgress(kitRoot: string): Progress {
  const path = join(kitRoot, PROGRESS_FILE);
  if (!existsSync(path)) return emptyProgress();
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<Progress>;
    if (stored.version !== 1) return emptyProgress();
    return { version: 1, labs: stored.labs ?? {}, hintsAsked: stored.hintsAsked ?? {} };
  } catch {
    return emptyProgress();
  }
}

/** Written whole to a temporary name, then renamed, so a grader stopped halfway leaves no torn file. */
export function writeProgress(kitRoot: string, progress: Progress): void {
  const path = join(kitRoot, PROGRESS_FILE);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(progress, null, 2) + '\n');
  renameSync(temporary, path);
}

/**
 * Remembers a lab's result. Checks that did not run (--only) keep their last state; a lab back to its
 * starter (after a reset) keeps the history of what passed before.
 */
export function recordResult(progress: Progress, lab: LabDefinition, result: LabResult, seed: number, labsFingerprint: string): void {
  if (result.status === 'not-released') return;
  const before = progress.labs[lab.id];
  if (result.status === 'not-started') {
    progress.labs[lab.id] = { ...(before ?? { checks: {}, stepsPassing: [] }), status: 'not-started' };
    return;
  }
  const checks = { ...before?.checks };
  const failureHints = { ...before?.failureHints };
  for (const check of result.checks) {
    checks[check.id] = check.passed;
    if (check.failure?.hint) failureHints[check.id] = check.failure.hint;
    else delete failureHints[check.id];
  }
  // What a --first run did not reach is unknown now: the code changed since it last ran.
  for (const id of result.notRun ?? []) delete checks[id];
  progress.labs[lab.id] = {
    status: 'graded',
    gradedAt: new Date().toISOString(),
    seed,
    checks,
    stepsPassing: stepsPassing(lab, checks),
    labsFingerprint,
    ...(Object.keys(failureHints).length > 0 ? { failureHints } : {}),
  };
}

/** The lab's last grading, if it ran every check and nothing in labs/ changed since: still the answer. */
export function freshRecord(lab: LabDefinition, progress: Progress, labsFingerprint: string): LabProgress | undefined {
  const record = progress.labs[lab.id];
  const complete = record !== undefined && lab.checks.every((c) => c.id in record.checks);
  return record?.status === 'graded' && record.labsFingerprint === labsFingerprint && complete ? record : undefined;
}

/** A fresh record as a result to show: verdicts only (each failure's story is in that grading's report). */
export function storedResult(lab: LabDefinition, record: LabProgress): LabResult {
  const checks = lab.checks.map((c) => ({ id: c.id, step: c.step, title: c.title, passed: record.checks[c.id] === true, durationMs: 0, steps: [] }));
  return { id: lab.id, slug: lab.slug, title: lab.title, status: 'graded', steps: lab.steps, checks, hints: Object.fromEntries(lab.checks.map((c) => [c.id, c.hint])), durationMs: 0 };
}

/** Steps whose every check is known to pass. */
export function stepsPassing(lab: LabDefinition, checks: Record<string, boolean>): number[] {
  const steps = [...new Set(lab.checks.map((c) => c.step))].sort((a, b) => a - b);
  return steps.filter((step) => lab.checks.filter((c) => c.step === step).every((c) => checks[c.id] === true));
}

/** Passing checks of a lab that the progress knows about (ids no longer in the lab are ignored). */
export function passedCount(lab: LabDefinition, record: LabProgress | undefined): number {
  return record ? lab.checks.filter((c) => record.checks[c.id] === true).length : 0;
}
