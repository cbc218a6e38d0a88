// Chat lines drawn from the space docs/PROTOCOL.md §2.1 allows: empty, spaces and tabs, characters of
// 1 to 4 bytes, combining marks and joined emoji, and never the exact line `exit`, which would end the
// chat. No "\r": framing.text-as-is and exit.exact-line place it on purpose, so that a peer that
// mishandles it fails the check that explains why (readline, on standard input, ends a line at "\r").
import type { Random } from '../../engine/seeded-random.ts';

const ASCII = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?-_:;\'"()'];
/** Characters of 2, 3 and 4 UTF-8 bytes, a combining accent and a joined emoji (several code points). */
const WIDE = ['é', 'ß', 'ñ', 'ж', 'ع', '€', '你', '好', '✓', '👋', '🎉', '𝄞', 'e\u0301', '👩\u200d💻'];
const BLANKS = [' ', ' ', '\t'];

export interface TextOptions {
  /** Longest text, in characters (not bytes). */
  maxChars?: number;
  /**
   * One byte per character: for checks that cut the bytes anywhere before step 5 (UTF-8 across
   * chunks) is taught, whose utf8.* checks cut multi-byte characters.
   */
  asciiOnly?: boolean;
}

/** One chat text of 0..maxChars characters from the whole alphabet; never exactly `exit`. */
export function drawChatText(random: Random, { maxChars = 40, asciiOnly = false }: TextOptions = {}): string {
  const length = random.int(0, maxChars);
  let text = '';
  for (let i = 0; i < length; i += 1) {
    const kind = random.int(0, 8);
    if (kind < 5) text += random.pick(ASCII);
    else if (kind < 8) text += random.pick(asciiOnly ? ASCII : WIDE);
    else text += random.pick(BLANKS);
  }
  return text === 'exit' ? 'exit!' : text;
}

/** A text that is exactly `bytes` UTF-8 bytes long, mostly of multi-byte characters (far fewer characters than bytes). */
export function drawTextOfBytes(random: Random, bytes: number): string {
  const parts: string[] = [];
  let left = bytes;
  while (left >= 4) {
    const char = random.chance(0.85) ? random.pick(['é', 'ж', '€', '你', '👋', '𝄞']) : random.pick(ASCII);
    parts.push(char);
    left -= Buffer.byteLength(char);
  }
  while (left > 0) {
    parts.push(random.pick(ASCII));
    left -= 1;
  }
  return parts.join('');
}
