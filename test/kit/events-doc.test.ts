// docs/PROTOCOL.md §9 lists what each program prints; kit/protocol/events.ts is the same list as code,
// and the kit's emit() takes nothing else. These tests fail as soon as one changes without the other.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventShapes, PROGRAM_EVENTS, type EventSpec, type ProgramName, type Shape } from '#kit/protocol/events.ts';
import { documentedEvents, fieldSignatures, programsOf, programSubsections, signature } from './doc-event-tables.ts';

const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
const documented = documentedEvents(doc);
const PROGRAMS = Object.keys(PROGRAM_EVENTS) as ProgramName[];

function shapeSignature(shape: Shape): string {
  return signature(Object.entries(shape).map(([name, field]) => name + (field.optional ? '?' : '')));
}

function specOf(program: ProgramName, event: string): EventSpec | undefined {
  const table: Readonly<Record<string, EventSpec>> = PROGRAM_EVENTS[program];
  return Object.hasOwn(table, event) ? table[event] : undefined;
}

/** The signatures of an event in the code, sorted: one per set of fields it is printed with. */
function codeSignatures(program: ProgramName, event: string): string[] {
  const spec = specOf(program, event);
  return spec ? [...new Set(eventShapes(spec).map(shapeSignature))].sort() : [];
}

describe('reading the event tables of §9', () => {
  it('takes field names outside parentheses, optional ones, and the sets of one event', () => {
    expect(fieldSignatures('`session`, `reason`, `by` (optional)')).toEqual(['by?, reason, session']);
    expect(fieldSignatures('`mode` `"listen"`, `host`, `port`')).toEqual(['host, mode, port']);
    expect(fieldSignatures('`users` (as in the `roster` message)')).toEqual(['users']);
    expect(fieldSignatures('`a` (`"x"` or `"y"`), `b` (optional: `c` only); or `a` and `d` (`e`)')).toEqual(['a, b?', 'a, d']);
    expect(fieldSignatures('—')).toEqual(['']);
  });
});

describe('docs/PROTOCOL.md §9 matches kit/protocol/events.ts', () => {
  it('has an event table for every program in the code, and for no other', () => {
    expect([...documented.keys()].sort()).toEqual([...PROGRAMS].sort());
  });

  for (const program of PROGRAMS) {
    const inDoc = documented.get(program) ?? new Map<string, Set<string>>();
    const inCode = Object.keys(PROGRAM_EVENTS[program]);

    it(`${program}: documents every event the code has, and no other`, () => {
      expect([...inDoc.keys()].sort()).toEqual([...inCode].sort());
    });

    it.each(inCode)(`${program}: %s has the same fields in both`, (event) => {
      expect([...(inDoc.get(event) ?? [])].sort()).toEqual(codeSignatures(program, event));
    });
  }

  // The ```json examples of §9 are events a program prints; each must have the fields of its table.
  const examples = [...programSubsections(doc)].flatMap(([number, text]) =>
    [...text.matchAll(/```json\n([\s\S]*?)```/g)]
      .flatMap((match) => (match[1] ?? '').split('\n'))
      .filter((line) => line.startsWith('{"event"'))
      .map((line) => ({ number, line })),
  );

  it('has example lines', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  for (const { number, line } of examples) {
    it(`§${number} example ${line} has the fields of its event`, () => {
      const { event, ...fields } = JSON.parse(line) as { event: string } & Record<string, unknown>;
      const fits = programsOf(number).some((program) => {
        const spec = specOf(program, event);
        return spec !== undefined && eventShapes(spec).some((shape) => {
          const required = Object.keys(shape).filter((name) => !shape[name]?.optional);
          return required.every((name) => name in fields) && Object.keys(fields).every((name) => name in shape);
        });
      });
      expect(fits, `${event} with ${signature(Object.keys(fields))}`).toBe(true);
    });
  }
});
