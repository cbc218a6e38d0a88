// Deterministic randomness for the grader. Every random choice (how the fault proxy cuts a stream,
// which payload a check sends) comes from a seed, so `--seed N` replays a failing run exactly.
import { randomInt } from 'node:crypto';

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p (0 → never, 1 → always). */
  chance(p: number): boolean;
}

const MAX_SEED = 0x7fffffff;

/** mulberry32: tiny, fast and good enough for test data; the whole state is one 32-bit integer. */
export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };

  return {
    next,
    int(min, max) {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
        throw new RangeError(`int(min, max) needs integers with min <= max, got ${min}, ${max}`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    chance(p) {
      // Drawing even for p = 0 or 1 keeps the stream position independent of p.
      return next() < p;
    },
  };
}

/**
 * A seed of its own for one label (e.g. a check id), so each check's stream depends only on the run
 * seed and its label, never on which checks ran before it. FNV-1a over the seed and the label's
 * UTF-8 bytes, then a murmur3 finalizer to spread nearby inputs. Result: integer in [0, 2^31).
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5;
  const mix = (byte: number): void => {
    hash = Math.imul(hash ^ byte, 0x01000193);
  };
  const seed32 = seed >>> 0;
  for (let shift = 0; shift < 32; shift += 8) mix((seed32 >>> shift) & 0xff);
  for (const byte of Buffer.from(label, 'utf8')) mix(byte);

  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) & MAX_SEED;
}

/** A fresh run seed: a positive 31-bit integer, short enough to print and retype with --seed. */
export function newRunSeed(): number {
  return randomInt(1, MAX_SEED + 1);
}
