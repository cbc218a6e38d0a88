// The grader proves itself on Lab 02: the reference passes everything, the untouched starter passes
// nothing, and every mutant is caught by the check it names.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import { trackerAuthLab } from '../../grader/labs/02-tracker-auth/lab.ts';
import { trackerAuthMutants } from '../../grader/labs/02-tracker-auth/mutants.ts';
import { explain, grade, MUTANTS_DIR, SOLUTIONS, starterOnReferences, ONE_CHECK_MS, WHOLE_LAB_MS } from './lab-proof.ts';

describe('Lab 02 grader', () => {
  test('the reference solution passes every check', async () => {
    const result = await grade(trackerAuthLab, SOLUTIONS);
    expect(result.checks.filter((c) => !c.passed).map((c) => c.id), explain(result)).toEqual([]);
  }, WHOLE_LAB_MS);

  test('the untouched starter passes no check', async () => {
    const result = await grade(trackerAuthLab, starterOnReferences(trackerAuthLab.slug));
    expect(result.checks.filter((c) => c.passed).map((c) => c.id), explain(result)).toEqual([]);
  }, WHOLE_LAB_MS);

  describe.concurrent('mutants', () => {
    for (const mutant of trackerAuthMutants) {
      test(`${mutant.name} (${mutant.bug}) is caught by ${mutant.caughtBy}`, async () => {
        const root = materializeMutant(SOLUTIONS, trackerAuthLab.slug, mutant, join(MUTANTS_DIR, `02-${mutant.name}`));
        const result = await grade(trackerAuthLab, root, [mutant.caughtBy]);
        const check = result.checks.find((c) => c.id === mutant.caughtBy);
        expect(check?.passed, `the mutant passed ${mutant.caughtBy}:\n${explain(result)}`).toBe(false);
      }, ONE_CHECK_MS);
    }
  });
});
