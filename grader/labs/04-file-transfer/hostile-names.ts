// File names another peer may send, drawn from the whole hostile space of PROTOCOL §1 ("Safe file
// names"): every family every time, each with fresh seeded details, so that a receiver cannot pass by
// knowing a fixed list. Every name that could land somewhere carries the run's mark, so an escaped file
// is recognisable wherever it ends up.
import { MAX_FILE_NAME_BYTES } from '#kit/protocol/limits.ts';
import type { Random } from '../../engine/seeded-random.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';

export interface HostileName {
  /** Which part of the space it comes from, for the transcript. */
  family: string;
  name: string;
  /** Over 255 bytes: not a valid file name at all, so the message carrying it is refused (§2.4). */
  overLong?: boolean;
}

export interface NameSpace {
  /** A few letters that make this run's names recognisable. */
  mark: string;
  /** How many folders the downloads folder may climb and still be inside the grader's tree. */
  climb: number;
  /** An absolute folder inside the grader's tree, for names that start with "/". */
  absoluteDir: string;
  /** For /get: no separators of the command line (","), no line breaks, nothing trim() would remove. */
  typed?: boolean;
}

type Family = (random: Random, space: NameSpace) => string[];

const SEPARATORS = ['/', '\\'];
const DEVICES = ['con', 'prn', 'aux', 'nul', ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`)];
const FORBIDDEN = ['<', '>', ':', '"', '|', '?', '*'];
// Look like "." and "/" or "\" to a person; the NFKC ones become them under Unicode normalisation.
const NFKC_DOTS = ['\uff0e', '\ufe52', '\u2024'];
const NFKC_SLASHES = ['\uff0f', '\uff3c', '\ufe68'];
const LOOKALIKE_DOTS = ['\u00b7', '\u2219', '\u0701'];
const LOOKALIKE_SLASHES = ['\u2215', '\u2044', '\u29f8'];
// Characters of 2 and 3 bytes in UTF-8, and of 4 (two UTF-16 units each).
const WIDE = ['é', 'ß', 'ж', '中', '語', '€'];
const ASTRAL = ['🙂', '𝄞', '𠜎'];

function plain(random: Random, space: NameSpace): string {
  return `${random.pick(['x', 'notes', 'report', 'evil', 'a b'])}-${space.mark}${random.pick(['.txt', '.sh', '', '.tar.gz'])}`;
}

function joined(random: Random, parts: string[]): string {
  return parts.reduce((path, part) => `${path}${random.pick(SEPARATORS)}${part}`);
}

// C0 controls (NUL, BEL, ESC, …) and DEL with the C1 controls (U+0080–U+009F, e.g. NEL U+0085).
const C0 = (random: Random, typed: boolean) => random.pick([0, random.int(1, 8), 0x1b, random.int(0x0e, 0x1f), ...(typed ? [] : [0x09, 0x0a, 0x0d])]);
const C1 = (random: Random) => random.pick([0x7f, 0x85, random.int(0x80, 0x9f)]);

function mixedCase(random: Random, text: string): string {
  return [...text].map((c) => (random.chance(0.5) ? c.toUpperCase() : c)).join('');
}

function wideText(random: Random, bytes: number, alphabet = WIDE): string {
  let text = '';
  while (Buffer.byteLength(text) < bytes) {
    const next = random.pick(alphabet);
    text += Buffer.byteLength(text + next) <= bytes ? next : 'a';
  }
  return text;
}

const FAMILIES: Record<string, Family> = {
  // a/../../x: a plain start, then enough ".." to climb out
  'climb in the middle': (random, space) => {
    const up = random.int(2, space.climb);
    const start = Array.from({ length: random.int(1, up - 1) }, () => random.pick(['a', 'sub', 'etc', 'docs']));
    return [joined(random, [...start, ...Array<string>(up).fill('..'), plain(random, space)])];
  },
  'climb at the start': (random, space) => [joined(random, [...Array<string>(random.int(1, space.climb)).fill('..'), plain(random, space)])],
  'climb with backslashes only': (random, space) => [`${'..\\'.repeat(random.int(1, space.climb))}${plain(random, space)}`],
  'climb through "." and empty parts': (random, space) => [`${random.pick(['./', './/', 'a/./', ''])}${'..//./'.repeat(random.int(1, space.climb - 1))}${plain(random, space)}`],
  'absolute path': (random, space) => [`${random.pick(['', '/', '//'])}${space.absoluteDir}/${random.pick(['', './', 'a/../'])}${plain(random, space)}`],
  'drive or UNC path': (random, space) => [`${random.pick(['C:\\', 'c:/', 'D:', 'C:..\\', '\\\\?\\C:\\', '\\\\server\\share\\'])}${plain(random, space)}`],
  'URL-encoded climb': (random, space) => {
    const up = random.pick(['%2e%2e%2f', '%2E%2E/', '..%2f', '%2e%2e%5c', '..%5c', '%252e%252e%252f']);
    return [`${up.repeat(random.int(1, space.climb))}${plain(random, space)}`];
  },
  // One that NFKC turns into a real climb, and one of characters that only look like one.
  'Unicode look-alike climb': (random, space) =>
    [[NFKC_DOTS, NFKC_SLASHES], [LOOKALIKE_DOTS, LOOKALIKE_SLASHES]].map(([dots, slashes]) => {
      const up = `${random.pick(dots!).repeat(2)}${random.pick(slashes!)}`;
      return `${up.repeat(random.int(1, space.climb))}${plain(random, space)}`;
    }),
  'trailing dots and spaces': (random, space) => [`${plain(random, space)}${random.pick(space.typed ? ['.', '..', '. .', '...'] : ['.', ' ', '. ', ' .', '...', '.  '])}`],
  // one with an extension (still a device on Windows), one bare or with a trailing dot or space
  'device name': (random, space) => [
    `${mixedCase(random, random.pick(DEVICES))}${random.pick(['.txt', '.tar.gz', '.log', '.c'])}`,
    `${mixedCase(random, random.pick(DEVICES))}${random.pick(space.typed ? ['', '.'] : ['', '.', ' '])}`,
  ],
  // one name with a C0 control, one with DEL or a C1 control; never first when typed (trim() eats some)
  'control characters': (random, space) =>
    [C0(random, space.typed ?? false), C1(random)].map((code) => {
      const name = plain(random, space);
      const at = random.int(space.typed ? 1 : 0, name.length - 1);
      return `${name.slice(0, at)}${String.fromCharCode(code)}${name.slice(at)}`;
    }),
  'terminal escape': (random, space) => [`\u001b[${random.pick(['2J', '31m', '1A\u001b[2K'])}${plain(random, space)}`],
  'characters Windows forbids': (random, space) => {
    const name = plain(random, space);
    const at = random.int(1, name.length - 1);
    return [`${name.slice(0, at)}${random.pick(FORBIDDEN)}${name.slice(at)}`];
  },
  'only dots': (random) => [random.pick(['.', '..', '...', '. .', `..${random.pick(SEPARATORS)}`, `${random.pick(SEPARATORS)}..`])],
  'a path to a folder': (random, space) => [`${random.pick(['a', 'sub', space.mark])}${random.pick(SEPARATORS)}${random.pick(['', '.', '..'])}`],
  'hidden name': (random, space) => [`.${plain(random, space)}`],
  // legal and harmless: 4-byte characters are characters, not halves of one
  'characters beyond the BMP': (random, space) => [`${wideText(random, random.int(4, 16), ASTRAL)}-${plain(random, space)}`],
  // exactly 255 bytes of 2- and 3-byte characters: legal, but no room left for "-1"
  '255 bytes of UTF-8, twice': (random, space) => {
    const name = `${space.mark}${wideText(random, MAX_FILE_NAME_BYTES - space.mark.length)}`;
    return [name, name];
  },
  'same name after reduction': (random, space) => {
    const name = plain(random, space);
    return [`${random.pick(['a', 'b', '..'])}${random.pick(SEPARATORS)}${name}`, `${random.pick(['c', 'd'])}${random.pick(SEPARATORS)}${name}`];
  },
};

// Families a person cannot type into a /get: a surrogate half has no UTF-8 form, and a name over 255
// bytes is not a file name (a whohas with one is itself invalid).
const UNTYPEABLE: Record<string, Family> = {
  'half of a surrogate pair': (random, space) => [`${plain(random, space)}${random.pick(['\ud800', '\udfff', '\udbff'])}`],
  'over 255 bytes of UTF-8': (random, space) => [`${space.mark}${wideText(random, random.int(MAX_FILE_NAME_BYTES + 1, MAX_FILE_NAME_BYTES + 40) - space.mark.length, [...WIDE, ...ASTRAL])}`],
};

/** One or two names of every family, in a seeded order. */
export function drawHostileNames(random: Random, space: NameSpace): HostileName[] {
  const families = { ...FAMILIES, ...(space.typed ? {} : UNTYPEABLE) };
  const names = Object.entries(families).flatMap(([family, draw]) =>
    draw(random, space).map((name) => ({ family, name, ...(Buffer.byteLength(name) > MAX_FILE_NAME_BYTES ? { overLong: true } : {}) })),
  );
  // Pairs stay in order (the second of a pair is the one that must get a new name); the rest shuffle.
  return shuffleKeepingPairs(random, names);
}

function shuffleKeepingPairs(random: Random, names: HostileName[]): HostileName[] {
  const groups: HostileName[][] = [];
  for (const name of names) {
    const last = groups.at(-1);
    if (last && last[0]!.family === name.family) last.push(name);
    else groups.push([name]);
  }
  return shuffled(random, groups).flat();
}

/** A run's mark: six seeded lowercase letters. */
export function drawMark(random: Random): string {
  return Array.from({ length: 6 }, () => String.fromCharCode(random.int(97, 122))).join('');
}
