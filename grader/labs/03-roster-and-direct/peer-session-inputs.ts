// What the checks of peer-session-checks.ts draw from the seed: session ids, the first lines a direct
// connection must refuse (§2.4, §3.4), the commands a terminal peer must refuse (§9.4), short texts.
import { USERNAME_PATTERN } from '#kit/protocol/limits.ts';
import { drawChatText } from '../01-two-peers/chat-texts.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsername } from '../../engine/inputs/usernames.ts';
import { drawRequestId } from '../../engine/monitor/request-ids.ts';
import type { Random } from '../../engine/seeded-random.ts';

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A session id or xfer of §8's TOKEN_PATTERN, `^[A-Za-z0-9_-]{1,64}$`: 1 and 64 characters included. */
export function drawToken(random: Random): string {
  const length = random.pick([1, 64, random.int(2, 63), random.int(6, 12)]);
  return Array.from({ length }, () => random.pick([...TOKEN_CHARS])).join('');
}

/** `count` different tokens. */
export function drawTokens(random: Random, count: number): string[] {
  const tokens = new Set<string>();
  while (tokens.size < count) tokens.add(drawToken(random));
  return [...tokens];
}

/** Words of chat text separated by single spaces: typed after `/to NAME` it arrives unchanged. */
export function drawSaying(random: Random): string {
  return drawChatText(random, { maxChars: 30 }).split(/\s+/).filter(Boolean).join(' ') || random.pick(['hi', 'ok?', 'ça va', '👋']);
}

/** Sometimes no id (the answer must then carry none), else one from the whole space of §2.2. */
export function drawOptionalId(random: Random): number | string | undefined {
  return random.chance(0.25) ? undefined : drawRequestId(random);
}

/** A first line on a direct connection and what §2.4 and §3.4 say the acceptor answers. */
export interface BadFirstLine {
  /** Which kind of mistake, for the story of the check. */
  kind: string;
  line: string;
  /** The error the acceptor sends before it closes; undefined: it closes without a word (§3.1). */
  answer?: { code: string; re?: string; field?: string; id?: number | string };
}

/**
 * One first line of each kind a direct connection must refuse, each drawn: not a message at all,
 * a hello with a bad field, a valid message that cannot open a connection, and an error (closed
 * without an answer).
 */
export function drawBadFirstLines(random: Random): BadFirstLine[] {
  return [notAMessage(random), badHello(random), notAnOpening(random), anError(random)];
}

function withId(random: Random, message: Record<string, unknown>): { message: Record<string, unknown>; id?: number | string } {
  const id = drawOptionalId(random);
  return id === undefined ? { message } : { message: { ...message, id }, id };
}

function notAMessage(random: Random): BadFirstLine {
  const kind = random.int(0, 2);
  if (kind === 0) {
    const line = random.pick(['hello', '{"type":"hello","from":"alice"', "{type:'hello'}", '{"type":"hello",}', '[{"type":"hello"}]', '42', '"hello"', 'null', '\u00e9t\u00e9 ☀']);
    return { kind: 'a line that is not a JSON object', line, answer: { code: 'BAD_JSON' } };
  }
  if (kind === 1) {
    const { message, id } = withId(random, random.pick<Record<string, unknown>>([{}, { type: 7 }, { type: null }, { from: drawUsername(random), ticket: 'zhLPilOWSqqHDsJUmHFsnQ' }, { type: ['hello'] }]));
    // §2.4: no string type, so no re; a valid id is echoed all the same.
    return { kind: 'an object without a string type', line: JSON.stringify(message), answer: { code: 'BAD_MESSAGE', field: 'type', ...(id === undefined ? {} : { id }) } };
  }
  const type = random.pick(['login', 'lookup', 'roster', 'HELLO', 'Hello', 'helo', 'connect', 'x_hello']);
  const { message, id } = withId(random, { type, username: drawUsername(random) });
  return { kind: 'a type that does not exist between peers', line: JSON.stringify(message), answer: { code: 'UNKNOWN_TYPE', re: type, ...(id === undefined ? {} : { id }) } };
}

