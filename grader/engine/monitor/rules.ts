// The rules the protocol monitor judges on every connection, by name, each with the hint a student
// gets when breaking it: violations, mutants and the table of requirements (grader/requirements.ts)
// refer to them.
export const MONITOR_RULES = {
  'valid-utf8': {
    rule: '§1: a sender sends valid UTF-8',
    hint: 'encode text with Buffer.from(text, "utf8") (or write strings to the socket) and never cut a string between bytes yourself',
  },
  'line-too-long': {
    rule: '§2: no line longer than 65536 bytes',
    hint: 'a message that could be longer than the line limit must be split the way the protocol says (pages, appends) or refused',
  },
  'json-object': {
    rule: '§2.2: every line is one JSON object',
    hint: 'write every message with JSON.stringify(object) followed by "\\n", and nothing else on the connection',
  },
  'valid-message': {
    rule: '§3: every message is valid for its direction (type, fields, id)',
    hint: 'compare the message with its table in docs/PROTOCOL.md §3; validateMessage in kit/protocol/messages.ts says what is wrong with it',
  },
  'hello-first': {
    rule: "§3.2: a tracker's first line is hello",
    hint: 'send hello as soon as a connection is accepted, before reading anything from it',
  },
  'push-to-logged-in': {
    rule: '§3.2, §4.2: presence, incoming and session_ended go only to logged-in peers',
    hint: 'keep pushes to the connections that have logged in: a connection that has only been greeted is nobody yet',
  },
  'wrong-state': {
    rule: '§3.3, §4.2: a peer sends only register, login, ping and pong before welcome, and never register or login after',
    hint: 'send requests that need a login only after the welcome arrived',
  },
  'one-answer-per-request': {
    rule: '§2.2: one answer per request, none to anything else',
    hint: 'answer each request exactly once; pushes, pongs and errors are never answered',
  },
  'replies-in-order': {
    rule: '§2.2: over a tracker connection, replies come in the order of the requests',
    hint: 'handle the messages of one connection one at a time: queue the next line until the answer to the current one has been sent (password hashing is asynchronous)',
  },
  'id-echo': {
    rule: '§2.2, §3.1: an answer carries the id of its request (pong the id of its ping)',
    hint: 'copy the request\'s "id" into its reply or error exactly as it came (a number stays a number, 0 and "" included)',
  },
  'error-names-message': {
    rule: '§2.4: an error names the message it answers with re (and its id)',
    hint: 'an error in answer to a message carries "re" (the message\'s type) and its "id"; only a line that was not a message at all gets neither',
  },
  'ok-names-request': {
    rule: '§3.2: ok names the request it answers with re',
    hint: 'ok carries "re": the type of the request it answers',
  },
  'nothing-after-exit': {
    rule: '§2.1: a Lab 01 peer sends nothing after the line exit',
    hint: 'after sending exit, half-close (socket.end) and write nothing more; keep reading',
  },
  'answer-missing': {
    rule: '§2.2, §3.1: every request is answered (ping with pong, hello with welcome or an error, …)',
    hint: 'answer every request the protocol lists a reply for, on every connection, even the ones your own code never sends (a ping on a direct connection, a second hello)',
  },
  'logout-waits-for-ok': {
    rule: '§9.4: /quit waits up to 2 s for the ok to logout before closing',
    hint: 'after sending logout, wait for its ok (at most 2 s) before closing the tracker connection and exiting',
  },
} as const satisfies Record<string, { rule: string; hint: string }>;

export type MonitorRule = keyof typeof MONITOR_RULES;
