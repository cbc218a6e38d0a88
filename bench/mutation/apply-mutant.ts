// A generated mutant applied as a plain text edit of the reference file, so the mutated program is the
// reference byte for byte except where the mutant changes it (no reprinting of the whole file).
import type { MutantSite } from './mutant-site.ts';

/** A position as StrykerJS reports it: 0-based line, 0-based column in UTF-16 code units. */
export interface SourcePosition {
  line: number;
  column: number;
}

// The line terminators of JavaScript, as the parser that located the mutant counts them.
const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/g;

/** Offsets where each line of `source` starts. */
export function lineStarts(source: string): number[] {
  const starts = [0];
  for (const match of source.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
  return starts;
}

export function offsetOf(starts: readonly number[], position: SourcePosition): number {
  const lineStart = starts[position.line];
  if (lineStart === undefined) throw new RangeError(`line ${position.line + 1} is past the end of the file`);
  return lineStart + position.column;
}

/**
 * The text that takes the place of the original. A replacement is printed from its syntax tree alone,
 * without the parentheses its new place may need (`!(a || b)` becomes `a || b`, which reads
 * differently inside `x === …`), so an expression is wrapped in parentheses. Statements are not:
 * an emptied block `{}`, a `for` loop with a false test, a `case` with its body removed.
 */
export function replacementText(site: Pick<MutantSite, 'mutator' | 'replacement'>): string {
  const statement = site.mutator === 'BlockStatement' || (site.mutator === 'ConditionalExpression' && /^(?:for|case|default)\b/.test(site.replacement));
  return statement ? site.replacement : `(${site.replacement})`;
}

/** The reference file with the mutant applied; refuses a site that no longer matches the file. */
export function applyMutant(source: string, site: Pick<MutantSite, 'start' | 'end' | 'original' | 'mutator' | 'replacement'>): string {
  const found = source.slice(site.start, site.end);
  if (found !== site.original) {
    throw new Error(`the mutant expected ${JSON.stringify(site.original)} at offset ${site.start}, found ${JSON.stringify(found)} (the reference changed: generate again)`);
  }
  return source.slice(0, site.start) + replacementText(site) + source.slice(site.end);
}

/** Text on one line and at most `max` characters, for a report. */
export function oneLine(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
