// The grader's proof of itself for one lab, shared by every lab's test file: the reference passes
// everything, the untouched starter (on the earlier labs' references) passes nothing, and every mutant
// is caught by the check it names.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { materializeMutant, type Mutant } from '../../grader/engine/mutant.ts';
import { materializeTrim, type StepTrim } from '../../grader/engine/step-trim.ts';
import type { LabDefinition } from '../../grader/engine/types.ts';
import { explain, grade, MUTANTS_DIR, ONE_CHECK_MS, SOLUTIONS, STARTERS, starterOnReferences, WHOLE_LAB_MS } from './lab-proof.ts';

// Linux routes all of 127/8 to loopback; other systems may have 127.0.0.1 alone. Tried once, here.
const HAS_SECOND_LOOPBACK = spawnSync(process.execPath, ['-e', "require('dgram').createSocket('udp4').on('error', () => process.exit(1)).bind(0, '127.0.0.2', () => process.exit(0))"], { timeout: 10_000 }).status === 0;

export interface ProofOptions {
  /** Every check must be named by at least one mutant (the issue asked that each check be proven). */
  everyCheckHasMutant?: boolean;
  /** At least this many different checks must be named by mutants. */
  minimumChecksNamed?: number;
  /** The reference cut back to README steps: each must pass its step's checks and the earlier ones. */
  stepTrims?: StepTrim[];
}

export function proveLab(lab: LabDefinition, mutants: Mutant[], options: ProofOptions = {}): void {
  describe(`Lab ${lab.id} grader`, () => {
    test('the reference solution passes every check', async () => {
      const result = await grade(lab, SOLUTIONS);
      expect(result.checks.filter((c) => !c.passed).map((c) => c.id), explain(result)).toEqual([]);
      expect(result.checks).toHaveLength(lab.checks.length);
    }, WHOLE_LAB_MS);

    test('the untouched starter passes no check', async () => {
      const result = await grade(lab, starterOnReferences(lab.slug));
      expect(result.checks.filter((c) => c.passed).map((c) => c.id), explain(result)).toEqual([]);
    }, WHOLE_LAB_MS);

    test('check ids are unique and every mutant names a check of the lab', () => {
      const ids = lab.checks.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(mutants.map((m) => m.caughtBy).filter((id) => !ids.includes(id))).toEqual([]);
      const named = new Set(mutants.map((m) => m.caughtBy));
      if (options.everyCheckHasMutant) expect(ids.filter((id) => !named.has(id))).toEqual([]);
      expect(named.size).toBeGreaterThanOrEqual(options.minimumChecksNamed ?? 1);
    });

    // A lab without trims (one still being built) has no such block: an empty one would fail.
    describe.skipIf(!options.stepTrims?.length)('each step with only its own code', () => {
      for (const trim of options.stepTrims ?? []) {
        test(`through step ${trim.throughStep} (without ${trim.missing}): its checks and the earlier ones pass, a later one fails`, async () => {
          const root = materializeTrim(SOLUTIONS, STARTERS, lab.slug, trim, join(MUTANTS_DIR, `${lab.id}-through-step-${trim.throughStep}`));
          const upTo = lab.checks.filter((c) => c.step <= trim.throughStep).map((c) => c.id);
          const result = await grade(lab, root, upTo);
          expect(result.checks.filter((c) => !c.passed).map((c) => c.id), `a check of step ${trim.throughStep} or before needs a later step's code:\n${explain(result)}`).toEqual([]);
          // The trim must really lack the next step's code: some check of that step catches it.
          const next = lab.checks.filter((c) => c.step === trim.throughStep + 1).map((c) => c.id);
          const later = await grade(lab, root, next);
          expect(later.checks.filter((c) => !c.passed).length, `the trim through step ${trim.throughStep} passes every check of step ${trim.throughStep + 1}: it does not take that step's code out`).toBeGreaterThan(0);
        }, WHOLE_LAB_MS);
      }
    });

    describe.concurrent('mutants', () => {
      for (const mutant of mutants) {
        const unavailable = mutant.needs === 'second-loopback-address' && !HAS_SECOND_LOOPBACK;
        test.skipIf(unavailable)(`${mutant.name} (${mutant.bug}) is caught by ${mutant.caughtBy}`, async () => {
          const root = materializeMutant(SOLUTIONS, lab.slug, mutant, join(MUTANTS_DIR, `${lab.id}-${mutant.name}`));
          const result = await grade(lab, root, [mutant.caughtBy]);
          const check = result.checks.find((c) => c.id === mutant.caughtBy);
          expect(check?.passed, `the mutant passed ${mutant.caughtBy}:\n${explain(result)}`).toBe(false);
          // Caught only by the check's own expectation (or the monitor, when the mutant says so): a
          // compile error, a crash at start, the time bound or a grader bug proves nothing.
          const how = { by: check?.failure?.kind ?? 'expectation', ...(check?.failure?.rule ? { rule: check.failure.rule } : {}) };
          const wanted = { by: mutant.by ?? 'expectation', ...(mutant.rule ? { rule: mutant.rule } : how.rule ? { rule: how.rule } : {}) };
          expect(how, `the mutant failed ${mutant.caughtBy} the wrong way:\n${explain(result)}`).toEqual(wanted);
        }, ONE_CHECK_MS);
      }
    });
  });
}
