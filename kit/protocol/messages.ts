// Every control message of labs 02–05 as TypeScript types, and the validator that decides whether a
// parsed JSON value is one of them. Both come from one table per direction (at the bottom), so a
// type and its check can never disagree. docs/PROTOCOL.md ("Message reference") is the same table
// in prose; test/kit/protocol-doc.test.ts keeps the two in step.
//
// What the validator checks: presence, JSON type, and format/bounds of every field. What it leaves
// to the program, because those failures have their own error codes: the username/password/port
// rules of register and login (checkCredentials → BAD_USERNAME, BAD_PASSWORD, BAD_PORT), the ticket
// of a peer's hello (BAD_TICKET) and the safety of file names (isSafeFileName → BAD_NAME).
// Unknown extra fields are allowed and ignored, so a newer sender does not break an older receiver.
import { WIRE_ERROR_CODES, type WireErrorCode } from './errors.ts';
import {
  LOCKOUT_FAILURES, MAX_CHAT_TEXT, MAX_DATA_CHUNK, MAX_ERROR_TEXT, MAX_FILE_NAME_BYTES, MAX_FILE_SIZE, MAX_HISTORY_SESSIONS,
  MAX_HOLDERS_PER_FILE, MAX_HOST_BYTES, MAX_ID_BYTES, MAX_REASON_TEXT, MAX_RELAY_TOKEN_BYTES, MAX_REQUEST_ID, MAX_ROOM_CODE_BYTES,
  MAX_ROOM_MEMBERS, MAX_ROOM_SEQ, MAX_ROOM_TOPIC, MAX_ROSTER_OFFSET, ROOM_CODE_PATTERN, MAX_SESSION_FILES, MAX_SESSIONS_PER_USER, MAX_SHARED_FILES, MAX_WHOHAS_NAMES, PASSWORD_MAX_CHARS,
  PASSWORD_MIN_CHARS, PORT_MAX, PORT_MIN, ROSTER_PAGE, SHA256_PATTERN, TICKET_PATTERN, TIMESTAMP_PATTERN, TOKEN_PATTERN,
  USERNAME_PATTERN,
} from './limits.ts';

// ── A tiny checker kit ──────────────────────────────────────────────────────────────────────────

/** What is wrong: where ("files[2].sha256"; "" is the value itself) and what was expected there. */
interface Problem {
  path: string;
  expected: string;
  missing?: boolean;
}

declare const provesType: unique symbol;
/** Checks one JSON value. The phantom property tells the compiler which type a pass proves. */
type Check<T> = ((value: unknown) => Problem | null) & { readonly [provesType]: T };
type Optional<T> = Check<T> & { readonly optional: true };
type TypeOf<C> = C extends Check<infer T> ? T : never;
type Shape = Record<string, Check<unknown>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<S> = { [K in keyof S]: S[K] extends { optional: true } ? never : K }[keyof S];
type ShapeType<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: TypeOf<S[K]> } & { [K in Exclude<keyof S, RequiredKeys<S>>]?: TypeOf<S[K]> }
>;

const check = <T>(test: (value: unknown) => Problem | null) => test as Check<T>;
const want = (expected: string): Problem => ({ path: '', expected });
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

function under(head: string, problem: Problem): Problem {
  const path = problem.path === '' ? head : problem.path.startsWith('[') ? head + problem.path : `${head}.${problem.path}`;
  return { ...problem, path };
}

const anyString = check<string>((v) => (typeof v === 'string' ? null : want('a string')));
const anyNumber = check<number>((v) => (typeof v === 'number' ? null : want('a number')));
const boolean = check<boolean>((v) => (typeof v === 'boolean' ? null : want('true or false')));

function text(maxBytes: number, minBytes = 0): Check<string> {
  const expected = `a string of ${minBytes} to ${maxBytes} bytes (UTF-8)`;
  return check((v) => {
    const bytes = typeof v === 'string' ? byteLength(v) : -1;
    return bytes >= minBytes && bytes <= maxBytes ? null : want(expected);
  });
}

function matching(pattern: RegExp, expected: string, alsoValid: (s: string) => boolean = () => true): Check<string> {
  return check((v) => (typeof v === 'string' && pattern.test(v) && alsoValid(v) ? null : want(expected)));
}

