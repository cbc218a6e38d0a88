// Every MUST and MUST NOT of docs/PROTOCOL.md, and what grades it: a check of a lab, a rule of the
// protocol monitor (judged on every connection of every check), a probe every scripted party
// makes, or (for the kit's given code) the kit's own test. test/grader/requirements.test.ts holds this table against the document: a requirement
// added to the document without a line here fails `npm test`, and so does a line that names a check
// or rule that does not exist. A requirement no program outside can observe says why instead.
import type { PartyProbe } from './engine/json-party.ts';
import type { MonitorRule } from './engine/monitor/rules.ts';

/**
 * What grades a requirement: a check of a lab, a monitor rule, a probe of the scripted parties, or,
 * for behaviour that lives in the kit's given code (students never write it, so no check of theirs
 * can fail on it), the kit's own test of that code.
 */
export type GradedBy = { lab: string; check: string } | { monitor: MonitorRule } | { probe: PartyProbe } | { kitTest: string };

export interface Requirement {
  /** Words of the MUST sentence, enough to find it in docs/PROTOCOL.md. */
  quote: string;
  gradedBy: GradedBy[];
  /** Only when nothing can observe it from outside the program: why. */
  notObservable?: string;
  /**
   * A requirement of a lab not released yet: `checks` of that lab (in LABS_IN_PROGRESS) will grade it,
   * and the reference is tested by `referenceTest` (a file in REFERENCE_TESTS) meanwhile. Once the lab
   * is released, the requirement must name its checks in `gradedBy` (test/grader/requirements.test.ts).
   */
  pending?: { lab: string; referenceTest: string; checks: string[] };
}

/** Where the tests of the reference solutions live (not in the student edition). */
export const REFERENCE_TESTS = 'test/solutions/';

