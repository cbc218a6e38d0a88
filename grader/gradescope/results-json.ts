// Gradescope's results.json (gradescope-autograders.readthedocs.io, "Autograder Specifications"): the
// total score, and one test per check with its points, its status and the check's failure story as
// output, in the kit's own words (the same story the terminal shows, without colour).
import { renderFailure, type PointsOf, type ReportStyle } from '../engine/report.ts';
import type { LabResult } from '../engine/types.ts';

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  tags: string[];
  visibility: 'visible';
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  visibility: 'visible';
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
}

export function renderGradescope(labs: LabResult[], seed: number, points: PointsOf, style: ReportStyle): GradescopeResults {
  const tests = labs.flatMap((lab) =>
    lab.checks.map((check, index) => {
      const score = points.check(lab, check);
      return {
        name: `Lab ${lab.id} · ${check.id}: ${check.title}`,
        // Gradescope orders tests by number: lab, then README step, then the check's place.
        number: `${lab.id}.${check.step}.${index + 1}`,
        score: score.points,
        max_score: score.maxPoints,
        status: check.passed ? ('passed' as const) : ('failed' as const),
        // Students replay a check in their own checkout: no --dir of the grading machine's.
        output: check.passed ? '' : renderFailure(lab, check, { ...style, color: false, replayFlags: '' }).join('\n'),
        tags: [`lab ${lab.id}`, `step ${check.step}`],
        visibility: 'visible' as const,
      };
    }),
  );
  const lines = labs.map((lab) => {
    const score = points.lab(lab);
    return `Lab ${lab.id} · ${lab.title}: ${lab.checks.filter((c) => c.passed).length}/${lab.checks.length} checks, ${score.points}/${score.maxPoints} points`;
  });
  return {
    score: tests.reduce((sum, test) => sum + test.score, 0),
    execution_time: Math.round(labs.reduce((sum, lab) => sum + lab.durationMs, 0) / 1000),
    output: [...lines, `Seed ${seed}: replay a check with the command under its story.`].join('\n'),
    visibility: 'visible',
    // The run's own output is for the course staff: the students' view is the tests above.
    stdout_visibility: 'hidden',
    tests,
  };
}
