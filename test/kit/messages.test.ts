import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  checkCredentials, encode, isBlankLine, isSafeFileName, MESSAGE_TYPES, parseLine, validateMessage,
  type Direction, type MessageFrom, type MessageOf,
} from '#kit/protocol/messages.ts';
import { MAX_CHAT_TEXT, MAX_DATA_CHUNK, MAX_SHARED_FILES, MAX_WHOHAS_NAMES, ROSTER_PAGE } from '#kit/protocol/limits.ts';

const SHA = 'a'.repeat(64);
const TICKET = 'q8J3kV0bX1yZ2aB4cD5eFg';
const T0 = '2025-03-01T10:00:00.000Z';
const T1 = '2025-03-01T10:05:00Z';
const report = { name: 'notes.txt', size: 12, sha256: SHA, verified: true, direction: 'sent' } as const;

// One valid message of every type, typed so the compiler checks them against the message types too.
const EXAMPLES: { [D in Direction]: MessageFrom<D>[] } = {
  'tracker-to-peer': [
    { type: 'hello', server: 'sharing-is-caring', version: 1, question: 'new or returning?', options: ['register', 'login'] },
    { type: 'welcome', username: 'alice', host: '127.0.0.1', port: 40123, id: 1 },
    { type: 'error', code: 'AUTH_FAILED', message: 'wrong username or password', re: 'login', id: 2, attempts_left: 2 },
    { type: 'error', code: 'AUTH_FAILED', message: 'wrong username or password', re: 'login', attempts_left: 0 },
    { type: 'error', code: 'LOCKED', message: 'locked', re: 'login', retry_after_ms: 60000 },
    { type: 'error', code: 'BAD_MESSAGE', message: 'bad', field: 'port' },
    { type: 'ok', re: 'logout', id: 'q-1' },
    { type: 'roster', users: [{ username: 'alice', since: T0, busy: false }] },
    { type: 'roster', users: [] },
    { type: 'roster', users: [{ username: 'alice', since: T0, busy: false }], total: 1200 },
    { type: 'presence', event: 'joined', username: 'bob', since: T0 },
    { type: 'presence', event: 'left', username: 'bob' },
    { type: 'peer_info', username: 'bob', host: '127.0.0.1', port: 40124, ticket: TICKET, session: 's-1', expires_in_ms: 30000 },
    { type: 'incoming', from: 'alice', ticket: TICKET, session: 's-1', expires_in_ms: 30000 },
    { type: 'sessions', active: [{ session: 's-1', peers: ['alice', 'bob'], started_at: T0 }] },
    { type: 'session_ended', session: 's-1', reason: 'closed', by: 'alice' },
    { type: 'session_ended', session: 's-1', reason: 'interrupted' },
    { type: 'shared', count: 3 },
    {
      type: 'holders',
      files: [
        { name: 'a.txt', holders: [{ username: 'bob', host: '127.0.0.1', port: 40124, size: 5, sha256: SHA }] },
        { name: 'b.txt', error: 'NO_SUCH_FILE' },
      ],
    },
    {
      type: 'history',
      truncated: false,
      sessions: [
        {
          session: 's-1', peers: ['alice', 'bob'], started_at: T0, ended_at: T1, reason: 'closed', by: 'alice',
          messages: { alice: 3, bob: 2 }, files: [{ ...report, reported_by: 'alice' }],
        },
      ],
    },
    { type: 'room', code: 'k7qm-3xpd-9fta', topic: '', members: ['alice', 'bob'], id: 31 },
    { type: 'room_presence', code: 'k7qm-3xpd-9fta', event: 'joined', username: 'bob' },
    { type: 'room_presence', code: 'k7qm-3xpd-9fta', event: 'left', username: 'bob', reason: 'too_slow' },
    { type: 'room_message', code: 'k7qm-3xpd-9fta', seq: 1, from: 'alice', text: 'hi', at: T0 },
    { type: 'room_removed', code: 'k7qm-3xpd-9fta', reason: 'too_slow' },
    { type: 'room_asked', code: 'k7qm-3xpd-9fta', ask: 'a-1', name: 'notes.txt', id: 34 },
    { type: 'room_ask', code: 'k7qm-3xpd-9fta', ask: 'a-1', from: 'carol', name: 'notes.txt' },
    { type: 'room_answer', code: 'k7qm-3xpd-9fta', ask: 'a-1', from: 'alice', name: 'notes.txt', size: 6, sha256: SHA, host: '127.0.0.1', port: 40123 },
    { type: 'ok', re: 'room_say', seq: 2, id: 33 },
    { type: 'ping' },
    { type: 'pong', id: 7 },
    { type: 'relay_info', session: 's-1', host: '127.0.0.1', port: 9877, token: 's-1.caller.1767225600000.' + 'A'.repeat(43), id: 9 },
    { type: 'relay_incoming', session: 's-1', from: 'alice', host: '127.0.0.1', port: 9877, token: 's-1.callee.1767225600000.' + 'B'.repeat(43) },
  ],
  'peer-to-tracker': [
    { type: 'register', username: 'alice', password: 'correct horse', port: 40123, id: 1 },
    { type: 'login', username: 'alice', password: 'correct horse', port: 40123 },
    { type: 'list' },
    { type: 'list', offset: 500, id: 12 },
    { type: 'lookup', username: 'bob' },
    { type: 'session_started', session: 's-1' },
    { type: 'sessions' },
    { type: 'close_session', session: 's-1', messages_sent: 3, files: [report] },
    { type: 'close_session', session: 's-1', messages_sent: 0, files: [], reason: 'lost' },
    { type: 'share', files: [{ name: 'a.txt', size: 5, sha256: SHA }] },
    { type: 'share', files: [], append: true },
    { type: 'whohas', names: ['a.txt', 'b.txt'] },
    { type: 'history' },
    { type: 'room_create' },
    { type: 'room_create', topic: 'study group 🙂', id: 30 },
    { type: 'room_join', code: 'K7QM 3XPD 9FTA' },
    { type: 'room_leave', code: 'k7qm-3xpd-9fta' },
    { type: 'room_say', code: 'k7qm-3xpd-9fta', text: '' },
    { type: 'room_whohas', code: 'k7qm-3xpd-9fta', name: 'notes.txt' },
    { type: 'room_have', code: 'k7qm-3xpd-9fta', ask: 'a-1', name: 'notes.txt', size: 6, sha256: SHA },
    { type: 'ping', id: 0 },
    { type: 'pong' },
    { type: 'logout' },
    { type: 'error', code: 'BAD_MESSAGE', message: 'bad port', re: 'welcome', field: 'port' },
    { type: 'relay', session: 's-1', id: 10 },
  ],
  'peer-to-peer': [
    { type: 'hello', from: 'alice', ticket: TICKET },
    { type: 'welcome', session: 's-1', username: 'bob' },
    { type: 'error', code: 'BAD_TICKET', message: 'unknown ticket', re: 'hello' },
    { type: 'chat', text: 'hi 👋' },
    { type: 'chat', text: '' },
    { type: 'offer', xfer: 'x1', name: 'a.txt', size: 5, sha256: SHA },
    { type: 'accept', xfer: 'x1' },
    { type: 'decline', xfer: 'x1', reason: 'TOO_LARGE' },
    { type: 'data', xfer: 'x1', len: 5 },
    { type: 'file_ok', xfer: 'x1', sha256: SHA },
    { type: 'file_bad', xfer: 'x1', code: 'HASH_MISMATCH' },
    { type: 'cancel', xfer: 'x1', reason: 'DISK_ERROR', message: 'disk full' },
    { type: 'get', xfer: 'd1', name: 'a.txt' },
    { type: 'get', xfer: 'd2', name: 'a.txt', udp_port: 40125 },
    { type: 'bye', reason: 'quit' },
    { type: 'ping' },
    { type: 'pong' },
  ],
  'peer-to-relay': [{ type: 'relay_join', token: 's-1.caller.1767225600000.' + 'A'.repeat(43) }],
  'relay-to-peer': [
    { type: 'relay_paired', session: 's-1' },
    { type: 'error', code: 'RELAY_FULL', message: 'the relay carries 16 sessions already' },
  ],
};

