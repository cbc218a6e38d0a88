// The error codes of the system, each with the one line that explains it. Wire codes travel in
// {"type":"error","code":…} messages (and as `reason` of decline/cancel); local codes are only ever
// printed by a program as an `error` event. docs/PROTOCOL.md ("Error codes") documents the same list,
// and test/kit/protocol-doc.test.ts fails if the two drift apart.

export const WIRE_ERRORS = {
  BAD_JSON: 'the line is not a JSON object in valid UTF-8',
  FRAME_TOO_LARGE: `a line grew past MAX_LINE_BYTES without "\\n"; the connection is closed`,
  BAD_MESSAGE: 'a field is missing, has the wrong JSON type or is out of bounds (see `field`)',
  UNKNOWN_TYPE: 'the message type does not exist in this direction',
  WRONG_STATE: 'the message is not allowed now (for example list before login)',
  TIMEOUT: 'nothing (or no login) arrived in time; the connection is closed',
  TOO_MANY_CONNECTIONS: 'too many connections from this address, or too many users online',
  TOO_MANY_ATTEMPTS: 'too many failed register/login attempts on this connection; it is closed',
  SLOW_DOWN: 'too many messages too fast; the message was dropped (see `retry_after_ms`)',
  BAD_USERNAME: 'the username does not match ^[a-z][a-z0-9_-]{2,31}$',
  BAD_PASSWORD: 'the password is not 8 to 128 characters long',
  BAD_PORT: 'the announced port is not an integer from 1 to 65535',
  USERNAME_TAKEN: 'an account with this username exists; choose another',
  AUTH_FAILED: 'unknown username or wrong password (deliberately indistinguishable; see `attempts_left`)',
  LOCKED: 'the username is locked after repeated failures (see `retry_after_ms`)',
  ALREADY_ONLINE: 'this user is already logged in on another connection',
  NO_SUCH_USER: 'no account has this username',
  USER_OFFLINE: 'the user exists but is not logged in',
  SELF_LOOKUP: 'you looked yourself up; a session needs two different peers',
  BAD_TICKET: 'the ticket is unknown, expired, already used or issued for someone else',
  NO_SUCH_SESSION: 'no such session, or you are not one of its peers',
  NO_SUCH_FILE: 'nobody shares a file by this name, or this peer does not',
  AT_CAPACITY: 'the limit is reached (uploads of a holder, sessions of a user); try another time or peer',
  DECLINED: 'the receiver refused the file or the transfer was cancelled by a person',
  HASH_MISMATCH: 'the received bytes do not have the announced SHA-256',
  SIZE_MISMATCH: 'more bytes arrived than the announced size',
  TOO_LARGE: 'the file, or the shared list, is larger than the receiver accepts',
  BAD_NAME: 'the file name is unsafe (a path, "." or "..", control characters) or empty',
  NO_SUCH_ROOM: 'no room has this code, or you are not one of its members (deliberately indistinguishable)',
  ROOM_FULL: 'the room holds MAX_ROOM_MEMBERS members already',
  TOO_MANY_ROOMS: 'you are in MAX_ROOMS_PER_USER rooms already; leave one first',
  BAD_TOKEN: 'the relay token is malformed, forged, expired, or already used for its side of the session',
  RELAY_FULL: 'the relay carries MAX_RELAYED_SESSIONS sessions already; try again later',
  NO_RELAY: 'this tracker has no relay to offer (it was started without --relay)',
  DISK_ERROR: 'a file or database could not be read or written',
  INTERNAL: 'an unexpected failure on the other side; the request may be retried',
} as const;

export const LOCAL_ERRORS = {
  LINE_TOO_LONG: 'Lab 01: the peer sent more than MAX_LINE_BYTES without "\\n"; the chat is closed',
  CONNECT_FAILED: 'the program could not connect (refused, unreachable, no answer in time)',
  LISTEN_FAILED: 'the program could not listen (port in use, address not available)',
  TRACKER_LOST: 'a peer lost its tracker connection; it ends its sessions and exits',
  BAD_COMMAND: 'a peer could not understand a typed command (unknown, or missing arguments)',
  TAMPERED: 'Lab 06: a sealed record through the relay did not open (changed, replayed, dropped or reordered); the session is closed',
} as const;

export type WireErrorCode = keyof typeof WIRE_ERRORS;
export type LocalErrorCode = keyof typeof LOCAL_ERRORS;
export type ErrorCode = WireErrorCode | LocalErrorCode;

export const WIRE_ERROR_CODES = Object.keys(WIRE_ERRORS) as WireErrorCode[];
export const LOCAL_ERROR_CODES = Object.keys(LOCAL_ERRORS) as LocalErrorCode[];

export function isWireErrorCode(value: unknown): value is WireErrorCode {
  return typeof value === 'string' && Object.hasOwn(WIRE_ERRORS, value);
}

/** The one-line explanation of a code, for error events and help texts. */
export function describeError(code: ErrorCode): string {
  return isWireErrorCode(code) ? WIRE_ERRORS[code] : LOCAL_ERRORS[code];
}