function integer(min: number, max: number): Check<number> {
  const expected = `an integer from ${min} to ${max}`;
  return check((v) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : want(expected)));
}

function oneOf<const T extends readonly string[]>(values: T): Check<T[number]> {
  const expected = `one of ${values.map((value) => `"${value}"`).join(', ')}`;
  return check((v) => (typeof v === 'string' && values.includes(v) ? null : want(expected)));
}

function optional<T>(inner: Check<T>): Optional<T> {
  return Object.assign(check<T>((v) => inner(v)), { optional: true as const });
}

function arrayOf<T>(item: Check<T>, { min = 0, max }: { min?: number; max: number }): Check<T[]> {
  const expected = `a list of ${min} to ${max} items`;
  return check((v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return want(expected);
    for (const [index, element] of v.entries()) {
      const problem = item(element);
      if (problem) return under(`[${index}]`, problem);
    }
    return null;
  });
}

function pair<T>(item: Check<T>): Check<[T, T]> {
  return arrayOf(item, { min: 2, max: 2 }) as Check<unknown> as Check<[T, T]>;
}

/** An object used as a map, e.g. {"alice": 3, "bob": 5}. */
function recordOf<V>(key: Check<string>, value: Check<V>, max: number): Check<Record<string, V>> {
  return check((v) => {
    if (!isObject(v) || Object.keys(v).length > max) return want(`an object with at most ${max} keys`);
    for (const [name, element] of Object.entries(v)) {
      const problem = key(name) ?? value(element);
      if (problem) return under(name, problem);
    }
    return null;
  });
}

function object<S extends Shape>(shape: S): Check<ShapeType<S>> {
  return check((v) => {
    if (!isObject(v)) return want('an object');
    for (const [name, field] of Object.entries(shape)) {
      if (!Object.hasOwn(v, name)) {
        if ('optional' in field) continue;
        return { ...under(name, field(undefined) ?? want('a value')), missing: true };
      }
      const problem = field(v[name]);
      if (problem) return under(name, problem);
    }
    return null;
  });
}

/** A rule across fields, checked after the fields themselves passed. */
function withRule<T>(inner: Check<T>, rule: (value: T) => Problem | null): Check<T> {
  return check((v) => inner(v) ?? rule(v as T));
}

/** Two shapes told apart by whether `key` is present (e.g. a holders entry with or without "error"). */
function either<A, B>(key: string, withKey: Check<A>, withoutKey: Check<B>): Check<A | B> {
  return check((v) => (isObject(v) && Object.hasOwn(v, key) ? withKey(v) : withoutKey(v)));
}

function requires(field: string, expected: string): Problem {
  return { path: field, expected, missing: true };
}

// ── Field kinds ─────────────────────────────────────────────────────────────────────────────────

const username = matching(USERNAME_PATTERN, 'a username: 3–32 of a-z 0-9 _ -, starting with a letter');
const port = integer(PORT_MIN, PORT_MAX);
const host = text(MAX_HOST_BYTES, 1);
const token = matching(TOKEN_PATTERN, '1–64 characters of A-Z a-z 0-9 _ -');
const ticket = matching(TICKET_PATTERN, '22 characters of base64url (16 random bytes)');
const sha256 = matching(SHA256_PATTERN, '64 lowercase hex digits');
const timestamp = matching(TIMESTAMP_PATTERN, 'a UTC time like 2025-01-31T12:00:00.000Z', (s) => !Number.isNaN(Date.parse(s)));
const fileName = text(MAX_FILE_NAME_BYTES, 1);
const fileSize = integer(0, MAX_FILE_SIZE);
const count = integer(0, MAX_FILE_SIZE);
const milliseconds = integer(0, MAX_REQUEST_ID);
const requestType = text(32, 1);
const errorCode = oneOf(WIRE_ERROR_CODES);
const endReason = oneOf(['closed', 'disconnected', 'lost', 'interrupted']);

/** `id`: an integer 0..2^31−1 or a string of at most 64 bytes, echoed in the reply. */
const requestId = check<number | string>((v) =>
  (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_REQUEST_ID) ||
  (typeof v === 'string' && byteLength(v) <= MAX_ID_BYTES)
    ? null
    : want(`an integer from 0 to ${MAX_REQUEST_ID} or a string of at most ${MAX_ID_BYTES} bytes`),
);

