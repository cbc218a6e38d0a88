// The verdict on a graded mutant. A check that outlives its bound (a program hung) does not kill the
// mutant: that is counted apart, as timed out, unless some check also failed on its own. A check's
// own bounded waits (no ready event, no reply within its time) are its own failures, and do kill.
import type { MutantOutcome } from './mutant-site.ts';
import type { WorkerLine } from './worker-lines.ts';

type CheckLine = Extract<WorkerLine, { type: 'check' }>;

function ranOutOfTime(check: CheckLine): boolean {
  return check.kind === 'timeout';
}

/** The first check that failed on its own, if any: enough to call the mutant killed. */
export function killingCheck(checks: readonly CheckLine[]): CheckLine | undefined {
  return checks.find((check) => !check.passed && !ranOutOfTime(check));
}

export function gradedVerdict(checks: readonly CheckLine[], hitBound: boolean): Omit<MutantOutcome, 'key' | 'durationMs'> {
  const killer = killingCheck(checks);
  if (killer) {
    return { verdict: 'killed', killedBy: killer.id, ...(killer.kind ? { killedKind: killer.kind } : {}), ...(killer.got ? { killedHow: killer.got } : {}) };
  }
  const timedOutChecks = checks.filter(ranOutOfTime).map((check) => check.id);
  if (timedOutChecks.length > 0 || hitBound) return { verdict: 'timed-out', timedOutChecks, ...(hitBound ? { hitBound } : {}) };
  return { verdict: 'survived' };
}
