// The hostile frames of the flood test: random bytes, broken JSON, wrong shapes, unknown types, bad
// fields, valid requests in the wrong state, and the odd valid ping. Seeded, so a run can be replayed.
import fc from 'fast-check';

const frameArb: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1').replaceAll('\n', ' ')),
  fc.string({ maxLength: 100 }).map((s) => `{"type":"${s}`),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 40 }).map((type) => JSON.stringify({ type, id: 1 })),
  fc.constantFrom(
    '{"type":"login","username":"x","password":1,"port":"p"}',
    '{"type":"register","username":"Robert\'); DROP TABLE users;--","password":"12345678","port":1}',
    '{"type":"lookup","username":"bob","id":-1}',
    '{"type":"list","offset":1e309}',
    '{"type":"share","files":[{"name":"../../etc/passwd","size":-1,"sha256":"zz"}]}',
    '{"type":"whohas","names":[]}',
    '{"type":"error","code":"NOPE"}',
    '{"type":"ping"}',
    '{"__proto__":{"type":"ping"},"constructor":{"prototype":{"polluted":true}}}',
  ),
).map((line) => line.replaceAll('\n', ' '));

/** `count` frames (without "\n"), reproducible from `seed`. */
export function floodFrames(count: number, seed: number): string[] {
  return fc.sample(frameArb, { numRuns: count, seed });
}
