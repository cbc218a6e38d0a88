// The grader proves itself on Lab 05: the reference passes everything, the untouched starter passes
// nothing, and every mutant is caught by the check it names.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import { sessionLogLab } from '../../grader/labs/05-session-log/lab.ts';
import { sessionLogMutants } from '../../grader/labs/05-session-log/mutants.ts';
import { explain, grade, MUTANTS_DIR, SOLUTIONS, starterOnReferences, ONE_CHECK_MS, WHOLE_LAB_MS } from './lab-proof.ts';

describe('Lab 05 grader', () => {
  test('the reference solution passes every check', async () => {
    const result = await grade(sessionLogLab, SOLUTIONS);
    expect(result.checks.filter((c) => !c.passed).map((c) => c.id), explain(result)).toEqual([]);
  }, WHOLE_LAB_MS);

  test('the untouched starter passes no check', async () => {
    const result = await grade(sessionLogLab, starterOnReferences(sessionLogLab.slug));
    expect(result.checks.filter((c) => c.passed).map((c) => c.id), explain(result)).toEqual([]);
  }, WHOLE_LAB_MS);

  test('every check has a mutant that names it', () => {
    const named = new Set(sessionLogMutants.map((m) => m.caughtBy));
    expect(sessionLogLab.checks.map((c) => c.id).filter((id) => !named.has(id))).toEqual([]);
  });

  describe.concurrent('mutants', () => {
    for (const mutant of sessionLogMutants) {
      test(`${mutant.name} (${mutant.bug}) is caught by ${mutant.caughtBy}`, async () => {
        const root = materializeMutant(SOLUTIONS, sessionLogLab.slug, mutant, join(MUTANTS_DIR, `05-${mutant.name}`));
        const result = await grade(sessionLogLab, root, [mutant.caughtBy]);
        const check = result.checks.find((c) => c.id === mutant.caughtBy);
        expect(check?.passed, `the mutant passed ${mutant.caughtBy}:\n${explain(result)}`).toBe(false);
      }, ONE_CHECK_MS);
    }
  });
});
