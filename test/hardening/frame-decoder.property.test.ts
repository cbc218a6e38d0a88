// Property: the line decoders (tracker and direct connections) give the same lines or the same clean
// error whatever way the bytes are split, and never buffer past MAX_LINE_BYTES. When the stream ends
// in an error, the connection is closed anyway: messages completed in the same read as the bad bytes
// may be dropped with it, so a split may deliver a shorter prefix, never other messages.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LineTooLongError } from '#kit/protocol/line-too-long-error.ts';
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { LineDecoder } from '../../solutions/01-two-peers/line-decoder.ts';
import { BadDataHeaderError, FrameReader } from '../../solutions/04-file-transfer/frame-reader.ts';
import { cutsArb, splitAt } from './split-chunks.ts';

type Outcome = { lines: string[]; error?: string };

function decodeLines(chunks: Buffer[], limit: number): Outcome {
  const decoder = new LineDecoder(limit);
  const lines: string[] = [];
  try {
    for (const chunk of chunks) lines.push(...decoder.push(chunk));
  } catch (error) {
    // Only the documented error may escape, and the lines before it are still delivered.
    if (!(error instanceof LineTooLongError)) throw error;
    return { lines, error: error.name };
  }
  expect(decoder.pending).toBeLessThanOrEqual(limit);
  return { lines };
}

/** What a decoder must return: the text before each "\n", cut off at the first over-long line. */
function expected(bytes: Buffer, limit: number): Outcome {
  const lines: string[] = [];
  let from = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, from)) {
    if (at - from > limit) return { lines, error: 'LineTooLongError' };
    lines.push(bytes.subarray(from, at).toString('utf8'));
    from = at + 1;
  }
  return bytes.length - from > limit ? { lines, error: 'LineTooLongError' } : { lines };
}

// Bytes rich in "\n" and multi-byte UTF-8, so splits land inside characters and on line ends.
const streamArb = fc.array(
  fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant(Uint8Array.of(0x0a)), fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => new Uint8Array(Buffer.from(s)))),
  { maxLength: 30 },
).map((parts) => Buffer.concat(parts));

describe('line decoder (tracker and chat connections)', () => {
  test('any bytes split any way give the same lines or the same clean error', () => {
    fc.assert(
      fc.property(streamArb, cutsArb, fc.integer({ min: 1, max: 80 }), (bytes, cuts, limit) => {
        const model = expected(bytes, limit);
        for (const chunks of [[bytes], splitAt(bytes, cuts), splitAt(bytes, [...bytes.keys()])]) {
          const got = decodeLines(chunks, limit);
          if (model.error === undefined) expect(got).toEqual(model);
          else {
            expect(got.error).toBe(model.error);
            expect(model.lines.slice(0, got.lines.length)).toEqual(got.lines);
          }
        }
        // Byte by byte nothing is lost before the error.
        expect(decodeLines(splitAt(bytes, [...bytes.keys()]), limit)).toEqual(model);
      }),
      { numRuns: 2_000 },
    );
  });

  test('at the real limit: exactly MAX_LINE_BYTES passes, one more byte is refused in any split', () => {
    fc.assert(
      fc.property(cutsArb, fc.boolean(), (cuts, over) => {
        const bytes = Buffer.concat([Buffer.alloc(MAX_LINE_BYTES + (over ? 1 : 0), 0x61), Buffer.from('\n')]);
        const outcome = decodeLines(splitAt(bytes, cuts.map((c) => c * 997)), MAX_LINE_BYTES);
        expect(outcome.error).toBe(over ? 'LineTooLongError' : undefined);
      }),
      { numRuns: 50 },
    );
  });
});

type Piece = { kind: 'line'; text: string } | { kind: 'data'; xfer: string; bytes: string } | { kind: 'error'; name: string };

function readFrames(chunks: Buffer[]): Piece[] {
  const reader = new FrameReader();
  const out: Piece[] = [];
  try {
    for (const chunk of chunks) {
      for (const frame of reader.push(chunk)) {
        const last = out.at(-1);
        // Data bytes may arrive in several pieces: join neighbours of one frame to compare.
        if (frame.kind === 'data' && last?.kind === 'data' && last.xfer === frame.xfer) last.bytes += frame.bytes.toString('latin1');
        else out.push(frame.kind === 'line' ? frame : { kind: 'data', xfer: frame.xfer, bytes: frame.bytes.toString('latin1') });
      }
    }
  } catch (error) {
    if (!(error instanceof LineTooLongError) && !(error instanceof BadDataHeaderError)) throw error;
    out.push({ kind: 'error', name: error.name });
  }
  return out;
}

function expectSameOrPrefix(got: Piece[], model: Piece[]): void {
  const last = model.at(-1);
  if (last?.kind !== 'error') return void expect(got).toEqual(model);
  expect(got.at(-1)).toEqual(last);
  const body = got.slice(0, -1);
  body.forEach((piece, index) => {
    const want = model[index];
    // The last piece may be a data frame cut short by the error.
    if (index === body.length - 1 && piece.kind === 'data' && want?.kind === 'data') {
      expect(want.xfer).toBe(piece.xfer);
      expect(want.bytes.startsWith(piece.bytes)).toBe(true);
    } else expect(piece).toEqual(want);
  });
}

// A direct connection's stream: chat lines, good data frames (raw bytes may hold "\n"), bad headers.
const frameArb = fc.oneof(
  fc.string({ maxLength: 40 }).filter((s) => !s.includes('\n')).map((text) => Buffer.from(`${JSON.stringify({ type: 'chat', text })}\n`)),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((raw) => Buffer.concat([Buffer.from(`{"type":"data","xfer":"k3","len":${raw.length}}\n`), raw])),
  fc.constantFrom('{"type":"data","xfer":"k3","len":0}\n', '{"type":"data","len":5}\n', '{"type":"data","xfer":"k","len":262145}\n').map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 50 }).map((raw) => Buffer.from(raw)),
);

describe('frame reader (direct connections: lines and data frames)', () => {
  test('any stream split any way gives the same frames or the same clean error', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 12 }), cutsArb, (frames, cuts) => {
        const bytes = Buffer.concat(frames);
        // Byte by byte is the reference: every frame before a bad one is delivered.
        const model = readFrames(splitAt(bytes, [...bytes.keys()]));
        for (const chunks of [[bytes], splitAt(bytes, cuts)]) expectSameOrPrefix(readFrames(chunks), model);
      }),
      { numRuns: 2_000 },
    );
  });
});
