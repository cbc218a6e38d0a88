// What a diagram writes on an arrow or in a note: a few words, cut to fit. A protocol line is told
// the way the final app's inspector tells it (its summaries per message type); any other line, exactly,
// with its control characters escaped. The full bytes are never here: they go in the tooltip and in
// the list beside the diagram.
import { summary } from '../../../final/web/src/peer/wire-summary.ts';
import { showText } from '../show-bytes.ts';

/** The longest line of text on an arrow, in characters (a note's lines are shorter). */
const LINE_CHARS = 52;
const NOTE_CHARS = 44;
const NOTE_LINES = 4;

/** A line that crossed a connection, as a few words: "login alice · port 40124", or the exact text. */
export function lineSummary(text: string): string {
  const message = jsonObject(text);
  const type = message?.type;
  if (typeof type !== 'string') return clip(showText(text, LINE_CHARS));
  if (type === 'data') return clip(typeof message?.len === 'number' ? `data ${message.len} byte${message.len === 1 ? '' : 's'}` : 'data');
  return clip(`${type} ${summary({ conn: '', seq: 0, at: 0, dir: 'in', type, text })}`.trim());
}

/** One line, cut with "…" when longer than LINE_CHARS, its control characters made visible. */
export function clip(text: string, max = LINE_CHARS): string {
  const chars = Array.from(visible(text.replace(/ *\n */g, ' ')));
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

// Control characters, and the ones that reorder text on screen (a label must read as it was sent).
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** Text with its invisible characters written as escapes: "\t", "\x00", "\u202e". */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\t') return '\\t';
    if (char === '\r') return '\\r';
    if (char === '\n') return '\\n';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Text for a note: wrapped at spaces into a few lines of at most NOTE_CHARS, the rest cut. */
export function wrap(text: string, maxLines = NOTE_LINES): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (Array.from(candidate).length <= NOTE_CHARS || line === '') line = candidate;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  const cut = lines.map((line) => clip(line, NOTE_CHARS));
  return cut.length > maxLines ? [...cut.slice(0, maxLines - 1), clip(`${cut[maxLines - 1]} …`, NOTE_CHARS)] : cut;
}

/**
 * A line in full, as it crossed: a JSON line as it is when every character shows; any other quoted
 * with its control characters escaped (showText), so that no byte hides and none passes for another.
 */
export function exactLine(text: string): string {
  return jsonObject(text) !== undefined && visible(text) === text && text.trim() === text ? text : showText(text, Infinity);
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
