// What a peer may put in a close_session (PROTOCOL §3.3), drawn from the whole space the message
// allows: counts from 0 to 2^53 − 1, sizes likewise, 0 to 20 files, safe file names of 1 to 255 bytes
// in any script (2-, 3- and 4-byte UTF-8, composed and decomposed forms), the same name twice in one
// report (a file sent again after an edit), verified or not, either direction.
import { createHash } from 'node:crypto';
import { MAX_FILE_NAME_BYTES, MAX_FILE_SIZE, MAX_SESSION_FILES } from '#kit/protocol/limits.ts';
import { isSafeFileName } from '#kit/protocol/messages.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { FileLine } from './log-harness.ts';

/** Pieces of names: ASCII, 2-, 3- and 4-byte characters, é composed (NFC) and decomposed (NFD), quotes and spaces inside. */
const PIECES = ['notes', 'draft', 'IMG_0042', 'résumé', 're\u0301sume\u0301', 'данные', '日本語', 'λόγος', '🎉', '👩‍💻', "it's", 'a b', '_-', '(1)', '&', '%20', '#'];
const EXTENSIONS = ['.txt', '.pdf', '.tar.gz', '', '.日本', '.🎉'];

/** A safe file name; now and then one at the 255-byte limit. */
export function drawFileName(random: Random): string {
  const long = random.chance(0.15);
  let name = '';
  while (name === '' || (long && Buffer.byteLength(name) < MAX_FILE_NAME_BYTES - 8)) name += random.pick(PIECES);
  name += random.pick(EXTENSIONS);
  while (Buffer.byteLength(name) > MAX_FILE_NAME_BYTES) name = [...name].slice(0, -1).join('');
  if (!isSafeFileName(name)) return drawFileName(random);
  return name;
}

export function drawCount(random: Random): number {
  return random.pick([0, 1, random.int(2, 40), random.int(41, 100_000), MAX_FILE_SIZE]);
}

export function drawFile(random: Random): FileLine {
  const name = drawFileName(random);
  const size = random.pick([0, 1, random.int(2, 1_000_000), 2 ** 32 + random.int(0, 9), MAX_FILE_SIZE]);
  return {
    name,
    size,
    sha256: createHash('sha256').update(`${name}/${size}/${random.next()}`).digest('hex'),
    verified: random.chance(0.6),
    direction: random.chance(0.5) ? 'sent' : 'received',
  };
}

/** 0 to 20 files (the ends of the range often), with a name repeated when there are two or more. */
export function drawFiles(random: Random, count = random.pick([0, 1, random.int(2, 19), MAX_SESSION_FILES])): FileLine[] {
  const files = Array.from({ length: count }, () => drawFile(random));
  if (files.length >= 2) {
    const again = random.int(1, files.length - 1);
    files[again] = { ...drawFile(random), name: files[random.int(0, again - 1)]!.name };
  }
  return files;
}