const DIRECTIONS = Object.keys(EXAMPLES) as Direction[];

describe('validateMessage accepts valid messages', () => {
  for (const direction of DIRECTIONS) {
    it(`has an example of every ${direction} type`, () => {
      const covered = new Set(EXAMPLES[direction].map((message) => message.type));
      expect([...MESSAGE_TYPES[direction]].filter((type) => !covered.has(type))).toEqual([]);
    });
    for (const message of EXAMPLES[direction]) {
      it(`${direction} ${JSON.stringify(message).slice(0, 70)}`, () => {
        expect(validateMessage(message, direction)).toEqual({ ok: true, message });
      });
    }
  }

  it('ignores unknown extra fields', () => {
    expect(validateMessage({ type: 'chat', text: 'hi', mood: 'happy' }, 'peer-to-peer').ok).toBe(true);
  });

  it('accepts the bounds themselves', () => {
    const ok = (value: object, direction: Direction) => expect(validateMessage(value, direction).ok).toBe(true);
    ok({ type: 'chat', text: 'x'.repeat(MAX_CHAT_TEXT) }, 'peer-to-peer');
    ok({ type: 'data', xfer: 'x', len: MAX_DATA_CHUNK }, 'peer-to-peer');
    ok({ type: 'data', xfer: 'x', len: 1 }, 'peer-to-peer');
    ok({ type: 'whohas', names: Array.from({ length: MAX_WHOHAS_NAMES }, (_, i) => `f${i}`) }, 'peer-to-tracker');
    ok({ type: 'share', files: Array.from({ length: MAX_SHARED_FILES }, (_, i) => ({ name: `f${i}`, size: 0, sha256: SHA })) }, 'peer-to-tracker');
    ok({ type: 'ping', id: 2 ** 31 - 1 }, 'peer-to-tracker');
    ok({ type: 'ping', id: 'x'.repeat(64) }, 'peer-to-tracker');
    ok({ type: 'offer', xfer: 'x'.repeat(64), name: 'é'.repeat(127), size: Number.MAX_SAFE_INTEGER, sha256: SHA }, 'peer-to-peer');
  });
});

