// How a sender may cut a file into data frames: any len from 1 to MAX_DATA_CHUNK (PROTOCOL §2.3). A
// plan puts every corner of that range that fits first (1, 2, 65535, 65536, 65537, 262143, 262144),
// then lengths drawn from the whole range, in a seeded order, so a receiver is never tested with one
// chunk size only.
import { MAX_DATA_CHUNK } from '#kit/protocol/limits.ts';
import type { Random } from '../../engine/seeded-random.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';

export const FRAME_CORNERS = [1, 2, 65_535, 65_536, 65_537, MAX_DATA_CHUNK - 1, MAX_DATA_CHUNK];

/** The sum of every corner: a file at least this long is sent with every corner length. */
export const ALL_CORNERS_BYTES = FRAME_CORNERS.reduce((sum, length) => sum + length, 0);

/** Frame lengths that add up to `size` (none for 0 bytes). */
export function drawFrameLengths(random: Random, size: number): number[] {
  const lengths: number[] = [];
  let left = size;
  for (const corner of shuffled(random, FRAME_CORNERS)) {
    if (corner <= left) {
      lengths.push(corner);
      left -= corner;
    }
  }
  while (left > 0) {
    const length = Math.min(left, random.pick([random.int(1, 1_500), random.int(1, MAX_DATA_CHUNK), MAX_DATA_CHUNK, 65_536, 16_384]));
    lengths.push(length);
    left -= length;
  }
  return shuffled(random, lengths);
}
