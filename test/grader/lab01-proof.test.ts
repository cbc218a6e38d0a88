// The grader proves itself on Lab 01: the reference passes everything, the untouched starter passes
// nothing, and every mutant is caught by the check it names.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import { twoPeersLab } from '../../grader/labs/01-two-peers/lab.ts';
import { twoPeersMutants } from '../../grader/labs/01-two-peers/mutants.ts';
import { explain, grade, MUTANTS_DIR, SOLUTIONS, starterOnReferences, ONE_CHECK_MS, WHOLE_LAB_MS } from './lab-proof.ts';

describe('Lab 01 grader', () => {
  test('the reference solution passes every check', async () => {
    const result = await grade(twoPeersLab, SOLUTIONS);
    const failing = result.checks.filter((c) => !c.passed).map((c) => c.id);
    expect(failing, explain(result)).toEqual([]);
    expect(result.checks).toHaveLength(twoPeersLab.checks.length);
  }, WHOLE_LAB_MS);

  test('the untouched starter passes no check', async () => {
    const result = await grade(twoPeersLab, starterOnReferences(twoPeersLab.slug));
    const passing = result.checks.filter((c) => c.passed).map((c) => c.id);
    expect(passing, explain(result)).toEqual([]);
  }, WHOLE_LAB_MS);

  test('every check is named by at least one mutant or is a baseline check', () => {
    const named = new Set(twoPeersMutants.map((m) => m.caughtBy));
    for (const mutant of twoPeersMutants) expect(twoPeersLab.checks.map((c) => c.id)).toContain(mutant.caughtBy);
    expect(named.size).toBeGreaterThanOrEqual(8);
  });

  describe.concurrent('mutants', () => {
    for (const mutant of twoPeersMutants) {
      test(`${mutant.name} (${mutant.bug}) is caught by ${mutant.caughtBy}`, async () => {
        const root = materializeMutant(SOLUTIONS, twoPeersLab.slug, mutant, join(MUTANTS_DIR, `01-${mutant.name}`));
        const result = await grade(twoPeersLab, root, [mutant.caughtBy]);
        const check = result.checks.find((c) => c.id === mutant.caughtBy);
        expect(check?.passed, `the mutant passed ${mutant.caughtBy}:\n${explain(result)}`).toBe(false);
      }, ONE_CHECK_MS);
    }
  });
});
