// The rules the protocol monitor judges on every connection, by name: violations, mutants and the
// table of requirements (grader/requirements.ts) refer to them.
export const MONITOR_RULES = {
  'valid-utf8': '§1: a sender sends valid UTF-8',
  'line-too-long': '§2: no line longer than 65536 bytes',
  'json-object': '§2.2: every line is one JSON object',
  'valid-message': '§3: every message is valid for its direction (type, fields, id)',
  'hello-first': "§3.2: a tracker's first line is hello",
  'push-to-logged-in': '§3.2, §4.2: presence, incoming and session_ended go only to logged-in peers',
  'wrong-state': '§3.3, §4.2: a peer sends only register, login, ping and pong before welcome, and never register or login after',
  'one-answer-per-request': '§2.2: one answer per request, none to anything else',
  'replies-in-order': '§2.2: over a tracker connection, replies come in the order of the requests',
  'id-echo': '§2.2, §3.1: an answer carries the id of its request (pong the id of its ping)',
  'error-names-message': '§2.4: an error names the message it answers with re (and its id)',
  'ok-names-request': '§3.2: ok names the request it answers with re',
  'nothing-after-exit': '§2.1: a Lab 01 peer sends nothing after the line exit',
  'logout-waits-for-ok': '§9.4: /quit waits up to 2 s for the ok to logout before closing',
} as const;

export type MonitorRule = keyof typeof MONITOR_RULES;
