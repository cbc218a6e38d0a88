// Usernames drawn from the whole space §1 allows (`^[a-z][a-z0-9_-]{2,31}$`), corners included:
// 3 and 32 characters, digits, `_` and `-` anywhere after the first letter, names that sort
// differently as text and as numbers. Distinct within one draw.
import { USERNAME_PATTERN } from '#kit/protocol/limits.ts';
import type { Random } from '../seeded-random.ts';

const FIRST = 'abcdefghijklmnopqrstuvwxyz';
const REST = 'abcdefghijklmnopqrstuvwxyz0123456789_-';

export function drawUsername(random: Random): string {
  const length = random.pick([3, 3, 4, 5, 8, 12, 31, 32, random.int(3, 32)]);
  let name = random.pick([...FIRST]);
  while (name.length < length) name += random.pick([...REST]);
  if (!USERNAME_PATTERN.test(name)) throw new Error(`drawUsername made an invalid name: ${name}`);
  return name;
}

/** `count` different usernames. */
export function drawUsernames(random: Random, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(drawUsername(random));
  return [...names];
}
