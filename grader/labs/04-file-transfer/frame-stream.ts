// A session connection's bytes as a sender may really produce them (PROTOCOL §2.3): data frames and
// lines in any order, headers in any valid JSON encoding, and the whole stream cut into TCP writes at
// arbitrary points (inside a header, inside the raw bytes, several frames in one write).
import { encodeVariant } from '../../engine/monitor/json-variants.ts';
import type { JsonParty, Message } from '../../engine/json-party.ts';
import type { Random } from '../../engine/seeded-random.ts';
import { describeLengths } from './file-harness.ts';

export type StreamItem = { kind: 'frame'; xfer: string; bytes: Buffer } | { kind: 'line'; message: Message };

/** A data header: compact, with its keys the other way round, or in another valid encoding. */
function header(random: Random, xfer: string, len: number): string {
  const style = random.pick(['compact', 'reversed', 'variant']);
  if (style === 'compact') return JSON.stringify({ type: 'data', xfer, len });
  if (style === 'reversed') return JSON.stringify({ len, xfer, type: 'data' });
  return encodeVariant({ type: 'data', xfer, len }, random);
}

/** The items as one stream of bytes; the first header of each transfer has its keys reversed. */
export function encodeStream(random: Random, items: StreamItem[]): Buffer {
  const seen = new Set<string>();
  return Buffer.concat(items.flatMap((item) => {
    if (item.kind === 'line') return [Buffer.from(`${JSON.stringify(item.message)}\n`)];
    const line = seen.has(item.xfer) ? header(random, item.xfer, item.bytes.length) : JSON.stringify({ len: item.bytes.length, xfer: item.xfer, type: 'data' });
    seen.add(item.xfer);
    return [Buffer.from(`${line}\n`), item.bytes];
  }));
}

/** Writes the stream in pieces of seeded sizes (1 byte to 300 kB); one step says what went out. */
export async function writeInPieces(random: Random, party: JsonParty, items: StreamItem[], what: string): Promise<void> {
  const stream = encodeStream(random, items);
  const frames = items.filter((item) => item.kind === 'frame').map((item) => (item.kind === 'frame' ? item.bytes.length : 0));
  const pieces: Buffer[] = [];
  for (let at = 0; at < stream.length; ) {
    const size = random.pick([1, 2, 17, 1_000, 8_192, 65_536, 200_000, random.int(1, 300_000)]);
    pieces.push(Buffer.from(stream.subarray(at, Math.min(at + size, stream.length))));
    at += size;
  }
  party.socket.record(`${party.label} sent ${what}: ${frames.length} data frame(s) of ${describeLengths(frames)} bytes and ${items.length - frames.length} line(s), ${stream.length} bytes in ${pieces.length} TCP writes cut at random points`);
  for (const piece of pieces) if (!party.socket.sendQuietly(piece)) await party.socket.drained();
}
