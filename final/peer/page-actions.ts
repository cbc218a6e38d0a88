// What the page asks for, checked and turned into the terminal peer's command lines. Whatever the page
// sends is treated as untrusted input: wrong types, line breaks (which would split one command into
// two) and oversized text are refused here with a sentence for the page.
import { MAX_CHAT_TEXT, MAX_ROOM_CODE_BYTES, MAX_ROOM_TOPIC, MAX_WHOHAS_NAMES, USERNAME_PATTERN } from '#kit/protocol/limits.ts';
import { isSafeFileName } from '#kit/protocol/messages.ts';
import type { FromPage } from '../shared/peer-page-messages.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const MAX_LOGIN_FIELD = 512;

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

export function checkUsername(value: unknown): Checked<string> {
  return typeof value === 'string' && USERNAME_PATTERN.test(value) ? { ok: true, value } : fail('not a username');
}

/** The login form: sent as typed (the tracker judges it), but one line each. */
export function checkLogin(message: Extract<FromPage, { action: 'login' }>): Checked<{ mode: 'new' | 'returning'; username: string; password: string }> {
  const { mode, username, password } = message;
  if (mode !== 'new' && mode !== 'returning') return fail('choose new or returning');
  for (const field of [username, password]) {
    if (typeof field !== 'string' || field.length > MAX_LOGIN_FIELD || /[\r\n]/.test(field)) return fail('a username or password is one line of text');
  }
  return { ok: true, value: { mode, username, password } };
}

/** `/to NAME text`. The terminal peer reads the text as words, so line breaks become spaces. */
export function chatCommand(to: unknown, text: unknown): Checked<string> {
  const name = checkUsername(to);
  if (!name.ok) return name;
  const line = checkMessage(text);
  return line.ok ? { ok: true, value: `/to ${name.value} ${line.value}` } : line;
}

/** A chat or room message on one line: the terminal peer reads the text as words, so line breaks become spaces. */
function checkMessage(text: unknown): Checked<string> {
  if (typeof text !== 'string') return fail('a message is text');
  const line = text.replace(/[\r\n]+/g, ' ').trim();
  if (line === '') return fail('an empty message is not sent');
  if (Buffer.byteLength(line) > MAX_CHAT_TEXT) return fail(`a message is at most ${MAX_CHAT_TEXT} bytes`);
  return { ok: true, value: line };
}

/** File names for /get (which separates names with commas) and for a search. */
export function checkFileNames(names: unknown): Checked<string[]> {
  if (!Array.isArray(names)) return fail('give file names');
  const cleaned = [...new Set(names.map((name) => (typeof name === 'string' ? name.trim() : '')))].filter((name) => name !== '');
  if (cleaned.length === 0 || cleaned.length > MAX_WHOHAS_NAMES) return fail(`give 1 to ${MAX_WHOHAS_NAMES} file names`);
  const unsafe = cleaned.find((name) => !isSafeFileName(name));
  if (unsafe !== undefined) return fail(`${JSON.stringify(unsafe)} is not a file name anyone can share`);
  if (cleaned.some((name) => name.includes(','))) return fail('names with a comma cannot be fetched with /get');
  return { ok: true, value: cleaned };
}

/** A room code as typed (the tracker judges it: a wrong one is NO_SUCH_ROOM), one word on one line. */
export function checkRoomCode(value: unknown): Checked<string> {
  if (typeof value !== 'string') return fail('a room code is text');
  const code = value.trim();
  if (code === '' || Buffer.byteLength(code) > MAX_ROOM_CODE_BYTES || /\s/.test(code)) return fail('a room code is one word, like k7qm-3xpd-9fta');
  return { ok: true, value: code };
}

/** `/room new [topic]`: the topic on one line, or none. */
export function roomNewCommand(topic: unknown): Checked<string> {
  if (topic !== undefined && typeof topic !== 'string') return fail('a topic is text');
  const line = (topic ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (Buffer.byteLength(line) > MAX_ROOM_TOPIC) return fail(`a topic is at most ${MAX_ROOM_TOPIC} bytes`);
  return { ok: true, value: line ? `/room new ${line}` : '/room new' };
}

/** `/room say CODE text`, with the text checked as a chat message. */
export function roomSayCommand(code: unknown, text: unknown): Checked<string> {
  const room = checkRoomCode(code);
  if (!room.ok) return room;
  const line = checkMessage(text);
  return line.ok ? { ok: true, value: `/room say ${room.value} ${line.value}` } : line;
}

/** `/room get CODE NAME`: one file name anyone could share. */
export function roomGetCommand(code: unknown, name: unknown): Checked<string> {
  const room = checkRoomCode(code);
  if (!room.ok) return room;
  const names = checkFileNames([name]);
  if (!names.ok) return names;
  return { ok: true, value: `/room get ${room.value} ${names.value[0]}` };
}

/** `/pick N [udp]`: a whole number from 1 (the peer says when no answer has it); udp: the file comes by reliable UDP. */
export function pickCommand(n: unknown, udp: unknown = false): Checked<string> {
  if (typeof udp !== 'boolean') return fail('udp is true or false');
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 ? { ok: true, value: `/pick ${n}${udp ? ' udp' : ''}` } : fail('pick an answer by its number');
}