/** Whether a value may be echoed as an answer's `id` (§2.2). */
export const isRequestId = (value: unknown): value is number | string => requestId(value) === null;
/** Whether a value may be echoed as an error's `re`: a string of 1–32 bytes (§2.4). */
export const isEchoableType = (value: unknown): value is string => requestType(value) === null;

// ── Shared message parts ────────────────────────────────────────────────────────────────────────

const sharedFile = object({ name: fileName, size: fileSize, sha256 });
const fileReportFields = { name: fileName, size: fileSize, sha256, verified: boolean, direction: oneOf(['sent', 'received']) };
const fileReport = object(fileReportFields);
const reportedFile = object({ ...fileReportFields, reported_by: username });
const rosterUser = object({ username, since: timestamp, busy: boolean });
const holder = object({ username, host, port, size: fileSize, sha256 });
const holdersEntry = either(
  'error',
  object({ name: fileName, error: oneOf(['NO_SUCH_FILE', 'BAD_NAME']) }),
  object({ name: fileName, holders: arrayOf(holder, { min: 1, max: MAX_HOLDERS_PER_FILE }) }),
);
const activeSession = object({ session: token, peers: pair(username), started_at: timestamp });
const pastSession = object({
  session: token,
  peers: pair(username),
  started_at: timestamp,
  ended_at: timestamp,
  reason: endReason,
  by: optional(username),
  messages: recordOf(username, count, 2),
  files: arrayOf(reportedFile, { max: 2 * MAX_SESSION_FILES }),
});

const roomCode = matching(ROOM_CODE_PATTERN, 'a room code like k7qm-3xpd-9fta');
/** A code in a request: as a person typed it (the tracker matches it forgivingly). */
const typedRoomCode = text(MAX_ROOM_CODE_BYTES, 1);
const roomSeq = integer(1, MAX_ROOM_SEQ);
const roomLeaveReason = oneOf(['left', 'disconnected', 'lost', 'too_slow']);

const errorMessage = withRule(
  object({
    code: errorCode,
    message: text(MAX_ERROR_TEXT),
    re: optional(requestType),
    field: optional(text(256)),
    retry_after_ms: optional(milliseconds),
    // §4.2: on AUTH_FAILED to a login, how many more failed logins the username can take before the lock.
    attempts_left: optional(integer(0, LOCKOUT_FAILURES - 1)),
  }),
  (m) => {
    if (m.code === 'BAD_MESSAGE' && m.field === undefined) return requires('field', 'the name of the bad field');
    if ((m.code === 'LOCKED' || m.code === 'SLOW_DOWN') && m.retry_after_ms === undefined) {
      return requires('retry_after_ms', 'milliseconds until a retry can succeed');
    }
    if (m.attempts_left !== undefined && m.code !== 'AUTH_FAILED') return { path: 'attempts_left', expected: 'no attempts_left: it comes only with AUTH_FAILED' };
    return null;
  },
);
const noFields = object({});
const credentials = object({ username: anyString, password: anyString, port: anyNumber });

// ── The three tables: message type → check of its fields ────────────────────────────────────────

