// Runs one scripted check (the grader's own moves: a scripted tracker and scripted other peers) against
// a reference peer in solutions/, and tells the whole story when it fails.
import { join } from 'node:path';
import { REPO_ROOT, runCheck } from '../../grader/engine/run-lab.ts';
import type { CheckDefinition, CheckResult, LabDefinition } from '../../grader/engine/types.ts';

const SEED = 20261122;

export function runOnReference(lab: LabDefinition, check: CheckDefinition): Promise<CheckResult> {
  return runCheck(lab, check, { labsRoot: join(REPO_ROOT, 'solutions'), seed: SEED, shownFrom: REPO_ROOT });
}

/** Every step of the check, then what failed and how each program was doing. */
export function story(result: CheckResult): string {
  const steps = result.steps.map((s) => [`${s.n}. [${Math.round(s.atMs)} ms] ${s.text}`, ...s.detail.map((d) => `     ${d}`)].join('\n'));
  const failure = result.failure
    ? [`expected: ${result.failure.expected}`, `got: ${result.failure.got}`, `why: ${result.failure.why}`, ...(result.failure.state ?? [])]
    : [];
  return [...steps, ...failure].join('\n');
}

/** A check of these tests: no README step, no hint for students. */
export function check(id: string, title: string, timeoutMs: number, run: CheckDefinition['run']): CheckDefinition {
  return { id, step: 0, title, hint: '', timeoutMs, run };
}
