// A seeded sample of the mutants, in the order they are graded. The order is random too, so a run
// stopped halfway has graded an unbiased part of its sample.
import { createRandom } from '../../grader/engine/seeded-random.ts';

/**
 * `size` items drawn without replacement (all of them, shuffled, when there are fewer). The same
 * items, size and seed always give the same sample; the caller must pass the items in a stable order.
 */
export function seededSample<T>(items: readonly T[], size: number, seed: number): T[] {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`the sample size must be a whole number, got ${size}`);
  const random = createRandom(seed);
  const pool = [...items];
  const count = Math.min(size, pool.length);
  // The first `count` steps of a Fisher–Yates shuffle: each step draws from what is not drawn yet.
  for (let i = 0; i < count; i += 1) {
    const j = random.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