const TRACKER_TO_PEER = {
  hello: object({
    server: text(64, 1),
    version: integer(1, MAX_REQUEST_ID),
    question: text(256),
    options: arrayOf(text(32, 1), { max: 8 }),
  }),
  welcome: object({ username, host, port }),
  error: errorMessage,
  // `seq` only in the ok to room_say: where the message landed in the room's order.
  ok: object({ re: requestType, seq: optional(roomSeq) }),
  // One page of the online users; `total` (optional for trackers that send everyone at once) says
  // how many there are, so a peer knows whether to ask again with a larger offset.
  roster: object({ users: arrayOf(rosterUser, { max: ROSTER_PAGE }), total: optional(integer(0, MAX_ROSTER_OFFSET)) }),
  presence: withRule(object({ event: oneOf(['joined', 'left']), username, since: optional(timestamp) }), (m) =>
    m.event === 'joined' && m.since === undefined ? requires('since', 'the time the user logged in') : null,
  ),
  peer_info: object({ username, host, port, ticket, session: token, expires_in_ms: milliseconds }),
  incoming: object({ from: username, ticket, session: token, expires_in_ms: milliseconds }),
  sessions: object({ active: arrayOf(activeSession, { max: MAX_SESSIONS_PER_USER }) }),
  session_ended: object({ session: token, reason: endReason, by: optional(username) }),
  shared: object({ count: integer(0, MAX_SHARED_FILES) }),
  holders: object({ files: arrayOf(holdersEntry, { max: MAX_WHOHAS_NAMES }) }),
  history: object({ sessions: arrayOf(pastSession, { max: MAX_HISTORY_SESSIONS }), truncated: boolean }),
  room: object({ code: roomCode, topic: text(MAX_ROOM_TOPIC), members: arrayOf(username, { min: 1, max: MAX_ROOM_MEMBERS }) }),
  room_presence: withRule(object({ code: roomCode, event: oneOf(['joined', 'left']), username, reason: optional(roomLeaveReason) }), (m) =>
    m.event === 'left' && m.reason === undefined ? requires('reason', 'why the member left') : null,
  ),
  room_message: object({ code: roomCode, seq: roomSeq, from: username, text: text(MAX_CHAT_TEXT), at: timestamp }),
  room_removed: object({ code: roomCode, reason: oneOf(['too_slow']) }),
  room_asked: object({ code: roomCode, ask: token, name: fileName }),
  room_ask: object({ code: roomCode, ask: token, from: username, name: fileName }),
  room_answer: object({ code: roomCode, ask: token, from: username, name: fileName, size: fileSize, sha256, host, port }),
  // Lab 06's relay: where to go, and the token for this side (§3.6).
  relay_info: object({ session: token, host, port, token: text(MAX_RELAY_TOKEN_BYTES, 1) }),
  relay_incoming: object({ session: token, from: username, host, port, token: text(MAX_RELAY_TOKEN_BYTES, 1) }),
  ping: noFields,
  pong: noFields,
};

const PEER_TO_TRACKER = {
  register: credentials,
  login: credentials,
  list: object({ offset: optional(integer(0, MAX_ROSTER_OFFSET)) }),
  lookup: object({ username }),
  session_started: object({ session: token }),
  sessions: noFields,
  close_session: object({
    session: token,
    messages_sent: count,
    files: arrayOf(fileReport, { max: MAX_SESSION_FILES }),
    reason: optional(oneOf(['closed', 'lost'])),
  }),
  share: object({ files: arrayOf(sharedFile, { max: MAX_SHARED_FILES }), append: optional(boolean) }),
  whohas: object({ names: arrayOf(fileName, { min: 1, max: MAX_WHOHAS_NAMES }) }),
  history: noFields,
  room_create: object({ topic: optional(text(MAX_ROOM_TOPIC)) }),
  room_join: object({ code: typedRoomCode }),
  room_leave: object({ code: typedRoomCode }),
  room_say: object({ code: typedRoomCode, text: text(MAX_CHAT_TEXT) }),
  room_whohas: object({ code: typedRoomCode, name: fileName }),
  room_have: object({ code: typedRoomCode, ask: token, name: fileName, size: fileSize, sha256 }),
  relay: object({ session: token }),
  ping: noFields,
  pong: noFields,
  logout: noFields,
  error: errorMessage,
};

const PEER_TO_PEER = {
  hello: object({ from: username, ticket: anyString }),
  welcome: object({ session: token, username }),
  error: errorMessage,
  chat: object({ text: text(MAX_CHAT_TEXT) }),
  offer: object({ xfer: token, name: fileName, size: fileSize, sha256 }),
  accept: object({ xfer: token }),
  decline: object({ xfer: token, reason: errorCode, message: optional(text(MAX_ERROR_TEXT)) }),
  data: object({ xfer: token, len: integer(1, MAX_DATA_CHUNK) }),
  file_ok: object({ xfer: token, sha256 }),
  file_bad: object({ xfer: token, code: oneOf(['HASH_MISMATCH', 'SIZE_MISMATCH']) }),
  cancel: object({ xfer: token, reason: errorCode, message: optional(text(MAX_ERROR_TEXT)) }),
  // `udp_port` (Lab 06, §5.9): send the file over UDP to this port of the asker, not in data frames.
  get: object({ xfer: token, name: fileName, udp_port: optional(port) }),
  bye: object({ reason: text(MAX_REASON_TEXT) }),
  ping: noFields,
  pong: noFields,
};

