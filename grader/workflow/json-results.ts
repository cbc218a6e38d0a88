// Reads the grader's --json output back into results, for a process that had a child grade for it
// (watch mode grades in a child so that quitting can stop everything the checks started).
import type { CheckResult, LabDefinition, LabResult, LabStatus, StepRecord } from '../engine/types.ts';
import { withBuildsOn } from './grading.ts';

interface JsonCheck {
  id: string;
  step: number;
  title: string;
  passed: boolean;
  durationMs: number;
  failure?: { expected: string; got: string; why: string; state?: string[] };
  steps?: StepRecord[];
}

interface JsonLab {
  id: string;
  status: LabStatus;
  durationMs: number;
  checks: JsonCheck[];
}

export function labResultsFromJson(text: string, labs: LabDefinition[]): { seed: number; results: LabResult[] } {
  const parsed = JSON.parse(text) as { seed: number; labs: JsonLab[] };
  const results = parsed.labs.map((json) => {
    const lab = labs.find((l) => l.id === json.id);
    if (!lab) throw new Error(`the grader reported lab ${json.id}, which this kit does not have`);
    const checks: CheckResult[] = json.checks.map((c) => {
      const check: CheckResult = { id: c.id, step: c.step, title: c.title, passed: c.passed, durationMs: c.durationMs, steps: c.steps ?? [] };
      if (c.failure) {
        const { expected, got, why, state } = c.failure;
        check.failure = state ? { expected, got, why, state } : { expected, got, why };
      }
      return check;
    });
    const hints = Object.fromEntries(lab.checks.map((c) => [c.id, c.hint]));
    return withBuildsOn({ id: lab.id, slug: lab.slug, title: lab.title, status: json.status, steps: lab.steps, checks, hints, durationMs: json.durationMs }, lab);
  });
  return { seed: parsed.seed, results };
}