describe('validateMessage rejects bad messages with the right code and field', () => {
  const cases: [string, Direction, unknown, 'BAD_MESSAGE' | 'UNKNOWN_TYPE', string | undefined][] = [
    ['not an object', 'peer-to-peer', [1, 2], 'BAD_MESSAGE', undefined],
    ['null', 'peer-to-peer', null, 'BAD_MESSAGE', undefined],
    ['no type', 'peer-to-peer', { text: 'hi' }, 'BAD_MESSAGE', 'type'],
    ['type not a string', 'peer-to-peer', { type: 7 }, 'BAD_MESSAGE', 'type'],
    ['unknown type', 'peer-to-peer', { type: 'shout', text: 'hi' }, 'UNKNOWN_TYPE', undefined],
    ['type of another direction', 'tracker-to-peer', { type: 'register', username: 'alice', password: 'xxxxxxxx', port: 1 }, 'UNKNOWN_TYPE', undefined],
    ['chat to the tracker', 'peer-to-tracker', { type: 'chat', text: 'hi' }, 'UNKNOWN_TYPE', undefined],
    ['inherited name as type', 'peer-to-peer', { type: 'toString' }, 'UNKNOWN_TYPE', undefined],
    ['__proto__ as type', 'peer-to-peer', JSON.parse('{"type":"__proto__"}'), 'UNKNOWN_TYPE', undefined],
    ['missing field', 'peer-to-peer', { type: 'chat' }, 'BAD_MESSAGE', 'text'],
    ['null is not absent', 'tracker-to-peer', { type: 'session_ended', session: 's', reason: 'lost', by: null }, 'BAD_MESSAGE', 'by'],
    ['wrong type', 'peer-to-peer', { type: 'chat', text: 42 }, 'BAD_MESSAGE', 'text'],
    ['chat too long', 'peer-to-peer', { type: 'chat', text: 'x'.repeat(MAX_CHAT_TEXT + 1) }, 'BAD_MESSAGE', 'text'],
    ['chat too long in bytes', 'peer-to-peer', { type: 'chat', text: 'é'.repeat(MAX_CHAT_TEXT / 2 + 1) }, 'BAD_MESSAGE', 'text'],
    ['bad id type', 'peer-to-tracker', { type: 'list', id: true }, 'BAD_MESSAGE', 'id'],
    ['negative id', 'peer-to-tracker', { type: 'list', id: -1 }, 'BAD_MESSAGE', 'id'],
    ['fractional id', 'peer-to-tracker', { type: 'list', id: 1.5 }, 'BAD_MESSAGE', 'id'],
    ['id too big', 'peer-to-tracker', { type: 'list', id: 2 ** 31 }, 'BAD_MESSAGE', 'id'],
    ['id string too long', 'peer-to-tracker', { type: 'list', id: 'x'.repeat(65) }, 'BAD_MESSAGE', 'id'],
    ['data len 0', 'peer-to-peer', { type: 'data', xfer: 'x1', len: 0 }, 'BAD_MESSAGE', 'len'],
    ['data len too big', 'peer-to-peer', { type: 'data', xfer: 'x1', len: MAX_DATA_CHUNK + 1 }, 'BAD_MESSAGE', 'len'],
    ['data len as string', 'peer-to-peer', { type: 'data', xfer: 'x1', len: '5' }, 'BAD_MESSAGE', 'len'],
    ['bad xfer', 'peer-to-peer', { type: 'accept', xfer: 'x 1' }, 'BAD_MESSAGE', 'xfer'],
    ['empty xfer', 'peer-to-peer', { type: 'accept', xfer: '' }, 'BAD_MESSAGE', 'xfer'],
    ['uppercase sha256', 'peer-to-peer', { type: 'offer', xfer: 'x', name: 'a', size: 1, sha256: 'A'.repeat(64) }, 'BAD_MESSAGE', 'sha256'],
    ['negative size', 'peer-to-peer', { type: 'offer', xfer: 'x', name: 'a', size: -1, sha256: SHA }, 'BAD_MESSAGE', 'size'],
    ['unsafe size', 'peer-to-peer', { type: 'offer', xfer: 'x', name: 'a', size: 2 ** 53, sha256: SHA }, 'BAD_MESSAGE', 'size'],
    ['empty name', 'peer-to-peer', { type: 'get', xfer: 'x', name: '' }, 'BAD_MESSAGE', 'name'],
    ['name over 255 bytes', 'peer-to-peer', { type: 'get', xfer: 'x', name: 'é'.repeat(128) }, 'BAD_MESSAGE', 'name'],
    ['udp_port 0', 'peer-to-peer', { type: 'get', xfer: 'x', name: 'a', udp_port: 0 }, 'BAD_MESSAGE', 'udp_port'],
    ['udp_port as string', 'peer-to-peer', { type: 'get', xfer: 'x', name: 'a', udp_port: '40125' }, 'BAD_MESSAGE', 'udp_port'],
    ['udp_port null', 'peer-to-peer', { type: 'get', xfer: 'x', name: 'a', udp_port: null }, 'BAD_MESSAGE', 'udp_port'],
    ['file_bad code', 'peer-to-peer', { type: 'file_bad', xfer: 'x', code: 'DISK_ERROR' }, 'BAD_MESSAGE', 'code'],
    ['decline reason not a code', 'peer-to-peer', { type: 'decline', xfer: 'x', reason: 'no thanks' }, 'BAD_MESSAGE', 'reason'],
    ['bye reason too long', 'peer-to-peer', { type: 'bye', reason: 'x'.repeat(201) }, 'BAD_MESSAGE', 'reason'],
    ['hello from a bad username', 'peer-to-peer', { type: 'hello', from: 'Alice', ticket: TICKET }, 'BAD_MESSAGE', 'from'],
    ['hello ticket not a string', 'peer-to-peer', { type: 'hello', from: 'alice', ticket: 5 }, 'BAD_MESSAGE', 'ticket'],
    ['register port as string', 'peer-to-tracker', { type: 'register', username: 'alice', password: 'xxxxxxxx', port: '80' }, 'BAD_MESSAGE', 'port'],
    ['login without password', 'peer-to-tracker', { type: 'login', username: 'alice', port: 80 }, 'BAD_MESSAGE', 'password'],
    ['lookup of a malformed name', 'peer-to-tracker', { type: 'lookup', username: 'x' }, 'BAD_MESSAGE', 'username'],
    ['nested item', 'peer-to-tracker', { type: 'share', files: [{ name: 'a', size: 1, sha256: SHA }, { name: 'b', size: 1, sha256: 'no' }] }, 'BAD_MESSAGE', 'files[1].sha256'],
    ['nested missing', 'peer-to-tracker', { type: 'close_session', session: 's', messages_sent: 0, files: [{ ...report, verified: undefined }] }, 'BAD_MESSAGE', 'files[0].verified'],
    ['share too many', 'peer-to-tracker', { type: 'share', files: Array.from({ length: MAX_SHARED_FILES + 1 }, () => ({ name: 'a', size: 1, sha256: SHA })) }, 'BAD_MESSAGE', 'files'],
    ['whohas empty', 'peer-to-tracker', { type: 'whohas', names: [] }, 'BAD_MESSAGE', 'names'],
    ['whohas too many', 'peer-to-tracker', { type: 'whohas', names: Array.from({ length: MAX_WHOHAS_NAMES + 1 }, () => 'a') }, 'BAD_MESSAGE', 'names'],
    ['close reason', 'peer-to-tracker', { type: 'close_session', session: 's', messages_sent: 0, files: [], reason: 'interrupted' }, 'BAD_MESSAGE', 'reason'],
    ['messages_sent negative', 'peer-to-tracker', { type: 'close_session', session: 's', messages_sent: -3, files: [] }, 'BAD_MESSAGE', 'messages_sent'],
    ['bad timestamp', 'tracker-to-peer', { type: 'roster', users: [{ username: 'alice', since: 'yesterday', busy: false }] }, 'BAD_MESSAGE', 'users[0].since'],
    ['impossible timestamp', 'tracker-to-peer', { type: 'roster', users: [{ username: 'alice', since: '2025-13-01T00:00:00Z', busy: false }] }, 'BAD_MESSAGE', 'users[0].since'],
    ['roster page too long', 'tracker-to-peer', { type: 'roster', users: Array.from({ length: ROSTER_PAGE + 1 }, () => ({ username: 'alice', since: T0, busy: false })) }, 'BAD_MESSAGE', 'users'],
    ['roster total negative', 'tracker-to-peer', { type: 'roster', users: [], total: -1 }, 'BAD_MESSAGE', 'total'],
    ['roster total not an integer', 'tracker-to-peer', { type: 'roster', users: [], total: 2.5 }, 'BAD_MESSAGE', 'total'],
    ['list offset negative', 'peer-to-tracker', { type: 'list', offset: -1 }, 'BAD_MESSAGE', 'offset'],
    ['list offset as string', 'peer-to-tracker', { type: 'list', offset: '500' }, 'BAD_MESSAGE', 'offset'],
    ['busy as string', 'tracker-to-peer', { type: 'roster', users: [{ username: 'alice', since: T0, busy: 'no' }] }, 'BAD_MESSAGE', 'users[0].busy'],
    ['joined without since', 'tracker-to-peer', { type: 'presence', event: 'joined', username: 'bob' }, 'BAD_MESSAGE', 'since'],
    ['presence event', 'tracker-to-peer', { type: 'presence', event: 'arrived', username: 'bob', since: T0 }, 'BAD_MESSAGE', 'event'],
    ['bad ticket from tracker', 'tracker-to-peer', { type: 'incoming', from: 'alice', ticket: 'short', session: 's', expires_in_ms: 1 }, 'BAD_MESSAGE', 'ticket'],
    ['port 0', 'tracker-to-peer', { type: 'welcome', username: 'alice', host: '127.0.0.1', port: 0 }, 'BAD_MESSAGE', 'port'],
    ['empty host', 'tracker-to-peer', { type: 'welcome', username: 'alice', host: '', port: 1 }, 'BAD_MESSAGE', 'host'],
    ['peers not a pair', 'tracker-to-peer', { type: 'sessions', active: [{ session: 's', peers: ['alice'], started_at: T0 }] }, 'BAD_MESSAGE', 'active[0].peers'],
    ['unknown error code', 'tracker-to-peer', { type: 'error', code: 'OOPS', message: 'x' }, 'BAD_MESSAGE', 'code'],
    ['BAD_MESSAGE error without field', 'tracker-to-peer', { type: 'error', code: 'BAD_MESSAGE', message: 'x' }, 'BAD_MESSAGE', 'field'],
    ['LOCKED without retry_after_ms', 'tracker-to-peer', { type: 'error', code: 'LOCKED', message: 'x' }, 'BAD_MESSAGE', 'retry_after_ms'],
    ['attempts_left above LOCKOUT_FAILURES - 1', 'tracker-to-peer', { type: 'error', code: 'AUTH_FAILED', message: 'x', re: 'login', attempts_left: 3 }, 'BAD_MESSAGE', 'attempts_left'],
    ['attempts_left negative', 'tracker-to-peer', { type: 'error', code: 'AUTH_FAILED', message: 'x', re: 'login', attempts_left: -1 }, 'BAD_MESSAGE', 'attempts_left'],
    ['attempts_left not an integer', 'tracker-to-peer', { type: 'error', code: 'AUTH_FAILED', message: 'x', re: 'login', attempts_left: 1.5 }, 'BAD_MESSAGE', 'attempts_left'],
    ['attempts_left as string', 'tracker-to-peer', { type: 'error', code: 'AUTH_FAILED', message: 'x', re: 'login', attempts_left: '2' }, 'BAD_MESSAGE', 'attempts_left'],
    ['attempts_left with LOCKED', 'tracker-to-peer', { type: 'error', code: 'LOCKED', message: 'x', re: 'login', retry_after_ms: 60000, attempts_left: 0 }, 'BAD_MESSAGE', 'attempts_left'],
    ['ok without re', 'tracker-to-peer', { type: 'ok' }, 'BAD_MESSAGE', 're'],
    ['holders entry empty', 'tracker-to-peer', { type: 'holders', files: [{ name: 'a', holders: [] }] }, 'BAD_MESSAGE', 'files[0].holders'],
    ['holders entry error', 'tracker-to-peer', { type: 'holders', files: [{ name: 'a', error: 'AT_CAPACITY' }] }, 'BAD_MESSAGE', 'files[0].error'],
    ['room code not as handed out', 'tracker-to-peer', { type: 'room', code: 'K7QM-3XPD-9FTA', topic: '', members: ['alice'] }, 'BAD_MESSAGE', 'code'],
    ['room without members', 'tracker-to-peer', { type: 'room', code: 'k7qm-3xpd-9fta', topic: '', members: [] }, 'BAD_MESSAGE', 'members'],
    ['room left without reason', 'tracker-to-peer', { type: 'room_presence', code: 'k7qm-3xpd-9fta', event: 'left', username: 'bob' }, 'BAD_MESSAGE', 'reason'],
    ['room message seq 0', 'tracker-to-peer', { type: 'room_message', code: 'k7qm-3xpd-9fta', seq: 0, from: 'bob', text: 'x', at: T0 }, 'BAD_MESSAGE', 'seq'],
    ['room_join without code', 'peer-to-tracker', { type: 'room_join', code: '' }, 'BAD_MESSAGE', 'code'],
    ['history without truncated', 'tracker-to-peer', { type: 'history', sessions: [] }, 'BAD_MESSAGE', 'truncated'],
    ['history message counts', 'tracker-to-peer', {
      type: 'history', truncated: false,
      sessions: [{ session: 's', peers: ['alice', 'bob'], started_at: T0, ended_at: T1, reason: 'lost', messages: { alice: 'three' }, files: [] }],
    }, 'BAD_MESSAGE', 'sessions[0].messages.alice'],
  ];
  for (const [title, direction, value, code, field] of cases) {
    it(title, () => {
      const result = validateMessage(value, direction);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.code).toBe(code);
      expect(result.field).toBe(field);
      expect(result.message.length).toBeGreaterThan(0);
    });
  }

  it('says what was expected, in words', () => {
    const result = validateMessage({ type: 'welcome', username: 'alice', host: 'h', port: 70000 }, 'tracker-to-peer');
    expect(result).toMatchObject({ ok: false, field: 'port', message: 'field "port" must be an integer from 1 to 65535' });
    const missing = validateMessage({ type: 'lookup' }, 'peer-to-tracker');
    expect(missing).toMatchObject({ ok: false, field: 'username', message: expect.stringContaining('missing') });
  });
});