// Lab 06's relay: one line each way, then the relay copies raw bytes between the two sides (§3.6).
// The token is any text here: a malformed one is BAD_TOKEN, which only the relay can judge.
const PEER_TO_RELAY = {
  relay_join: object({ token: text(MAX_RELAY_TOKEN_BYTES, 1) }),
};

const RELAY_TO_PEER = {
  relay_paired: object({ session: token }),
  error: errorMessage,
};

const TABLES = {
  'tracker-to-peer': TRACKER_TO_PEER,
  'peer-to-tracker': PEER_TO_TRACKER,
  'peer-to-peer': PEER_TO_PEER,
  'peer-to-relay': PEER_TO_RELAY,
  'relay-to-peer': RELAY_TO_PEER,
} as const;

// ── Types ───────────────────────────────────────────────────────────────────────────────────────

export type Direction = keyof typeof TABLES;
export type RequestId = number | string;
type MessagesOf<T extends Record<string, Check<unknown>>> = {
  [K in keyof T & string]: Simplify<{ type: K; id?: RequestId } & TypeOf<T[K]>>;
}[keyof T & string];

export type TrackerToPeerMessage = MessagesOf<typeof TRACKER_TO_PEER>;
export type PeerToTrackerMessage = MessagesOf<typeof PEER_TO_TRACKER>;
export type PeerToPeerMessage = MessagesOf<typeof PEER_TO_PEER>;
export type MessageFrom<D extends Direction> = MessagesOf<(typeof TABLES)[D]>;
export type AnyMessage = TrackerToPeerMessage | PeerToTrackerMessage | PeerToPeerMessage | MessageFrom<'peer-to-relay'> | MessageFrom<'relay-to-peer'>;
/** One message by direction and type, e.g. `MessageOf<'peer-to-peer', 'offer'>`. */
export type MessageOf<D extends Direction, T extends MessageFrom<D>['type']> = Extract<MessageFrom<D>, { type: T }>;

export type ErrorMessage = MessageOf<'tracker-to-peer', 'error'>;
export type SharedFile = TypeOf<typeof sharedFile>;
export type FileReport = TypeOf<typeof fileReport>;
export type RosterUser = TypeOf<typeof rosterUser>;
export type Holder = TypeOf<typeof holder>;
export type HoldersEntry = TypeOf<typeof holdersEntry>;
export type ActiveSession = TypeOf<typeof activeSession>;
export type PastSession = TypeOf<typeof pastSession>;
export type SessionEndReason = TypeOf<typeof endReason>;
export type { WireErrorCode };

/** The type names of each direction, in table order (the docs test walks these). */
export const MESSAGE_TYPES: { readonly [D in Direction]: readonly MessageFrom<D>['type'][] } = {
  'tracker-to-peer': Object.keys(TRACKER_TO_PEER) as TrackerToPeerMessage['type'][],
  'peer-to-tracker': Object.keys(PEER_TO_TRACKER) as PeerToTrackerMessage['type'][],
  'peer-to-peer': Object.keys(PEER_TO_PEER) as PeerToPeerMessage['type'][],
  'peer-to-relay': Object.keys(PEER_TO_RELAY) as MessageFrom<'peer-to-relay'>['type'][],
  'relay-to-peer': Object.keys(RELAY_TO_PEER) as MessageFrom<'relay-to-peer'>['type'][],
};

// ── Validation ──────────────────────────────────────────────────────────────────────────────────

export type Invalid<C extends string = 'BAD_MESSAGE' | 'UNKNOWN_TYPE'> = {
  ok: false;
  code: C;
  /** The bad field for BAD_MESSAGE ("type", "files[2].sha256"); absent when the whole value is wrong. */
  field?: string;
  /** A sentence for people, fit for the `message` of the error reply. */
  message: string;
};
export type Validation<M> = { ok: true; message: M } | Invalid;
export type ParseResult<M> = { ok: true; message: M } | Invalid<'BAD_JSON' | 'BAD_MESSAGE' | 'UNKNOWN_TYPE'>;

