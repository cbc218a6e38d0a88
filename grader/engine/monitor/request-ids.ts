// The ids the grader puts on its requests, drawn from the whole space §2.2 allows (integers
// 0..2^31−1 and strings of up to 64 bytes), corners included: 0 is falsy, "7" looks like a number,
// non-ASCII is counted in bytes. A program that echoes only some of them is caught.
import { MAX_ID_BYTES, MAX_REQUEST_ID } from '#kit/protocol/limits.ts';
import type { Random } from '../seeded-random.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/ ';
const NON_ASCII = ['é', 'ß', 'ж', '中', '🙂', '\u00a0', '"', '\\', '\n'];

export function drawRequestId(random: Random): number | string {
  switch (random.int(0, 7)) {
    case 0:
      return 0;
    case 1:
      return MAX_REQUEST_ID;
    case 2:
      return random.int(1, 999);
    case 3:
      return random.int(1000, MAX_REQUEST_ID);
    case 4:
      return String(random.int(0, 99)); // a string that looks like a number must stay a string
    case 5:
      return '';
    case 6:
      return fillString(random, MAX_ID_BYTES); // exactly at the limit
    default:
      return fillString(random, random.int(1, 24));
  }
}

function fillString(random: Random, bytes: number): string {
  let text = '';
  for (;;) {
    const next = random.chance(0.2) ? random.pick(NON_ASCII) : random.pick([...ALPHABET]);
    if (Buffer.byteLength(text + next) > bytes) break;
    text += next;
  }
  while (Buffer.byteLength(text) < bytes) text += 'x';
  return text;
}