describe('parseLine', () => {
  it('parses and validates one line', () => {
    expect(parseLine('{"type":"chat","text":"hi"}', 'peer-to-peer')).toEqual({ ok: true, message: { type: 'chat', text: 'hi' } });
    expect(parseLine('  {"type":"ping"}\r', 'peer-to-tracker').ok).toBe(true);
  });

  it.each(['not json', '{"type":', '[1,2]', 'null', '42', '"ping"', '', '\uFEFF{"type":"ping"}'])('BAD_JSON for %j', (line) => {
    expect(parseLine(line, 'peer-to-tracker')).toMatchObject({ ok: false, code: 'BAD_JSON' });
  });

  it('passes on validation errors', () => {
    expect(parseLine('{"type":"nope"}', 'peer-to-tracker')).toMatchObject({ ok: false, code: 'UNKNOWN_TYPE' });
    expect(parseLine('{"type":"lookup"}', 'peer-to-tracker')).toMatchObject({ ok: false, code: 'BAD_MESSAGE', field: 'username' });
  });

  it('knows which lines are blank', () => {
    for (const line of ['', ' ', '\r', ' \t\r']) expect(isBlankLine(line)).toBe(true);
    for (const line of ['x', '{}', ' . ']) expect(isBlankLine(line)).toBe(false);
  });
});