export const PROTOCOL_REQUIREMENTS: Requirement[] = [
  {
    quote: 'A sender MUST send valid UTF-8',
    gradedBy: [{ monitor: 'valid-utf8' }],
  },
  {
    quote: 'a receiver MUST still accept any valid JSON encoding of the same value',
    gradedBy: [{ probe: 'other-encodings' }],
  },
  {
    quote: 'A receiver MUST ignore fields it does not know',
    gradedBy: [{ probe: 'unknown-fields' }],
  },
  {
    quote: 'A receiver MUST NOT use a received file name that could escape the folder',
    gradedBy: [{ lab: '04', check: 'names.hostile' }, { lab: '04', check: 'names.hostile-get' }, { lab: '04', check: 'share.regular-only' }],
  },
  {
    quote: 'It MUST NOT buffer further',
    gradedBy: [
      { lab: '01', check: 'limits.long-line' },
      { lab: '02', check: 'robust.long-frame' },
    ],
  },
  {
    quote: 'A sender MUST NOT send a line longer than 65536 bytes',
    gradedBy: [{ monitor: 'line-too-long' }],
  },
  {
    quote: 'A tracker MUST therefore handle the messages of one connection one at a time',
    gradedBy: [{ monitor: 'replies-in-order' }, { probe: 'ping-after-request' }, { lab: '02', check: 'passwords.not-blocking' }],
  },
  {
    quote: 'A program MUST NOT answer an `error` with an `error`',
    gradedBy: [{ probe: 'stray-error' }, { monitor: 'one-answer-per-request' }],
  },
  {
    quote: 'The receiver of `ping` MUST answer `pong` with the same `id`',
    gradedBy: [{ monitor: 'id-echo' }, { monitor: 'answer-missing' }, { probe: 'ping-after-request' }, { lab: '03', check: 'peer.session-ping' }],
  },
  {
    quote: 'error) to a request MUST carry the same `"id"`, of the same JSON type',
    gradedBy: [{ monitor: 'id-echo' }, { probe: 'request-ids' }],
  },
  {
    quote: 'MUST echo `id` if the message had a valid one, and `re`',
    gradedBy: [{ monitor: 'error-names-message' }, { monitor: 'id-echo' }],
  },
  {
    quote: 'a tracker MUST send it as soon as it accepts a connection, before anything else',
    gradedBy: [{ monitor: 'hello-first' }, { lab: '02', check: 'greeting.hello' }],
  },
  {
    quote: 'A peer MUST NOT be pushed its own',
    gradedBy: [{ lab: '03', check: 'presence.joined' }],
  },
  {
    quote: 'else MUST be answered `WRONG_STATE`',
    gradedBy: [{ lab: '02', check: 'robust.wrong-state' }],
  },
  {
    quote: 'the tracker MUST count consecutive failed `login`s',
    gradedBy: [
      { lab: '02', check: 'lockout.locks' },
      { lab: '02', check: 'lockout.success-resets' },
      { lab: '02', check: 'lockout.unknown-user' },
      { lab: '02', check: 'lockout.per-username' },
      { lab: '02', check: 'lockout.expires' },
    ],
  },
  {
    quote: 'Usernames with no account MUST be counted and answered exactly like those with one',
    gradedBy: [
      { lab: '02', check: 'lockout.unknown-user' },
      { lab: '02', check: 'lockout.per-username' },
      { lab: '02', check: 'login.unknown-user' },
    ],
  },
  {
    quote: 'Each failed `login` below the limit MUST be answered `AUTH_FAILED` with `attempts_left`',
    gradedBy: [
      { lab: '02', check: 'lockout.locks' },
      { lab: '02', check: 'lockout.unknown-user' },
      { lab: '02', check: 'lockout.per-username' },
      { lab: '02', check: 'lockout.success-resets' },
      { lab: '02', check: 'lockout.expires' },
      { lab: '02', check: 'lockout.connection-attempts' },
    ],
  },
  {
    quote: 'MUST be answered `LOCKED` with `retry_after_ms` = `LOCKOUT_MS`',
    gradedBy: [
      { lab: '02', check: 'lockout.locks' },
      { lab: '02', check: 'lockout.unknown-user' },
      { lab: '02', check: 'lockout.per-username' },
      { lab: '02', check: 'lockout.expires' },
    ],
  },
  {
    quote: 'Passwords MUST be stored only as scrypt hashes',
    gradedBy: [{ lab: '02', check: 'passwords.not-plain' }],
  },
  {
    quote: 'The receiver MUST write to a temporary file and rename it only after verification',
    gradedBy: [{ lab: '04', check: 'receive.corrupt' }, { lab: '04', check: 'receive.size-enforced' }],
  },
  {
    quote: 'It MUST NOT overwrite a file',
    gradedBy: [{ lab: '04', check: 'names.no-overwrite' }],
  },
  {
    quote: 'a peer MUST wait for the `ok` (at most 2 s) before it closes the tracker',
    gradedBy: [{ monitor: 'logout-waits-for-ok' }, { lab: '02', check: 'client.quit' }, { lab: '03', check: 'peer.quit-no-ok' }],
  },
  {
    quote: 'the caller MUST check it equals the one in `peer_info`',
    gradedBy: [{ lab: '03', check: 'peer.connect-refused' }],
  },
  {
    quote: 'A peer that does not know the version MUST disconnect',
    // The kit's TrackerClient (given code in every lab) refuses the greeting and closes.
    gradedBy: [{ kitTest: 'test/kit/tracker-client-greeting.test.ts' }],
  },
  {
    quote: 'It MUST NOT be in use on this connection in either direction',
    gradedBy: [{ lab: '04', check: 'receive.xfer-in-use' }],
  },
  {
    quote: 'A tracker MUST NOT show rooms or codes to anyone but their members',
    gradedBy: [{ lab: '06', check: 'rooms.create-join' }, { lab: '06', check: 'rooms.private' }],
  },
  {
    quote: 'Every room request of a non-member (`room_join` with a wrong code, `room_leave`, `room_say`) MUST be answered exactly as for a code no room has',
    gradedBy: [{ lab: '06', check: 'rooms.private' }],
  },
  {
    quote: 'A tracker MUST bound what it keeps queued for one member',
    gradedBy: [{ lab: '06', check: 'rooms.slow-member' }],
  },
  {
    quote: 'A tracker MUST forward an answer only from a member of the room, only for an open ask with the same name, and at most once per member and ask',
    gradedBy: [{ lab: '06', check: 'rooms.whohas' }],
  },
  {
    quote: "The asker MUST verify the received bytes against the answer's `size` and `sha256`, not against META's",
    gradedBy: [{ lab: '06', check: 'peer.room-pick-udp' }],
  },
  {
    quote: "The holder MUST send the datagrams to the connection's remote address and `udp_port`, and take answers only from there",
    gradedBy: [{ lab: '06', check: 'peer.room-serve-udp' }],
  },
  {
    quote: 'A relay MUST refuse, with `error` `BAD_TOKEN` and the close, a token that does not have these four parts',
    gradedBy: [{ lab: '06', check: 'relay.tokens' }, { lab: '06', check: 'relay.single-use' }],
  },
  {
    quote: 'A tracker MUST answer `relay` only for a session that is pending (not yet confirmed by both peers) and whose caller asks, at most once per session',
    gradedBy: [{ lab: '06', check: 'tracker.relay' }, { lab: '06', check: 'tracker.relay-refusals' }],
  },
  {
    quote: 'A peer MUST seal what it sends in records of at most `RELAY_RECORD_MAX_PLAINTEXT` bytes of plaintext each',
    gradedBy: [{ lab: '06', check: 'peer.relay-caller' }, { lab: '06', check: 'peer.relay-callee' }],
  },
  {
    quote: 'A peer MUST treat a `relay_paired` that names another session than the one it joined for as a failed connection',
    gradedBy: [{ lab: '06', check: 'peer.relay-refused' }],
  },
  {
    quote: 'A peer MUST close the connection at the first record that does not open',
    gradedBy: [{ lab: '06', check: 'records.tamper' }, { lab: '06', check: 'peer.relay-tampered' }],
  },
  {
    quote: 'a relay MUST NOT hold more than `RELAY_MAX_BUFFERED_BYTES` (1 MiB) of one direction of a session in its own memory',
    gradedBy: [{ lab: '06', check: 'relay.backpressure' }],
  },
];
