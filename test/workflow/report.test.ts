// What the report adds for the workflow: a failing check names the earlier lab's concept it builds
// on, an untouched lab reads "not started", and a graded submission's summary shows points.
import { describe, expect, test } from 'vitest';
import { renderJson, renderLab, renderSummary, type ReportStyle } from '../../grader/engine/report.ts';
import type { LabResult } from '../../grader/engine/types.ts';
import { LABS } from '../../grader/labs/index.ts';
import { notStartedResult } from '../../grader/workflow/grading.ts';
import { pointsView, unknownPointIds, loadPoints, type PointsTable } from '../../grader/workflow/points.ts';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';

const style: ReportStyle = { color: false, verbose: false, seed: 1, command: 'npm run grade --', replayFlags: '' };

const failingLab: LabResult = {
  id: '02',
  slug: '02-example',
  title: 'Example',
  status: 'graded',
  steps: { 1: 'Greeting' },
  checks: [
    { id: 'greeting.hello', step: 1, title: 'says hello', passed: false, durationMs: 5, steps: [], failure: { expected: 'a hello', got: 'nothing', why: 'peers greet' } },
    { id: 'greeting.twice', step: 1, title: 'says it twice', passed: true, durationMs: 5, steps: [] },
  ],
  hints: { 'greeting.hello': 'look at the greeting', 'greeting.twice': '' },
  buildsOn: { 'greeting.hello': { lab: '01', step: 4, concept: 'framing' } },
  durationMs: 10,
};

describe('report', () => {
  test('a failing check says which earlier lab concept it builds on', () => {
    const text = renderLab(failingLab, style);
    expect(text).toContain('builds on: this is the framing from Lab 01, step 4 (npm run grade -- 01 checks it)');
    const json = JSON.parse(renderJson([failingLab], 1)) as { labs: Array<{ checks: Array<{ failure?: { buildsOn?: unknown } }> }> };
    expect(json.labs[0]?.checks[0]?.failure?.buildsOn).toEqual({ lab: '01', step: 4, concept: 'framing' });
  });

  test('an untouched lab is "not started", counted as failing every check', () => {
    const lab = LABS[0]!;
    const result = notStartedResult(lab);
    expect(renderLab(result, style)).toContain(`not started: labs/${lab.slug}/ is still the starter`);
    expect(renderSummary([result], style)).toMatch(/0\/\d+ {2}not started/);
    const json = JSON.parse(renderJson([result], 1)) as { labs: Array<{ status: string; done: boolean; passed: number }> };
    expect(json.labs[0]).toMatchObject({ status: 'not-started', done: false, passed: 0 });
  });

  test('points come from the table, unlisted checks worth the default', () => {
    const table: PointsTable = { default: 1, labs: { '02': { 'greeting.hello': 3 } } };
    const points = pointsView(table);
    expect(points.lab(failingLab)).toEqual({ points: 1, maxPoints: 4 });
    expect(renderSummary([failingLab], { ...style, points })).toContain('1/4 points');
    const json = JSON.parse(renderJson([failingLab], 1, points)) as { points: number; maxPoints: number; labs: Array<{ checks: Array<{ points: number; maxPoints: number }> }> };
    expect(json).toMatchObject({ points: 1, maxPoints: 4 });
    expect(json.labs[0]?.checks.map((c) => [c.points, c.maxPoints])).toEqual([[0, 3], [1, 1]]);
  });

  test('grader/points.json names only checks that exist', () => {
    expect(unknownPointIds(loadPoints(REPO_ROOT), LABS)).toEqual([]);
  });
});