describe('encode', () => {
  it('is compact JSON and one "\\n", and parses back to the same message', () => {
    for (const direction of DIRECTIONS) {
      for (const message of EXAMPLES[direction]) {
        const line = encode(message);
        expect(line.endsWith('\n')).toBe(true);
        expect(line.indexOf('\n')).toBe(line.length - 1);
        expect(parseLine(line.slice(0, -1), direction)).toEqual({ ok: true, message });
      }
    }
  });

  it('escapes a newline inside a text, so one message stays one line', () => {
    expect(encode({ type: 'chat', text: 'a\nb' })).toBe('{"type":"chat","text":"a\\nb"}\n');
  });
});

describe('garbage never throws', () => {
  // mulberry32: a seeded generator, so a failure here can be replayed.
  const seeded = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const random = seeded(20250301);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const atoms = [null, true, false, 0, -1, 1.5, 2 ** 31, 1e308, -0, '', 'x', 'é👋', '\u0000', '__proto__', 'constructor', SHA, TICKET, T0];
  const keys = ['type', 'id', 'text', 'name', 'files', 'users', 'xfer', 'len', 'code', 'session', 'sha256', 'holders', 'error', '__proto__'];

  function randomJson(depth: number): unknown {
    const roll = random();
    if (depth <= 0 || roll < 0.5) return pick(atoms);
    if (roll < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(depth - 1));
    const value: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 5); i > 0; i--) value[pick(keys)] = randomJson(depth - 1);
    if (random() < 0.8) value.type = pick([...MESSAGE_TYPES['peer-to-peer'], ...MESSAGE_TYPES['tracker-to-peer'], 'x']);
    return value;
  }

  /** A valid example with one field, at any depth, replaced, removed or added. */
  function mutate(value: unknown): unknown {
    if (Array.isArray(value)) {
      if (value.length === 0 || random() < 0.2) return [...value, randomJson(2)];
      const copy = [...value];
      const index = Math.floor(random() * copy.length);
      copy[index] = mutate(copy[index]);
      return copy;
    }
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, unknown> = { ...value };
      const key = pick(Object.keys(copy));
      const roll = random();
      if (roll < 0.2) delete copy[key];
      else if (roll < 0.6) copy[key] = mutate(copy[key]);
      else copy[key] = randomJson(2);
      return copy;
    }
    return randomJson(1);
  }

  it('validateMessage returns a result for random JSON values and mutated examples', () => {
    for (let round = 0; round < 3000; round++) {
      const direction = pick(DIRECTIONS);
      const value = round % 2 === 0 ? randomJson(4) : mutate(pick<unknown>(EXAMPLES[direction]));
      const result = validateMessage(value, direction);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(['BAD_MESSAGE', 'UNKNOWN_TYPE']).toContain(result.code);
    }
  });

  it('parseLine returns a result for random text', () => {
    const alphabet = '{}[]":,\\ truefalsn0123456789.-eE\u00e9\ud83d\ude00\ud800\n\r\t';
    for (let round = 0; round < 3000; round++) {
      const line = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const result = parseLine(line, pick(DIRECTIONS));
      expect(typeof result.ok).toBe('boolean');
    }
  });

  it('survives deep nesting', () => {
    const deep = `{"type":"chat","text":${'['.repeat(20000)}${']'.repeat(20000)}}`;
    expect(parseLine(deep, 'peer-to-peer')).toMatchObject({ ok: false, code: 'BAD_MESSAGE', field: 'text' });
  });
});

