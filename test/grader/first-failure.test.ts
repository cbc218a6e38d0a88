// --first: the run stops at the first failing check (the ones already running finish), says which
// checks it did not run, and counts them in the totals and the points, never as passed.
import { describe, expect, it } from 'vitest';
import { fail } from '../../grader/engine/check-failure.ts';
import { renderLab, renderSummary } from '../../grader/engine/report.ts';
import { runLab } from '../../grader/engine/run-lab.ts';
import type { CheckDefinition, LabDefinition } from '../../grader/engine/types.ts';
import { pointsView } from '../../grader/workflow/points.ts';

const check = (id: string, step: number, passes: boolean): CheckDefinition => ({
  id,
  step,
  title: id,
  hint: 'h',
  async run() {
    if (!passes) fail({ expected: 'a pass', got: 'a failure', why: 'this check is written to fail' });
  },
});

const lab: LabDefinition = {
  id: '99',
  slug: '99-none',
  title: 'A lab of plain checks',
  released: true,
  steps: { 1: 'one', 2: 'two' },
  checks: [check('a.pass', 1, true), check('b.fail', 1, false), check('c.pass', 2, true), check('d.fail', 2, false)],
};

const style = { color: false, verbose: false, seed: 1, command: 'npm run grade --', replayFlags: '' };

describe('runLab with firstFailure', () => {
  it('runs nothing after the first failing check, and names what it left out', async () => {
    const result = await runLab(lab, { labsRoot: '/nowhere', seed: 1, concurrency: 1, firstFailure: true });
    expect(result.checks.map((c) => [c.id, c.passed])).toEqual([['a.pass', true], ['b.fail', false]]);
    expect(result.notRun).toEqual(['c.pass', 'd.fail']);
    expect(renderLab(result, style)).toContain('stopped at the first failing check: 2 more not run');
    expect(renderSummary([result], style)).toContain('1 failing, 2 not run');
    const score = pointsView({ default: 1, labs: {} }).lab(result);
    expect(score).toEqual({ points: 1, maxPoints: 4 });
  });

  it('runs every check without it', async () => {
    const result = await runLab(lab, { labsRoot: '/nowhere', seed: 1, concurrency: 1 });
    expect(result.checks).toHaveLength(4);
    expect(result.notRun).toBeUndefined();
  });
});
