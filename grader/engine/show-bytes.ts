// Shows bytes exactly, the way a failing check must: visible newlines and control characters, and
// any byte that is not valid UTF-8 as \xNN.
const PRINTABLE_LIMIT = 160;

export function showBytes(data: Buffer | string, limit = PRINTABLE_LIMIT): string {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const text = bytes.toString('utf8');
  const exact = Buffer.from(text).equals(bytes);
  const body = exact ? escapeText(text, limit) : escapeRaw(bytes, limit);
  return `${body} (${bytes.length} byte${bytes.length === 1 ? '' : 's'})`;
}

/** A string as a quoted literal with control characters escaped, cut in the middle when long. */
export function showText(text: string, limit = PRINTABLE_LIMIT): string {
  return escapeText(text, limit);
}

function escapeText(text: string, limit: number): string {
  const chars = Array.from(text);
  const shown = chars.length > limit ? [...chars.slice(0, limit / 2), '\u0000CUT', ...chars.slice(-limit / 4)] : chars;
  const cutNote = `…(${chars.length - Math.floor(limit / 2) - Math.floor(limit / 4)} more characters)…`;
  return '"' + shown.map((c) => (c === '\u0000CUT' ? cutNote : escapeChar(c))).join('') + '"';
}

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  if (c === '"') return '\\"';
  if (c === '\\') return '\\\\';
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code === 0xfffd) return '\\uFFFD';
  return c;
}

function escapeRaw(bytes: Buffer, limit: number): string {
  const shown = bytes.length > limit ? bytes.subarray(0, limit) : bytes;
  let out = '';
  for (const byte of shown) {
    out += byte >= 0x20 && byte < 0x7f ? escapeChar(String.fromCharCode(byte)) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `"${out}${bytes.length > limit ? '…' : ''}"`;
}
