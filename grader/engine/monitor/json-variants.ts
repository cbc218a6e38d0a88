// Other valid JSON encodings of the same value (§1: "a receiver MUST still accept any valid JSON
// encoding of the same value"): whitespace around every token, non-ASCII and "/" escaped, keys in
// another order, integers written with a fraction. A receiver that matches text instead of parsing
// JSON is caught.
import type { Random } from '../seeded-random.ts';

export function encodeVariant(value: unknown, random: Random): string {
  const gap = () => random.pick(['', ' ', '\t', '  ']);
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${gap()}${v.map((item) => `${write(item)}${gap()}`).join(`,${gap()}`)}]`;
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      if (random.chance(0.5)) entries.reverse(); // "type" need not come first
      return `{${gap()}${entries.map(([key, item]) => `${writeString(key)}${gap()}:${gap()}${write(item)}`).join(`${gap()},${gap()}`)}${gap()}}`;
    }
    if (typeof v === 'string') return writeString(v);
    if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31 && random.chance(0.3)) return `${v}.0`;
    return JSON.stringify(v);
  };
  const writeString = (text: string): string => {
    const escapeAll = random.chance(0.5);
    let out = '"';
    for (const unit of JSON.stringify(text).slice(1, -1).match(/\\.|[^\\]/gsu) ?? []) {
      const code = unit.length === 1 ? unit.charCodeAt(0) : -1;
      if (escapeAll && code > 0x7e) out += [...unit].map((c) => escapeUnits(c)).join('');
      else if (unit === '/' && escapeAll) out += '\\/';
      else out += unit;
    }
    return `${out}"`;
  };
  return `${gap()}${write(value)}${gap()}`;
}

/** A character as \uXXXX escapes of its UTF-16 units (a surrogate pair for characters past U+FFFF). */
function escapeUnits(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i += 1) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
