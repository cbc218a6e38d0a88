// The grader proves its reliable-UDP checks (Lab 04 steps 7 and 8): the reference passes them all,
// the untouched starter passes none, and every mutant is caught by the check it names.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import type { LabDefinition } from '../../grader/engine/types.ts';
import { udpChecks } from '../../grader/labs/04-file-transfer/udp-checks.ts';
import { udpMutants } from '../../grader/labs/04-file-transfer/udp-mutants.ts';
import { explain, grade, MUTANTS_DIR, SOLUTIONS, STARTERS } from './lab-proof.ts';

const udpLab: LabDefinition = {
  id: '04',
  slug: '04-file-transfer',
  title: 'File transfer',
  released: true,
  steps: { 7: 'Reliable UDP: Go-Back-N', 8: 'Reliable UDP: Selective Repeat' },
  checks: udpChecks,
};

describe('Lab 04 reliable-UDP grader', () => {
  test('the reference solution passes every UDP check', async () => {
    const result = await grade(udpLab, SOLUTIONS);
    const failing = result.checks.filter((c) => !c.passed).map((c) => c.id);
    expect(failing, explain(result)).toEqual([]);
    expect(result.checks).toHaveLength(udpChecks.length);
  }, 90_000);

  test('the untouched starter passes no UDP check', async () => {
    const result = await grade(udpLab, STARTERS);
    const passing = result.checks.filter((c) => c.passed).map((c) => c.id);
    expect(passing, explain(result)).toEqual([]);
  }, 90_000);

  test('every mutant names a UDP check, and the checks have unique ids', () => {
    const ids = udpChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const mutant of udpMutants) expect(ids).toContain(mutant.caughtBy);
    expect(new Set(udpMutants.map((m) => m.caughtBy)).size).toBeGreaterThanOrEqual(7);
  });

  describe.concurrent('mutants', () => {
    for (const mutant of udpMutants) {
      test(`${mutant.name} (${mutant.bug}) is caught by ${mutant.caughtBy}`, async () => {
        const root = materializeMutant(SOLUTIONS, udpLab.slug, mutant, join(MUTANTS_DIR, `04-udp-${mutant.name}`));
        const result = await grade(udpLab, root, [mutant.caughtBy]);
        const check = result.checks.find((c) => c.id === mutant.caughtBy);
        expect(check?.passed, `the mutant passed ${mutant.caughtBy}:\n${explain(result)}`).toBe(false);
      }, 60_000);
    }
  });
});
