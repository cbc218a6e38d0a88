// Usernames, passwords and ports drawn from the whole space of the rules of docs/PROTOCOL.md §1 and
// §3.3, corners first: a username is ^[a-z][a-z0-9_-]{2,31}$, a password 8–128 code points (not
// UTF-16 units, not bytes, not what a person sees as one character), a port an integer 1–65535.
import type { Random } from '../../engine/seeded-random.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const REST = `${LETTERS}0123456789_-`;

/** A name of exactly `length` characters that matches the pattern, with digits, `_` and `-` likely. */
export function usernameOfLength(random: Random, length: number): string {
  let name = random.pick([...LETTERS]);
  while (name.length < length) name += random.pick([...REST]);
  return name;
}

/**
 * Names that break the rule, one per corner a tracker can get wrong: each end of the length, an
 * uppercase letter, each wrong first character, a character outside the set, and Unicode that looks
 * right (the last two drawn from several).
 */
export function badUsernames(random: Random): Array<{ name: string; corner: string }> {
  // A valid name of letters only, so that each corner below changes exactly one thing about it.
  const valid = Array.from({ length: random.int(4, 10) }, () => random.pick([...LETTERS])).join('');
  const at = random.int(0, valid.length - 1);
  return [
    { name: usernameOfLength(random, 2), corner: '2 characters' },
    { name: usernameOfLength(random, 33), corner: '33 characters' },
    { name: `${valid.slice(0, at)}${valid[at]!.toUpperCase()}${valid.slice(at + 1)}`, corner: 'an uppercase letter' },
    { name: `${random.int(0, 9)}${valid}`, corner: 'a leading digit' },
    { name: `${random.pick(['_', '-'])}${valid}`, corner: 'a leading _ or -' },
    { name: `${valid.slice(0, 2)}${random.pick([' ', '.', '@', '!', '+', '/'])}${valid.slice(2)}`, corner: 'a character outside a-z 0-9 _ -' },
    random.pick([
      { name: `\u0430${valid.slice(1)}`, corner: 'a Cyrillic а that looks like a Latin a' },
      { name: `\uff41${valid.slice(1)}`, corner: 'a fullwidth ａ' },
      { name: `${valid}\u00e9`, corner: 'é as one code point (NFC)' },
      { name: `${valid}e\u0301`, corner: 'é as e + a combining accent (NFD)' },
      { name: `${valid}\u200b`, corner: 'an invisible zero-width space' },
      { name: `${valid.slice(0, 3)}\u0131${valid.slice(3)}`, corner: 'a dotless ı' },
    ]),
  ];
}

/**
 * A password of exactly `codePoints` code points that holds at least one emoji (2 UTF-16 units, 4
 * bytes) and one combining accent (a code point of its own, though a person sees one letter), so that
 * counting UTF-16 units, bytes or visible characters each gives another number.
 */
export function passwordOfCodePoints(random: Random, codePoints: number): string {
  const points: string[] = ['👋', 'e', '\u0301'];
  while (points.length < codePoints) {
    points.push(random.pick(['a', 'b', 'z', '7', ' ', '#', 'é', 'ß', 'ж', '€', '你', '😀', '🔑', '\u0301', '\u0308']));
  }
  const string = points.slice(0, codePoints).join('');
  if ([...string].length !== codePoints) throw new Error(`passwordOfCodePoints made ${[...string].length} code points, not ${codePoints}`);
  return string;
}

/** Ports that are numbers but not ports, one per corner: BAD_PORT, never BAD_MESSAGE (PROTOCOL §3.3). */
export function badPorts(random: Random): Array<{ port: number; corner: string }> {
  return [
    { port: random.pick([5.5, 1.5, 65534.5]), corner: 'not an integer' },
    { port: random.pick([0, -1]), corner: 'below 1' },
    { port: random.pick([65536, 70000]), corner: 'above 65535' },
  ];
}

/** Port values of the wrong JSON type: BAD_MESSAGE with field "port" (PROTOCOL §3.3). */
export const WRONG_TYPE_PORTS: readonly unknown[] = ['80', '5555', null, true, [80], { port: 80 }];
