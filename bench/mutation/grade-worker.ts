// Grades one folder of labs with the grader's own runLab, in a process of its own so that the
// benchmark can stop it (and every program it started) at any moment. Prints one JSON line per
// program file started and per check finished, as they happen, then a last line when done.
//   node --import tsx bench/mutation/grade-worker.ts --lab 01 --root PATH --seed N --check-concurrency K
import { parseArgs } from 'node:util';
import { CheckContext } from '../../grader/engine/check-context.ts';
import { runLab } from '../../grader/engine/run-lab.ts';
import type { CheckResult } from '../../grader/engine/types.ts';
import { findLab } from '../../grader/labs/index.ts';
import type { WorkerLine } from './worker-lines.ts';

// runCheck's own words when a check outlives its bound (grader/engine/run-lab.ts), for an engine whose
// failures do not say their kind yet.
const CHECK_TIMEOUT_EXPECTED = /^the check to finish within /;

/** What ended a failed check (absent kind means one of its own expectations). */
function failureKind(result: CheckResult): string | undefined {
  if (!result.failure) return undefined;
  const { kind } = result.failure as { kind?: string };
  return kind ?? (CHECK_TIMEOUT_EXPECTED.test(result.failure.expected) ? 'timeout' : 'expectation');
}

function say(line: WorkerLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

// Which of the lab's files the checks start, learned from CheckContext.start itself: runLab offers no
// hook for it, and listing them here again would go stale when a lab gains a program.
function reportStartedFiles(): void {
  const seen = new Set<string>();
  const start = CheckContext.prototype.start;
  CheckContext.prototype.start = function (this: CheckContext, file, ...rest) {
    if (!seen.has(file)) {
      seen.add(file);
      say({ type: 'started', file });
    }
    return start.call(this, file, ...rest);
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { lab: { type: 'string' }, root: { type: 'string' }, seed: { type: 'string' }, 'check-concurrency': { type: 'string' } }, strict: true });
  const lab = findLab(values.lab ?? '');
  if (!lab || !values.root) throw new Error('usage: grade-worker.ts --lab NN --root PATH --seed N --check-concurrency K');
  reportStartedFiles();
  const result = await runLab(lab, {
    labsRoot: values.root,
    seed: Number(values.seed ?? 1),
    concurrency: Number(values['check-concurrency'] ?? 3),
    shownFrom: values.root,
    onCheckDone: (check) => {
      const kind = failureKind(check);
      const got = check.failure?.got.slice(0, 300);
      say({ type: 'check', id: check.id, passed: check.passed, ...(kind ? { kind } : {}), ...(got === undefined ? {} : { got }) });
    },
  });
  say({ type: 'done', durationMs: result.durationMs });
}

// process.exit: a program the grader failed to stop must not keep the worker alive past its verdict.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
