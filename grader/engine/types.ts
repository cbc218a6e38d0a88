// The grader's vocabulary: a lab is a list of checks; a check drives programs through a context
// that records every step, so a failure can tell the whole story.
import type { CheckContext } from './check-context.ts';
import type { RelayedTraffic } from './relayed-datagrams.ts';

export interface CheckDefinition {
  /** `area.behaviour`, stable: READMEs, hints and mutants refer to it. */
  id: string;
  /** The README step this check verifies. */
  step: number;
  /** What the check verifies, in one line. */
  title: string;
  /** Where to look when it fails: teaches, never gives the solution's code. */
  hint: string;
  /**
   * More detailed hints, asked for one at a time (`npm run hint`, `h` in watch mode) after `hint`;
   * each says more than the one before, and none gives the solution's code.
   */
  hints?: string[];
  /** The earlier lab's concept this check relies on; a failure names it. */
  buildsOn?: BuildsOn;
  /** The whole check's bound; the engine stops it and everything it started after this. */
  timeoutMs?: number;
  run(ctx: CheckContext): Promise<void>;
}

/** Read as "this is the {concept} from Lab {lab}, step {step}", e.g. the framing from Lab 01, step 4. */
export interface BuildsOn {
  lab: string;
  step: number;
  concept: string;
}

export interface LabDefinition {
  id: string;
  slug: string;
  title: string;
  /** False while the lab's starter and checks are not written yet. */
  released: boolean;
  /** README step number → step title. */
  steps: Record<number, string>;
  checks: CheckDefinition[];
}

export interface StepRecord {
  n: number;
  /** Milliseconds since the check began: shown in JSON results, where timing questions are asked. */
  atMs: number;
  text: string;
  /** Extra lines under the step: exact bytes, events. */
  detail: string[];
}

/**
 * What ended a failed check: one of its own expectations, the protocol monitor, or something that
 * says nothing about the behaviour the check is about — the program never got ready (it did not
 * compile, or crashed at start), the check ran out of time, or the grader itself broke. The self-proof
 * accepts only the first two as catching a mutant.
 */
export type FailureKind = 'expectation' | 'protocol' | 'start' | 'timeout' | 'grader';

/** One line (or data frame) that crossed a connection of the check, as the protocol monitor saw it. */
export interface WireRecord {
  /** Milliseconds since the check began, on the same clock as the steps. */
  atMs: number;
  /** The connection, in the check's words ("alice's client", "the grader"). */
  connection: string;
  from: 'grader' | 'program';
  /** The line as text (cut when long), or a data frame's header with its payload's length. */
  text: string;
  /** The monitor's breach on this line, if any. */
  breach?: string;
}

export interface Failure {
  expected: string;
  got: string;
  why: string;
  /** Absent means 'expectation'. */
  kind?: FailureKind;
  /** The protocol rule broken, when kind is 'protocol' (see grader/engine/monitor). */
  rule?: string;
  /** The hint of the expectation that failed, when it has its own; else the check's hint applies. */
  hint?: string;
  /** How each program of the check was doing when it failed. */
  state?: string[];
}

export interface CheckResult {
  id: string;
  step: number;
  title: string;
  passed: boolean;
  durationMs: number;
  steps: StepRecord[];
  failure?: Failure;
  /** Every line that crossed the check's connections, in time order; kept for failed checks only. */
  wire?: WireRecord[];
  /** What each lossy UDP relay between two programs did, windowed; kept for failed checks only. */
  relayed?: RelayedTraffic[];
}

/** `not-started`: the lab's files are still its starter, so its checks were not run. */
export type LabStatus = 'graded' | 'not-released' | 'not-started';

export interface LabResult {
  id: string;
  slug: string;
  title: string;
  status: LabStatus;
  steps: Record<number, string>;
  checks: CheckResult[];
  hints: Record<string, string>;
  /** Check id → the earlier lab's concept it relies on, named when the check fails. */
  buildsOn?: Record<string, BuildsOn>;
  /** Checks not run because the run stopped at the first failing one (`--first`). */
  notRun?: string[];
  durationMs: number;
}
