// Grading one lab the way every command of the workflow needs it: a lab whose files are still the
// starter is reported as not started instead of failing every check, and each result names the
// earlier lab's concepts its checks build on.
import { join } from 'node:path';
import { runLab, type RunOptions } from '../engine/run-lab.ts';
import type { BuildsOn, CheckResult, LabDefinition, LabResult } from '../engine/types.ts';
import { isUntouchedStarter, type Starters } from './starters.ts';

export interface GradeOptions extends RunOptions {
  /** Known starters: with them, an untouched lab is "not started" and its checks are not run. */
  starters?: Starters | undefined;
  /** Run the checks even of an untouched lab (the student named it: they want to see them). */
  gradeUntouched?: boolean;
}

export async function gradeLab(lab: LabDefinition, options: GradeOptions): Promise<LabResult> {
  if (lab.released && !options.gradeUntouched && isNotStarted(lab, options.labsRoot, options.starters)) return notStartedResult(lab);
  return withBuildsOn(await runLab(lab, options), lab);
}

export function isNotStarted(lab: LabDefinition, labsRoot: string, starters: Starters | undefined): boolean {
  const starter = starters?.filesOf(lab.slug);
  return starter !== undefined && isUntouchedStarter(join(labsRoot, lab.slug), starter);
}

/**
 * An untouched lab scores nothing: every check is listed as failing without being run, so points,
 * JSON and JUnit count it like any other lab.
 */
export function notStartedResult(lab: LabDefinition): LabResult {
  const checks: CheckResult[] = lab.checks.map((check) => ({
    id: check.id,
    step: check.step,
    title: check.title,
    passed: false,
    durationMs: 0,
    steps: [],
    failure: {
      expected: `your work in labs/${lab.slug}/`,
      got: 'the starter, unchanged: the check was not run',
      why: 'a lab whose files are all still the starter is reported as not started',
    },
  }));
  const hints = Object.fromEntries(lab.checks.map((c) => [c.id, c.hint]));
  return withBuildsOn({ id: lab.id, slug: lab.slug, title: lab.title, status: 'not-started', steps: lab.steps, checks, hints, durationMs: 0 }, lab);
}

export function withBuildsOn(result: LabResult, lab: LabDefinition): LabResult {
  const buildsOn: Record<string, BuildsOn> = {};
  for (const check of lab.checks) if (check.buildsOn) buildsOn[check.id] = check.buildsOn;
  return Object.keys(buildsOn).length === 0 ? result : { ...result, buildsOn };
}

/** Done: graded, with at least one check, and every check passing. */
export function isDone(result: LabResult): boolean {
  return result.status === 'graded' && result.checks.length > 0 && result.checks.every((c) => c.passed);
}

/** A failing check, or a lab not started, makes the grader's exit code 1. */
export function isUnfinished(result: LabResult): boolean {
  return result.status === 'not-started' || result.checks.some((c) => !c.passed);
}
