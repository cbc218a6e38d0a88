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
  // Lab 03: text only people read, which the filter of text for people does not recognise (a help
  // table, the human line of an event built before the emit).
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: "'/info NAME            where NAME listens        (\\\\GET_CLIENT_INFO NAME)'", replacement: '""', why: PEOPLE_ONLY },
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: "'/connect NAME         start a session with NAME'", replacement: '""', why: PEOPLE_ONLY },
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: '`unknown command or missing argument: ${line.trim()} (try /help)`', replacement: '``', why: FREE_TEXT },
  { lab: '03', file: 'peer-app.ts', mutator: 'ConditionalExpression', original: 'u.username === this.me', replacement: 'true', why: PEOPLE_ONLY },
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: "' (you)'", replacement: '""', why: PEOPLE_ONLY },
  { lab: '03', file: 'peer-app.ts', mutator: 'StringLiteral', original: "''", replacement: '"Stryker was here!"', line: 148, why: PEOPLE_ONLY },
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