function badHello(random: Random): BadFirstLine {
  const from = drawUsername(random);
  const ticket = 'zhLPilOWSqqHDsJUmHFsnQ';
  const [hello, field] = random.pick<[Record<string, unknown>, string]>([
    [{ type: 'hello', ticket }, 'from'],
    [{ type: 'hello', from }, 'ticket'],
    [{ type: 'hello', from: 123, ticket }, 'from'],
    [{ type: 'hello', from: badUsername(random), ticket }, 'from'],
    [{ type: 'hello', from, ticket: random.pick<unknown>([123, null, true, [ticket], { ticket }]) }, 'ticket'],
  ]);
  const { message, id } = withId(random, hello);
  return { kind: `a hello with a bad ${field}`, line: JSON.stringify(message), answer: { code: 'BAD_MESSAGE', re: 'hello', field, ...(id === undefined ? {} : { id }) } };
}

function badUsername(random: Random): string {
  const name = random.pick(['Alice', 'al', '1alice', 'al ice', 'ali\u00e7e', 'a'.repeat(33), '']);
  if (USERNAME_PATTERN.test(name)) throw new Error(`badUsername drew a valid name: ${name}`);
  return name;
}

function notAnOpening(random: Random): BadFirstLine {
  const opening = random.pick<Record<string, unknown>>([
    { type: 'chat', text: drawSaying(random) },
    { type: 'bye', reason: 'closed' },
    { type: 'ping' },
    { type: 'welcome', session: drawToken(random), username: drawUsername(random) },
  ]);
  const { message, id } = withId(random, opening);
  const type = String(opening.type);
  return { kind: `${type}, valid but not a first message`, line: JSON.stringify(message), answer: { code: 'WRONG_STATE', re: type, ...(id === undefined ? {} : { id }) } };
}

function anError(random: Random): BadFirstLine {
  const code = random.pick(['BAD_TICKET', 'INTERNAL', 'TIMEOUT', 'NOT_A_CODE']);
  return { kind: 'an error, which is never answered', line: JSON.stringify({ type: 'error', code, message: 'no' }) };
}

/** The command names of §9.4 in every lab, and assignment A2's aliases: what an unknown command is not. */
const KNOWN = ['/help', '/list', '/info', '/connect', '/to', '/send', '/get', '/share', '/close', '/history', '/quit'];
const KNOWN_ALIASES = ['\\help', '\\get_client_list', '\\get_client_info', '\\send_file', '\\close_session', '\\disconnect_client'];

/**
 * Lines §9.4 answers with `error` `BAD_COMMAND`: each command that needs an argument, typed without
 * one (in any case, trailing blanks included), and unknown commands in both the slash and the
 * backslash form, in a drawn order.
 */
export function drawBadCommands(random: Random): string[] {
  const blanks = () => random.pick(['', '', ' ', '   ', '\t', ' \t ']);
  const missing = ['/connect', '/info', '/to', '\\GET_CLIENT_INFO'].map((command) => `${anyCase(random, command)}${blanks()}`);
  const unknown = [unknownCommand(random, '/', KNOWN), unknownCommand(random, '\\', KNOWN_ALIASES)];
  if (random.chance(0.5)) unknown.push(unknownCommand(random, random.pick(['/', '\\']), [...KNOWN, ...KNOWN_ALIASES]));
  return shuffled(random, [...missing, ...unknown]);
}

function anyCase(random: Random, command: string): string {
  const style = random.int(0, 2);
  if (style === 0) return command;
  if (style === 1) return command.toUpperCase();
  return [...command].map((c) => (random.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}

function unknownCommand(random: Random, prefix: string, known: string[]): string {
  for (;;) {
    const word = random.pick(['nope', 'exit', 'quit', 'list', 'connect', 'lsit', 'q', 'msg', 'whois', 'GET_CLIENT', 'CLOSE', 'help!', 'info2', '']) || Array.from({ length: random.int(1, 12) }, () => random.pick([...'abcdefghijklmnopqrstuvwxyz_'])).join('');
    const name = `${prefix}${word}`;
    if (known.includes(name.toLowerCase())) continue;
    const argument = random.pick(['', '', ` ${drawUsername(random)}`, ` ${drawSaying(random)}`]);
    return `${name}${argument}`;
  }
}
