// The grader proves itself on Lab 04, TCP and UDP steps alike: the reference passes everything, the
// untouched starter passes nothing, and every mutant is caught by the check it names.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import { fileMutants } from '../../grader/labs/04-file-transfer/file-mutants.ts';
import { fileTransferLab } from '../../grader/labs/04-file-transfer/lab.ts';
import { udpMutants } from '../../grader/labs/04-file-transfer/udp-mutants.ts';
import { explain, grade, MUTANTS_DIR, SOLUTIONS, starterOnReferences, ONE_CHECK_MS, WHOLE_LAB_MS } from './lab-proof.ts';

const mutants = [...fileMutants, ...udpMutants];

describe('Lab 04 grader', () => {
  test('the reference solution passes every check', async () => {
    const result = await grade(fileTransferLab, SOLUTIONS);
    expect(result.checks.filter((c) => !c.passed).map((c) => c.id), explain(result)).toEqual([]);
  }, WHOLE_LAB_MS);

  test('the untouched starter passes no check', async () => {
    const result = await grade(fileTransferLab, starterOnReferences(fileTransferLab.slug));
    expect(result.checks.filter((c) => c.passed).map((c) => c.id), explain(result)).toEqual([]);
  }, WHOLE_LAB_MS);

  test('every mutant names a check of the lab, and check ids are unique', () => {
    const ids = fileTransferLab.checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const mutant of mutants) expect(ids).toContain(mutant.caughtBy);
  });

  describe.concurrent('mutants', () => {
    for (const mutant of mutants) {
      test(`${mutant.name} (${mutant.bug}) is caught by ${mutant.caughtBy}`, async () => {
        const root = materializeMutant(SOLUTIONS, fileTransferLab.slug, mutant, join(MUTANTS_DIR, `04-${mutant.name}`));
        const result = await grade(fileTransferLab, root, [mutant.caughtBy]);
        const check = result.checks.find((c) => c.id === mutant.caughtBy);
        expect(check?.passed, `the mutant passed ${mutant.caughtBy}:\n${explain(result)}`).toBe(false);
      }, ONE_CHECK_MS);
    }
  });
});
