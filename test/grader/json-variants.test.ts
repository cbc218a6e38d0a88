// The grader's other encodings of a message must be the same JSON value on one line, or the probe
// would blame a correct receiver.
import { isDeepStrictEqual } from 'node:util';
import { expect, test } from 'vitest';
import { encodeVariant } from '../../grader/engine/monitor/json-variants.ts';
import { createRandom } from '../../grader/engine/seeded-random.ts';

const VALUE = { type: 'chat', text: 'héllo 🙂 / "q" \\ \n\u0001\u2028', n: 5, big: 2 ** 40, list: [1, 'ж', { a: null, b: true }, []], id: 0, empty: {} };

test('every variant parses back to the same value, on one line', () => {
  const random = createRandom(20261207);
  const seen = new Set<string>();
  for (let i = 0; i < 500; i += 1) {
    const line = encodeVariant(VALUE, random);
    expect(line.includes('\n'), line).toBe(false);
    expect(isDeepStrictEqual(JSON.parse(line), VALUE), line).toBe(true);
    seen.add(line);
  }
  expect(seen.size).toBeGreaterThan(400); // really varied, not one encoding
  expect([...seen].some((line) => line.includes('\\u00e9'))).toBe(true);
  expect([...seen].some((line) => line.includes('\\/'))).toBe(true);
  expect([...seen].some((line) => line.includes('5.0'))).toBe(true);
});
