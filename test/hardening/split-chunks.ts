// Cuts a byte string at arbitrary points: how TCP may hand the same bytes to a reader.
import fc from 'fast-check';

/** Arbitrary cut points (sorted, deduplicated) applied to `bytes`. */
export function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

export const cutsArb = fc.array(fc.nat(), { maxLength: 40 });
