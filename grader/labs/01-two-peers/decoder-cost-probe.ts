// Run by the check framing.cost as a process of its own (a decoder that never returns cannot stall
// the grader): loads the graded LineDecoder and times push() over two inputs made of the same bytes
// cut into the same tiny pieces. One is a single line of MAX_LINE_BYTES, the other the same bytes
// as short lines. A decoder that handles each piece in constant time takes about as long for both;
// one that copies or scans everything it holds on each piece takes time that grows with the square
// of the unfinished line. Prints JSON events: ready, then rounds (the timings) or problem.
//
// Why in-process timings and not a socket: over TCP the kernel joins small writes into big reads
// whenever the reader falls behind, so a slow decoder sees few, large chunks and hides its cost.
// Only calling push() directly guarantees the tiny pieces.
import { pathToFileURL } from 'node:url';
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { createRandom } from '../../engine/seeded-random.ts';

interface Decoder {
  push(chunk: Buffer): string[];
}

/** Short lines in the baseline: the unfinished line never holds more than this. */
const SHORT_LINE_BYTES = 63;
/** Rounds of each input after a warm-up; the probe stops early when it has used its time. */
const ROUNDS = 5;
const BUDGET_MS = 8_000;
/** A single round slower than this is stopped: that alone says the cost is out of proportion. */
const ROUND_LIMIT_MS = 4_000;

const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const [decoderPath, seedText] = process.argv.slice(2);
try {
  const { LineDecoder } = (await import(pathToFileURL(decoderPath ?? '').href)) as { LineDecoder: new () => Decoder };
  emit({ event: 'ready' });
  emit(measure(() => new LineDecoder(), Number(seedText)));
} catch (error) {
  emit({ event: 'problem', what: `your LineDecoder threw: ${error instanceof Error ? error.message : String(error)}` });
}

function measure(makeDecoder: () => Decoder, seed: number): Record<string, unknown> {
  const random = createRandom(seed);
  const text = Buffer.from(Array.from({ length: MAX_LINE_BYTES }, () => random.pick([...'abcdefghijklmnopqrstuvwxyz0123456789'])).join(''));
  const long = Buffer.concat([text, Buffer.from('\n')]);
  const short = Buffer.from(long);
  for (let i = SHORT_LINE_BYTES; i < short.length; i += SHORT_LINE_BYTES + 1) short[i] = 0x0a;
  // The same cut points for both inputs: pieces of 1 to 3 bytes.
  const cuts: number[] = [];
  for (let at = 0; at < long.length; at += random.int(1, 3)) cuts.push(at);
  cuts.push(long.length);

  const run = (input: Buffer, label: string): number | Record<string, unknown> => {
    const decoder = makeDecoder();
    const lines: string[] = [];
    const began = performance.now();
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      for (const line of decoder.push(input.subarray(cuts[i], cuts[i + 1]))) lines.push(line);
      if ((i & 255) === 0 && performance.now() - began > ROUND_LIMIT_MS) {
        return { event: 'problem', what: `${label}: after ${i + 1} of ${cuts.length - 1} pieces it had already taken ${Math.round(performance.now() - began)} ms` };
      }
    }
    const ms = performance.now() - began;
    const expected = input.subarray(0, -1).toString('latin1').split('\n');
    if (lines.length !== expected.length || lines.some((line, i) => line !== expected[i])) {
      return { event: 'problem', what: `${label}: push() returned ${lines.length} line(s), not the ${expected.length} line(s) the bytes hold` };
    }
    return ms;
  };

  const pieces = cuts.length - 1;
  const rounds = { long: [] as number[], short: [] as number[] };
  const began = performance.now();
  for (let round = 0; round <= ROUNDS && (round < 2 || performance.now() - began < BUDGET_MS); round += 1) {
    const shortMs = run(short, `${pieces} pieces holding ${Math.ceil(long.length / (SHORT_LINE_BYTES + 1))} short lines`);
    if (typeof shortMs !== 'number') return shortMs;
    const longMs = run(long, `${pieces} pieces holding one line of ${MAX_LINE_BYTES} bytes`);
    if (typeof longMs !== 'number') return longMs;
    if (round === 0) continue; // the warm-up: the first calls also compile the decoder
    rounds.short.push(Math.round(shortMs * 10) / 10);
    rounds.long.push(Math.round(longMs * 10) / 10);
  }
  return { event: 'rounds', pieces, ...rounds };
}
