// docs/PROTOCOL.md and kit/protocol/ describe the same protocol twice: once for people, once for
// programs. These tests fail as soon as one changes without the other.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCAL_ERROR_CODES, WIRE_ERROR_CODES } from '#kit/protocol/errors.ts';
import * as limits from '#kit/protocol/limits.ts';
import { MESSAGE_TYPES, validateMessage, type Direction } from '#kit/protocol/messages.ts';

const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
const DIRECTIONS = Object.keys(MESSAGE_TYPES) as Direction[];

/** The text of one "## N. Title" section, up to the next "## ". */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}`);
  if (start === -1) throw new Error(`docs/PROTOCOL.md has no section "## ${title}"`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

/** Every line of a ```json block that is a message (not a program event). */
const exampleMessages: string[] = [...doc.matchAll(/```json\n([\s\S]*?)```/g)]
  .flatMap((match) => (match[1] ?? '').split('\n'))
  .map((line) => line.trim())
  .filter((line) => line.startsWith('{"type"'));

/** The first cell of each row of the tables in a piece of the doc: `CODE` → CODE. */
function firstCellCodes(text: string): string[] {
  return [...text.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1] ?? '');
}

describe('docs/PROTOCOL.md matches kit/protocol/messages.ts', () => {
  it('has example lines', () => {
    expect(exampleMessages.length).toBeGreaterThan(40);
  });

  it.each(exampleMessages)('example %s is valid in some direction', (line) => {
    const value: unknown = JSON.parse(line);
    const results = DIRECTIONS.map((direction) => validateMessage(value, direction));
    expect(results.some((result) => result.ok), JSON.stringify(results.map((r) => (r.ok ? 'ok' : r.message)))).toBe(true);
  });

  for (const direction of DIRECTIONS) {
    it.each(MESSAGE_TYPES[direction])(`documents %s (${direction}) with a heading and a valid example`, (type) => {
      const heading = doc.split('\n').some((line) => line.startsWith('#### ') && line.includes(`\`${type}\``));
      expect(heading, `a "#### \`${type}\`" heading in section 3`).toBe(true);
      const example = exampleMessages.some((line) => {
        const result = validateMessage(JSON.parse(line), direction);
        return result.ok && (result.message as { type: string }).type === type;
      });
      expect(example, `a \`\`\`json example of ${type} that is valid ${direction}`).toBe(true);
    });
  }

  it('documents no message type the code does not know', () => {
    const known = new Set(DIRECTIONS.flatMap((direction) => MESSAGE_TYPES[direction]));
    const headings = [...section('3. Message reference').matchAll(/^#### `([a-z_]+)`/gm)].map((match) => match[1]);
    expect(headings.filter((type) => !known.has(type as never))).toEqual([]);
  });
});

describe('docs/PROTOCOL.md matches kit/protocol/errors.ts', () => {
  const errorSection = section('7. Error codes');
  const [wireTable = '', localTable = ''] = errorSection.split('**Local codes**');

  it('has a row for every wire code and no other', () => {
    expect(firstCellCodes(wireTable).sort()).toEqual([...WIRE_ERROR_CODES].sort());
  });

  it('has a row for every local code and no other', () => {
    expect(firstCellCodes(localTable).sort()).toEqual([...LOCAL_ERROR_CODES].sort());
  });

  it.each([...WIRE_ERROR_CODES, ...LOCAL_ERROR_CODES])('mentions %s', (code) => {
    expect(doc).toContain(`\`${code}\``);
  });
});

describe('docs/PROTOCOL.md matches kit/protocol/limits.ts', () => {
  const limitsTable = section('8. Limits and timeouts');
  const values = limits as unknown as Record<string, unknown>;

  it.each(Object.keys(values))('lists %s', (name) => {
    expect(limitsTable).toContain(`\`${name}\``);
  });

  it('gives the same numbers as the code', () => {
    let compared = 0;
    for (const row of limitsTable.split('\n').filter((line) => line.startsWith('| `'))) {
      const [nameCell = '', valueCell = ''] = row.split(' | ');
      const names = [...nameCell.matchAll(/`([A-Z0-9_]+)`/g)].map((match) => match[1] ?? '');
      const cells = valueCell.split(' / ');
      if (names.length !== cells.length) continue;
      names.forEach((name, index) => {
        const number = /^(\d+)(?:\s|$)/.exec(cells[index] ?? '')?.[1];
        if (number === undefined || typeof values[name] !== 'number') return;
        expect(values[name], name).toBe(Number(number));
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(30);
  });
});
