// The command line of `npm run mutation-score`.
import { parseArgs } from 'node:util';
import type { LabDefinition } from '../../grader/engine/types.ts';
import { findLab, LABS } from '../../grader/labs/index.ts';

export const USAGE = `npm run mutation-score -- [NN…] [--sample N|all] [--seed S] [--concurrency N] [--check-concurrency N] [--fresh]

  NN…                  labs to measure (default: every released lab)
  --sample N|all       mutants graded per lab, drawn with the seed (default 100)
  --seed S             the sample's seed, also the grader's seed (default 1)
  --concurrency N      mutants graded at once (default 1; the machine has 2 cores)
  --check-concurrency N  checks at once within one grade (default 3, as npm run grade)
  --fresh              grade again what an earlier run of the same settings already graded`;

export interface MutationOptions {
  labs: LabDefinition[];
  sampleSize: number;
  seed: number;
  concurrency: number;
  checkConcurrency: number;
  fresh: boolean;
}

export function parseOptions(argv: readonly string[]): MutationOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { sample: { type: 'string' }, seed: { type: 'string' }, concurrency: { type: 'string' }, 'check-concurrency': { type: 'string' }, fresh: { type: 'boolean' } },
  });
  const labs = positionals.length === 0 ? LABS.filter((lab) => lab.released) : positionals.map((name) => findLab(name) ?? usageError(`no lab ${name}`));
  return {
    labs,
    sampleSize: values.sample === 'all' ? Number.MAX_SAFE_INTEGER : whole('--sample', values.sample ?? '100', 0),
    seed: whole('--seed', values.seed ?? '1', 0),
    concurrency: whole('--concurrency', values.concurrency ?? '1', 1),
    checkConcurrency: whole('--check-concurrency', values['check-concurrency'] ?? '3', 1),
    fresh: values.fresh ?? false,
  };
}

function whole(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) usageError(`${flag} needs a whole number of at least ${min}, got "${text}"`);
  return value;
}

function usageError(message: string): never {
  throw new Error(`${message}\n\n${USAGE}`);
}
