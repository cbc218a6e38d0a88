// The HTML report of one failing check per lab, held against a golden outline (test/golden/
// html-report.txt): its lifelines, every step of its diagram in order, what is red, the records
// linked. The inputs are real failed checks of mutants, recorded once (test/golden/html-report/,
// see record-fixtures.ts), not graded anew: a live run draws its lines in an order that depends on
// timing (a program's event and the grader's next line within the same millisecond), so a golden of
// it would flap. The whole HTML is not kept either: coordinates say nothing and change with any tweak.
// UPDATE_GOLDEN=1 rewrites the outline after an intended change; read the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderReportPage } from '../../grader/engine/html-report/report-page.ts';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import type { LabResult } from '../../grader/engine/types.ts';
import { FIXTURES } from '../golden/html-report/fixtures.ts';
import { reportOutline } from './report-outline.ts';

const GOLDEN = join(REPO_ROOT, 'test', 'golden', 'html-report.txt');
const STYLE = { color: false, verbose: false, seed: 1, command: 'npm run grade --', replayFlags: '--dir .work/mutants/report-golden' };

function fixture(lab: string, check: string): LabResult {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'golden', 'html-report', `lab${lab}-${check}.json`), 'utf8')) as LabResult;
}

describe('the HTML report', () => {
  test('of one failing check per lab has the golden structure', () => {
    const outlines = FIXTURES.map(({ lab, check }) => {
      const html = renderReportPage([fixture(lab, check)], { style: STYLE, gradedAt: 'today', source: 'a mutant' });
      return `# Lab ${lab}\n${reportOutline(html)}`;
    }).join('\n');
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, outlines);
    expect(outlines).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  test('draws every step of each fixture, and exactly one failure in red unless a breach is red too', () => {
    for (const { lab, check } of FIXTURES) {
      const result = fixture(lab, check);
      const html = renderReportPage([result], { style: STYLE, gradedAt: 'today', source: 'a mutant' });
      const failed = result.checks.find((c) => !c.passed)!;
      const alerts = html.match(/<a class="step [a-z]+ alert"/g) ?? [];
      const breaches = (failed.wire ?? []).filter((record) => record.breach).length;
      expect(alerts.length, `${lab} ${check}`).toBe(1 + breaches);
      // Every numbered step appears in a record, so the diagram leaves none of the story out.
      for (const step of failed.steps) expect(html, `${lab} ${check} step ${step.n}`).toMatch(new RegExp(`(?:<pre>|step )${step.n}\\. `));
    }
  });
});
