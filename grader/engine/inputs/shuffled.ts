// Orders drawn from the seed: which of several requests, users or faults comes first.
import type { Random } from '../seeded-random.ts';

/** A shuffled copy (Fisher–Yates with the check's seeded random): every order equally likely. */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