describe('checkCredentials', () => {
  const base = { username: 'alice', password: 'correct horse', port: 40123 };
  it('accepts good ones', () => expect(checkCredentials(base)).toBeNull());
  it.each([
    [{ username: 'Al' }, 'BAD_USERNAME'],
    [{ username: 'al' }, 'BAD_USERNAME'],
    [{ username: '1alice' }, 'BAD_USERNAME'],
    [{ username: 'alice!' }, 'BAD_USERNAME'],
    [{ username: 'a'.repeat(33) }, 'BAD_USERNAME'],
    [{ password: 'short' }, 'BAD_PASSWORD'],
    [{ password: 'x'.repeat(129) }, 'BAD_PASSWORD'],
    [{ port: 0 }, 'BAD_PORT'],
    [{ port: 65536 }, 'BAD_PORT'],
    [{ port: 80.5 }, 'BAD_PORT'],
    [{ username: 'X', password: 'short' }, 'BAD_USERNAME'],
  ] as const)('%j → %s', (change, code) => {
    expect(checkCredentials({ ...base, ...change })).toBe(code);
  });
  it('counts password characters, not bytes or UTF-16 units', () => {
    expect(checkCredentials({ ...base, password: '👋'.repeat(8) })).toBeNull(); // 8 characters, 16 UTF-16 units
    expect(checkCredentials({ ...base, password: '👋'.repeat(7) })).toBe('BAD_PASSWORD');
    expect(checkCredentials({ ...base, password: 'é'.repeat(128) })).toBeNull(); // 256 bytes
    expect(checkCredentials({ ...base, username: 'abc', password: 'x'.repeat(8) })).toBeNull();
    expect(checkCredentials({ ...base, username: 'a'.repeat(32) })).toBeNull();
  });
});

