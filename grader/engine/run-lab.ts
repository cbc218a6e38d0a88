// Runs a lab's checks a few at a time, each bounded in time and cleaned up after, and returns the
// results in the lab's order whatever order they finished in.
import { fileURLToPath } from 'node:url';
import { CheckContext } from './check-context.ts';
import { CheckFailure } from './check-failure.ts';
import { MONITOR_RULES } from './monitor/rules.ts';
import type { Violation } from './monitor/violation.ts';
import { createRandom, deriveSeed } from './seeded-random.ts';
import type { CheckDefinition, CheckResult, LabDefinition, LabResult } from './types.ts';

export const DEFAULT_CHECK_TIMEOUT_MS = 15_000;

export interface RunOptions {
  labsRoot: string;
  seed: number;
  /** Check ids to run; all when empty. */
  only?: string[];
  concurrency?: number;
  shownFrom?: string;
  /** Earlier labs taken from the reference solutions: folder URL pairs from borrowMappings(). */
  borrow?: Array<[string, string]>;
  /** Called as each check finishes (progress bars). */
  onCheckDone?: (result: CheckResult, done: number, total: number) => void;
  /**
   * Stop at the first failing check: the checks already running finish, no other starts. The
   * quickest answer while a student works through the steps in order (`--first`).
   */
  firstFailure?: boolean;
}

// node --import wants a URL; resolving it here means a graded checkout needs no tsx of its own.
export const TSX_IMPORT = import.meta.resolve('tsx');
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function runLab(lab: LabDefinition, options: RunOptions): Promise<LabResult> {
  const began = performance.now();
  const hints = Object.fromEntries(lab.checks.map((c) => [c.id, c.hint]));
  if (!lab.released) {
    return { id: lab.id, slug: lab.slug, title: lab.title, status: 'not-released', steps: lab.steps, checks: [], hints, durationMs: 0 };
  }
  const selected = selectChecks(lab, options.only ?? []);
  const results: CheckResult[] = new Array(selected.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (next < selected.length && !(failed && options.firstFailure)) {
      const index = next++;
      const check = selected[index]!;
      results[index] = await runCheck(lab, check, options);
      if (!results[index]!.passed) failed = true;
      done += 1;
      options.onCheckDone?.(results[index]!, done, selected.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 3, selected.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const ran = results.filter((result): result is CheckResult => result !== undefined);
  const notRun = selected.filter((_, index) => results[index] === undefined).map((check) => check.id);
  return { id: lab.id, slug: lab.slug, title: lab.title, status: 'graded', steps: lab.steps, checks: ran, hints, ...(notRun.length > 0 ? { notRun } : {}), durationMs: performance.now() - began };
}

function selectChecks(lab: LabDefinition, only: string[]): CheckDefinition[] {
  if (only.length === 0) return lab.checks;
  const unknown = only.filter((id) => !lab.checks.some((c) => c.id === id || c.id.startsWith(`${id}.`)));
  if (unknown.length > 0) throw new Error(`lab ${lab.id} has no check ${unknown.join(', ')}`);
  return lab.checks.filter((c) => only.some((id) => c.id === id || c.id.startsWith(`${id}.`)));
}

export async function runCheck(lab: LabDefinition, check: CheckDefinition, options: RunOptions): Promise<CheckResult> {
  const seed = deriveSeed(options.seed, `${lab.id}/${check.id}`);
  const ctx = new CheckContext({
    labsRoot: options.labsRoot,
    labSlug: lab.slug,
    random: createRandom(seed),
    seed,
    // Off only for the benchmark that measures the monitor's cost; never for grading.
    monitor: process.env.GRADER_MONITOR !== 'off',
    tsxImport: TSX_IMPORT,
    shownFrom: options.shownFrom ?? process.cwd(),
    ...(options.borrow ? { borrow: options.borrow } : {}),
  });
  const began = performance.now();
  const timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  // A breach of the protocol ends the check at once: what the check waits for may never come.
  const breached = ctx.protocol.breached.then(() => 'breach' as const);
  const running = check.run(ctx).then(() => 'done' as const);
  running.catch(() => {}); // it may still fail after a breach or the time bound ended the check
  let failure: CheckResult['failure'];
  try {
    const outcome = await Promise.race([running, outOfTime, breached]);
    if (outcome === 'timeout') {
      const last = ctx.log.steps.at(-1);
      failure = {
        expected: `the check to finish within ${timeoutMs / 1000} s`,
        got: `it was still waiting after step ${last ? `${last.n} (${last.text})` : '0'}`,
        why: 'every check is bounded in time so that a stuck program cannot hang the grader',
        kind: 'timeout',
      };
    }
  } catch (error) {
    failure = error instanceof CheckFailure ? { kind: 'expectation', ...error.failure } : gradingBug(error);
  } finally {
    clearTimeout(timer);
    // A check that passed is judged once more: requests its connections still owe an answer.
    if (!failure) ctx.protocol.checkEnded();
    // A breach is the root cause of whatever went wrong after it, and fails a check that passed.
    const violation = ctx.protocol.first;
    if (violation && failure?.kind !== 'start') failure = protocolFailure(violation);
    if (failure) failure = { ...failure, state: ctx.programStates() };
    await ctx.cleanUp();
  }
  const result: CheckResult = {
    id: check.id,
    step: check.step,
    title: check.title,
    passed: failure === undefined,
    durationMs: performance.now() - began,
    steps: ctx.log.steps,
  };
  if (failure) {
    result.failure = failure;
    result.wire = ctx.protocol.wire;
    if (ctx.relayed.length > 0) result.relayed = ctx.relayed.map((relay) => relay.traffic());
  }
  return result;
}

function protocolFailure(violation: Violation): NonNullable<CheckResult['failure']> {
  return {
    expected: `what ${violation.connection} receives to follow docs/PROTOCOL.md ${violation.section}: ${violation.expected}`,
    got: violation.got,
    why: `${violation.why} (every check watches every connection for breaches of the protocol, whatever it is about)`,
    kind: 'protocol',
    rule: violation.rule,
    hint: MONITOR_RULES[violation.rule].hint,
  };
}

// An exception that is not a CheckFailure is the grader's fault, not the student's: say so.
function gradingBug(error: unknown): NonNullable<CheckResult['failure']> {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { expected: 'the check to run', got: `the grader itself failed: ${text}`, why: 'this is a bug in the grader; please report it with the seed', kind: 'grader' };
}
