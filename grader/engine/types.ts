// The grader's vocabulary: a lab is a list of checks; a check drives programs through a context
// that records every step, so a failure can tell the whole story.
import type { CheckContext } from './check-context.ts';

export interface CheckDefinition {
  /** `area.behaviour`, stable: READMEs, hints and mutants refer to it. */
  id: string;
  /** The README step this check verifies. */
  step: number;
  /** What the check verifies, in one line. */
  title: string;
  /** Where to look when it fails: teaches, never gives the solution's code. */
  hint: string;
  /** The whole check's bound; the engine stops it and everything it started after this. */
  timeoutMs?: number;
  run(ctx: CheckContext): Promise<void>;
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

export interface Failure {
  expected: string;
  got: string;
  why: string;
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
}

export type LabStatus = 'graded' | 'not-released';

export interface LabResult {
  id: string;
  slug: string;
  title: string;
  status: LabStatus;
  steps: Record<number, string>;
  checks: CheckResult[];
  hints: Record<string, string>;
  durationMs: number;
}
