// Which messages ask for an answer and which answers they may get, per connection and direction:
// docs/PROTOCOL.md §3 ("Reply: …", "Replies: …") and §2.2 as a table the monitor can walk.
import { MAX_ID_BYTES, MAX_REQUEST_ID } from '#kit/protocol/limits.ts';
import type { Direction } from '#kit/protocol/messages.ts';

/** The connections of §1 that carry JSON lines (a relay connection only its first line each way). */
export type ConnectionKind = 'tracker' | 'direct' | 'relay';

/** Request type → the message types that answer it (an `error` may always answer instead). */
export const REPLIES: Record<Direction, Record<string, readonly string[]>> = {
  'peer-to-tracker': {
    register: ['welcome'],
    login: ['welcome'],
    list: ['roster'],
    lookup: ['peer_info'],
    session_started: ['ok'],
    sessions: ['sessions'],
    close_session: ['ok'],
    share: ['shared'],
    whohas: ['holders'],
    history: ['history'],
    room_create: ['room'],
    room_join: ['room'],
    room_leave: ['ok'],
    room_say: ['ok'],
    room_whohas: ['room_asked'],
    room_have: ['ok'],
    relay: ['relay_info'],
    logout: ['ok'],
    ping: ['pong'],
  },
  'tracker-to-peer': { ping: ['pong'] },
  'peer-to-peer': {
    hello: ['welcome'],
    get: ['offer'],
    offer: ['accept', 'decline'],
    ping: ['pong'],
  },
  'peer-to-relay': { relay_join: ['relay_paired'] },
  'relay-to-peer': {},
};

/** Messages a tracker sends on its own, never as an answer (§2.2: pushes carry no id). */
export const TRACKER_PUSHES: readonly string[] = ['hello', 'presence', 'incoming', 'session_ended', 'room_presence', 'room_message', 'room_removed', 'room_ask', 'room_answer', 'relay_incoming', 'ping'];

/** Error codes sent on their own, not in answer to a message (§3.1 error). */
export const UNSOLICITED_ERRORS: readonly string[] = ['TIMEOUT', 'TOO_MANY_ATTEMPTS', 'TOO_MANY_CONNECTIONS'];

/** §3.3: before `welcome`, a peer may send only these on its tracker connection. */
export const BEFORE_LOGIN: readonly string[] = ['register', 'login', 'ping', 'pong'];

/** The direction of what the other end sends, given what the grader receives on a connection. */
export function opposite(direction: Direction): Direction {
  if (direction === 'tracker-to-peer') return 'peer-to-tracker';
  if (direction === 'peer-to-tracker') return 'tracker-to-peer';
  if (direction === 'peer-to-relay') return 'relay-to-peer';
  if (direction === 'relay-to-peer') return 'peer-to-relay';
  return 'peer-to-peer';
}

export function connectionKind(direction: Direction): ConnectionKind {
  if (direction === 'peer-to-peer') return 'direct';
  return direction === 'peer-to-relay' || direction === 'relay-to-peer' ? 'relay' : 'tracker';
}

/** §2.4: an error echoes `re` when the message it answers had a string type of at most 32 bytes. */
export function echoableType(type: unknown): type is string {
  return typeof type === 'string' && type.length > 0 && Buffer.byteLength(type) <= 32;
}

/** §2.2: a valid id is an integer 0..2^31−1 or a string of at most 64 bytes. */
export function validId(id: unknown): id is number | string {
  return (Number.isInteger(id) && (id as number) >= 0 && (id as number) <= MAX_REQUEST_ID) || (typeof id === 'string' && Buffer.byteLength(id) <= MAX_ID_BYTES);
}