/**
 * Decides whether `value` (anything JSON.parse can return) is a valid message sent in direction
 * `from`. Never throws. On success the same object is returned, typed.
 */
export function validateMessage<D extends Direction>(value: unknown, from: D): Validation<MessageFrom<D>> {
  if (!isObject(value)) return { ok: false, code: 'BAD_MESSAGE', message: 'a message must be a JSON object' };
  const { type } = value;
  if (typeof type !== 'string') return badField({ path: 'type', expected: 'a string', missing: type === undefined });
  const table: Record<string, Check<unknown>> = TABLES[from];
  const fields = Object.hasOwn(table, type) ? table[type] : undefined;
  if (!fields) {
    const shown = type.length > 40 ? `${type.slice(0, 40)}…` : type;
    return { ok: false, code: 'UNKNOWN_TYPE', message: `no message type "${shown}" is sent ${from}` };
  }
  if (Object.hasOwn(value, 'id')) {
    const problem = requestId(value.id);
    if (problem) return badField(under('id', problem));
  }
  const problem = fields(value);
  if (problem) return badField(problem);
  return { ok: true, message: value as MessageFrom<D> };
}

function badField({ path, expected, missing }: Problem): Invalid {
  const message = missing ? `field "${path}" is missing (expected ${expected})` : `field "${path}" must be ${expected}`;
  return { ok: false, code: 'BAD_MESSAGE', field: path, message };
}

/**
 * Parses one received line (without its "\n") and validates it. Never throws. Call isBlankLine
 * first: blank lines are ignored by the protocol, not errors.
 */
export function parseLine<D extends Direction>(line: string, from: D): ParseResult<MessageFrom<D>> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, code: 'BAD_JSON', message: 'the line is not valid JSON' };
  }
  if (!isObject(value)) return { ok: false, code: 'BAD_JSON', message: 'the line is JSON but not an object' };
  return validateMessage(value, from);
}

/** Empty lines, and lines of only spaces, tabs and "\r", are ignored by every receiver. */
export function isBlankLine(line: string): boolean {
  return /^[ \t\r]*$/.test(line);
}

/** The bytes to send for one message: compact JSON and "\n". Keep it within MAX_LINE_BYTES. */
export function encode(message: AnyMessage): string {
  return `${JSON.stringify(message)}\n`;
}

// ── Rules with their own error codes ────────────────────────────────────────────────────────────

/** The register/login rules, in the order the tracker applies them; null when all hold. */
export function checkCredentials(fields: { username: string; password: string; port: number }):
  | 'BAD_USERNAME'
  | 'BAD_PASSWORD'
  | 'BAD_PORT'
  | null {
  if (!USERNAME_PATTERN.test(fields.username)) return 'BAD_USERNAME';
  const characters = [...fields.password].length; // code points, not UTF-16 units
  if (characters < PASSWORD_MIN_CHARS || characters > PASSWORD_MAX_CHARS) return 'BAD_PASSWORD';
  if (!Number.isInteger(fields.port) || fields.port < PORT_MIN || fields.port > PORT_MAX) return 'BAD_PORT';
  return null;
}

// Characters no file name may hold: path separators, characters Windows forbids, control characters.
const FORBIDDEN_IN_NAME = /[/\\<>:"|?*\u0000-\u001f\u007f-\u009f]/;
// Names Windows treats as devices, with or without an extension.
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\..*)?$/i;
// A UTF-16 surrogate without its partner: not a character, cannot be written as UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * True when `name` is safe to use as a file name inside a folder on any common system: it can never
 * climb out ("..", "a/b", "C:\x"), hide a device (NUL), or carry control characters.
 */
export function isSafeFileName(name: string): boolean {
  const bytes = byteLength(name);
  return (
    bytes >= 1 &&
    bytes <= MAX_FILE_NAME_BYTES &&
    !FORBIDDEN_IN_NAME.test(name) &&
    !/[. ]$/.test(name) && // also rules out "." and ".."; Windows drops trailing dots and spaces
    !WINDOWS_DEVICE.test(name) &&
    !LONE_SURROGATE.test(name)
  );
}