describe('isSafeFileName', () => {
  it.each(['notes.txt', '.bashrc', 'photo 2025.jpg', 'café.md', '👋', 'a'.repeat(255), 'con.txt.bak'.replace('con', 'icon')])(
    'accepts %j',
    (name) => expect(isSafeFileName(name)).toBe(true),
  );
  it.each([
    '', '.', '..', '../etc/passwd', '/etc/passwd', 'a/b', 'a\\b', 'C:\\x', 'C:x', 'a\u0000b', 'line\nbreak', 'tab\t',
    'a\u007f', 'a\u0085', 'ends.', 'ends ', 'CON', 'nul.txt', 'Com1', 'lpt9.log', 'a?', 'a*', 'a|b', '"q"', '<a>',
    'a'.repeat(256), 'é'.repeat(128), '\ud800x', 'x\udc00',
  ])('refuses %j', (name) => expect(isSafeFileName(name)).toBe(false));
});

describe('types', () => {
  it('narrow on "type"', () => {
    const result = validateMessage({ type: 'offer', xfer: 'x', name: 'a', size: 1, sha256: SHA }, 'peer-to-peer');
    if (result.ok && result.message.type === 'offer') expectTypeOf(result.message.size).toEqualTypeOf<number>();
    expectTypeOf<MessageOf<'tracker-to-peer', 'session_ended'>['by']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<MessageOf<'peer-to-peer', 'file_bad'>['code']>().toEqualTypeOf<'HASH_MISMATCH' | 'SIZE_MISMATCH'>();
    expectTypeOf<MessageOf<'tracker-to-peer', 'sessions'>['active'][number]['peers']>().toEqualTypeOf<[string, string]>();
  });
});
