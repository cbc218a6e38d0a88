// Surviving generated mutants that a person judged equivalent: no program outside can tell them from
// the reference by what docs/PROTOCOL.md promises. Each says why. The report counts them apart, so
// the score without them measures the checks, and every other survivor is a gap to close.
// Matched by lab, file, mutator and text (not by line: a line moves when the file above it changes).
import type { MutantSite } from './mutant-site.ts';

export interface EquivalentMutant {
  lab: string;
  file: string;
  mutator: string;
  original: string;
  replacement: string;
  /** Only where two sites of the file share mutator and text. */
  line?: number;
  why: string;
}

const PEOPLE_ONLY = 'text only people read: with --json it is never printed (the help table, the human line of an event)';
const FREE_TEXT = 'the text of a reason or message is free (PROTOCOL §9.2 defines the field, not its words)';

export const EQUIVALENT_MUTANTS: EquivalentMutant[] = [
  { lab: '01', file: 'chat.ts', mutator: 'BooleanLiteral', original: 'false', replacement: 'true', why: 'readline terminal mode on a piped input: the grader types through a pipe and reads --json events, which the mode does not change' },
  { lab: '01', file: 'chat.ts', mutator: 'BooleanLiteral', original: 'true', replacement: 'false', line: 27, why: "setNoDelay(false) (Nagle's algorithm) delays small writes by at most a round trip; nothing in the protocol depends on timing that fine" },
  { lab: '01', file: 'chat.ts', mutator: 'StringLiteral', original: "'the connection closed without exit'", replacement: '""', why: FREE_TEXT },
  { lab: '01', file: 'chat.ts', mutator: 'EqualityOperator', original: "error.code === 'ECONNRESET'", replacement: "error.code !== 'ECONNRESET'", why: FREE_TEXT },
  { lab: '01', file: 'chat.ts', mutator: 'ConditionalExpression', original: "error.code === 'ECONNRESET'", replacement: 'false', why: FREE_TEXT },
  { lab: '01', file: 'chat.ts', mutator: 'StringLiteral', original: "'ECONNRESET'", replacement: '""', why: FREE_TEXT },
  { lab: '01', file: 'chat.ts', mutator: 'StringLiteral', original: "'the connection was reset'", replacement: '""', why: FREE_TEXT },
  { lab: '01', file: 'chat.ts', mutator: 'LogicalOperator', original: 'weSaidExit && peerSaidExit', replacement: 'weSaidExit || peerSaidExit', why: "'close' after only one exit always follows an 'end' or 'error' that already finished the chat with code 1" },
  { lab: '01', file: 'chat.ts', mutator: 'BlockStatement', original: '{ finish(1); }', replacement: '{}', why: "the same: 'end' or 'error' has already finished the chat with code 1 when 'close' comes without both exits" },
  { lab: '01', file: 'line-decoder.ts', mutator: 'ConditionalExpression', original: 'bytes.length === 0', replacement: 'false', why: 'keeping an empty piece keeps no byte: the lines and the limit are the same' },
  { lab: '01', file: 'peer.ts', mutator: 'StringLiteral', original: '`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`', replacement: '``', why: FREE_TEXT },
  { lab: '01', file: 'peer.ts', mutator: 'StringLiteral', original: "'timeout'", replacement: '""', why: 'setTimeout(0) right after disables the socket timeout, so the listener left behind never fires' },
  { lab: '01', file: 'peer.ts', mutator: 'StringLiteral', original: "''", replacement: '"Stryker was here!"', why: 'a connected socket always has a remote address: the fallback is never used' },
  { lab: '01', file: 'chat.ts', mutator: 'BooleanLiteral', original: 'true', replacement: 'false', line: 32, why: 'finish() guards itself with finished; without the guard a second call resolves an already resolved promise and destroys a destroyed socket' },
  { lab: '01', file: 'chat.ts', mutator: 'ConditionalExpression', original: '!finished', replacement: 'true', why: "when the chat has already finished (the peer vanished, reset, or sent a line too long) the mutant writes a last exit on a socket destroyed right after; PROTOCOL §2.1 neither requires nor forbids it then, and the peer it goes to has already left" },
  // Lab 02.
  { lab: '02', file: 'accounts.ts', mutator: 'ConditionalExpression', original: 'this.users.exists(username)', replacement: 'false', why: 'without the early look-up a taken name is still refused USERNAME_TAKEN, by the database after the hash: the same answer, only later (PROTOCOL bounds no answer time here)' },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'StringLiteral', original: "''", replacement: '"Stryker was here!"', why: 'a connected socket always has a remote address: the fallback is never used' },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'ConditionalExpression', original: "this.state === 'closing'", replacement: 'false', line: 85, why: 'lines read after the connection started closing are skipped anyway when their turn in the queue comes (the queue checks the state again)' },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'ConditionalExpression', original: 'this.queued > MAX_QUEUED_LINES', replacement: 'false', why: 'pausing a connection whose requests pile up bounds only the memory the tracker spends on one flooding client; PROTOCOL promises nothing a client could observe about it, and every request is still answered in order' },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'ConditionalExpression', original: 'this.queued <= MAX_QUEUED_LINES / 2', replacement: 'true', why: 'resuming before the queue is half drained changes only how much of a flood the tracker holds in memory; every request is still answered in order' },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'StringLiteral', original: '`too many failed attempts: try again in ${seconds} s`', replacement: '``', why: FREE_TEXT },
  { lab: '02', file: 'passwords.ts', mutator: 'LogicalOperator', original: 'prefix !== PREFIX || !N', replacement: 'prefix !== PREFIX && !N', why: 'only a stored hash this tracker did not write (a database edited by hand) tells them apart: every hash it writes has the prefix and N' },
  { lab: '02', file: 'login-flow.ts', mutator: 'ObjectLiteral', original: '{ hidden: true }', replacement: '{}', why: 'hiding the typed password changes only what a terminal echoes; with a pipe (and --json) nothing is echoed either way' },
  { lab: '02', file: 'tracker-server.ts', mutator: 'ArrowFunction', original: '(resolve) => server.close(() => resolve())', replacement: '() => undefined', why: 'the stop never finishes its await, but with the server and every socket closed nothing keeps the process alive: it ends with code 0 all the same, and every account was committed when it was written (WAL, synchronous FULL)' },
  // Lab 03: text only people read, which the filter of text for people does not recognise (a help
  // table, the human line of an event built before the emit).
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: "'/info NAME            where NAME listens        (\\\\GET_CLIENT_INFO NAME)'", replacement: '""', why: PEOPLE_ONLY },
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: "'/connect NAME         start a session with NAME'", replacement: '""', why: PEOPLE_ONLY },
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: '`unknown command or missing argument: ${line.trim()} (try /help)`', replacement: '``', why: FREE_TEXT },
  { lab: '03', file: 'peer-app.ts', mutator: 'ConditionalExpression', original: 'u.username === this.me', replacement: 'true', why: PEOPLE_ONLY },
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: "' (you)'", replacement: '""', why: PEOPLE_ONLY },
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: "''", replacement: '"Stryker was here!"', line: 148, why: PEOPLE_ONLY },
  { lab: '03', file: 'peer-app.ts', mutator: 'ArrowFunction', original: "(u) => `  ${u.username}${u.username === this.me ? ' (you)' : ''}  online since ${u.since}${u.busy ? '  · in a session' : ''}`", replacement: '() => undefined', why: PEOPLE_ONLY },
  // Lab 03: behaviour no program outside can tell apart.
  { lab: '03', file: 'peer-app.ts', mutator: 'UpdateOperator', original: 'pages++', replacement: 'pages--', why: 'the page counter only bounds a loop against a tracker that never reaches total: the reference stops after 2,000 pages (a million users), the mutant never; no tracker the grader can afford to play tells them apart' },
  { lab: '03', file: 'peer-app.ts', mutator: 'ConditionalExpression', original: '!link.closed', replacement: 'true', why: 'DirectLink.send writes only to a writable socket: an error sent on a closed link goes nowhere either way' },
  { lab: '03', file: 'peer-app.ts', mutator: 'BooleanLiteral', original: 'true', replacement: 'false', line: 228, why: "session.ending is read only by linkClosed, which the socket's close event runs later, after report() has forgotten the session; and the bye just sent makes the close clean" },
  { lab: '03', file: 'peer-app.ts', mutator: 'BooleanLiteral', original: 'true', replacement: 'false', line: 262, why: "session.ending is read only by linkClosed, which the socket's close event runs later, after forget() (two lines down) has removed the session" },
  { lab: '03', file: 'roster-feature.ts', mutator: 'ConditionalExpression', original: 'a.username < b.username', replacement: 'false', why: "ties need two logins in the same millisecond of the tracker's clock, which no client can arrange; the mutant still orders by login time (the grader's roster.order)" },
  { lab: '03', file: 'ticket-book.ts', mutator: 'EqualityOperator', original: 'entry.expiresAt < this.now()', replacement: 'entry.expiresAt <= this.now()', why: 'differs only when a ticket is pruned in the very millisecond it expires: no caller can aim a hello at one millisecond' },
];

/** Why this surviving mutant is equivalent, when a person said so. */
export function equivalence(labId: string, site: MutantSite): string | undefined {
  return EQUIVALENT_MUTANTS.find(
    (e) =>
      e.lab === labId && e.file === site.file && e.mutator === site.mutator && sameCode(e.original, site.original) && sameCode(e.replacement, site.replacement) &&
      (e.line === undefined || e.line === site.line),
  )?.why;
}

/** Code compared whatever its line breaks and indentation (a block spans lines in the file). */
function sameCode(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}
