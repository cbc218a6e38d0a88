// The grader proves itself on Lab 03: the reference passes everything, the untouched starter passes
// nothing, and every mutant is caught by the check it names.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import { rosterAndDirectLab } from '../../grader/labs/03-roster-and-direct/lab.ts';
import { rosterAndDirectMutants } from '../../grader/labs/03-roster-and-direct/mutants.ts';
import { explain, grade, MUTANTS_DIR, SOLUTIONS, starterOnReferences, ONE_CHECK_MS, WHOLE_LAB_MS } from './lab-proof.ts';

describe('Lab 03 grader', () => {
  test('the reference solution passes every check', async () => {
    const result = await grade(rosterAndDirectLab, SOLUTIONS);
    expect(result.checks.filter((c) => !c.passed).map((c) => c.id), explain(result)).toEqual([]);
  }, WHOLE_LAB_MS);

  test('the untouched starter passes no check', async () => {
    const result = await grade(rosterAndDirectLab, starterOnReferences(rosterAndDirectLab.slug));
    expect(result.checks.filter((c) => c.passed).map((c) => c.id), explain(result)).toEqual([]);
  }, WHOLE_LAB_MS);

  describe.concurrent('mutants', () => {
    for (const mutant of rosterAndDirectMutants) {
      test(`${mutant.name} (${mutant.bug}) is caught by ${mutant.caughtBy}`, async () => {
        const root = materializeMutant(SOLUTIONS, rosterAndDirectLab.slug, mutant, join(MUTANTS_DIR, `03-${mutant.name}`));
        const result = await grade(rosterAndDirectLab, root, [mutant.caughtBy]);
        const check = result.checks.find((c) => c.id === mutant.caughtBy);
        expect(check?.passed, `the mutant passed ${mutant.caughtBy}:\n${explain(result)}`).toBe(false);
      }, ONE_CHECK_MS);
    }
  });
});
