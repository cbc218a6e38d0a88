// Property: any JSON value, and any line of text, is either a valid message or refused with one of
// the documented codes (§2.4), never an exception; and a valid message survives encode → parse.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { encode, MESSAGE_TYPES, parseLine, validateMessage, type AnyMessage, type Direction } from '#kit/protocol/messages.ts';

const DIRECTIONS = Object.keys(MESSAGE_TYPES) as Direction[];

// Objects that look like messages: a real type of some direction plus random fields, so validation
// gets past "type" and into the fields, not only the trivial refusals.
const messageLike = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...DIRECTIONS.flatMap((d) => MESSAGE_TYPES[d] as readonly string[])), fc.string(), fc.jsonValue()),
    id: fc.oneof(fc.integer(), fc.string(), fc.jsonValue()),
    username: fc.oneof(fc.constantFrom('alice', 'bob'), fc.jsonValue()),
  },
  { requiredKeys: [] },
).chain((base) => fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }).map((extra) => ({ ...extra, ...base })));

const anyValue = fc.oneof(fc.jsonValue(), messageLike, fc.anything());

function expectDocumented(result: { ok: boolean; code?: string; field?: string; message?: unknown }, codes: string[]): void {
  if (result.ok) return;
  expect(codes).toContain(result.code);
  expect(typeof result.message).toBe('string');
  if (result.code === 'BAD_MESSAGE' && result.field !== undefined) expect(typeof result.field).toBe('string');
}

describe('message validation', () => {
  test('any value is accepted or refused with BAD_MESSAGE / UNKNOWN_TYPE, never thrown', () => {
    fc.assert(
      fc.property(anyValue, fc.constantFrom(...DIRECTIONS), (value, direction) => {
        const result = validateMessage(value, direction);
        expectDocumented(result, ['BAD_MESSAGE', 'UNKNOWN_TYPE']);
        // An accepted message is the same object, and its type belongs to that direction.
        if (result.ok) {
          expect(result.message).toBe(value);
          expect(MESSAGE_TYPES[direction]).toContain((value as { type: string }).type);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  test('any line is parsed or refused with BAD_JSON / BAD_MESSAGE / UNKNOWN_TYPE', () => {
    const line = fc.oneof(fc.string({ unit: 'binary' }), anyValue.map((v) => JSON.stringify(v) ?? 'undefined'));
    fc.assert(
      fc.property(line, fc.constantFrom(...DIRECTIONS), (text, direction) => {
        expectDocumented(parseLine(text, direction), ['BAD_JSON', 'BAD_MESSAGE', 'UNKNOWN_TYPE']);
      }),
      { numRuns: 5_000 },
    );
  });

  test('an accepted message encodes to one line within the limit and parses back to itself', () => {
    fc.assert(
      fc.property(messageLike, fc.constantFrom(...DIRECTIONS), (value, direction) => {
        const result = validateMessage(value, direction);
        if (!result.ok) return;
        const wire = encode(result.message as AnyMessage);
        expect(wire.indexOf('\n')).toBe(wire.length - 1);
        if (Buffer.byteLength(wire) - 1 > MAX_LINE_BYTES) return;
        const again = parseLine(wire.slice(0, -1), direction);
        expect(again.ok && again.message).toEqual(JSON.parse(wire));
      }),
      { numRuns: 3_000 },
    );
  });
});
