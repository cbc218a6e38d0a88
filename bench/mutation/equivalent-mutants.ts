// Surviving generated mutants that a person judged equivalent: no program outside can tell them from
// the reference by what docs/PROTOCOL.md promises. Each says why. The report counts them apart, so
// the score without them measures the checks, and every other survivor is a gap to close.
// Matched by lab, file, mutator and text (not by line: a line moves when the file above it changes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { findLab } from '../../grader/labs/index.ts';
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
  { lab: '02', file: 'tracker-connection.ts', mutator: 'ConditionalExpression', original: 'this.queued <= MAX_QUEUED_LINES / 2 && this.socket.writableLength <= MAX_UNSENT_BYTES', replacement: 'true', why: "resuming before the queued lines and the unsent replies have shrunk only lets more of them wait in memory: every request is still answered, in order (robust.pipelined), and PROTOCOL bounds no tracker's memory" },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'StringLiteral', original: '`too many failed attempts: try again in ${seconds} s`', replacement: '``', why: FREE_TEXT },
  { lab: '02', file: 'passwords.ts', mutator: 'LogicalOperator', original: 'prefix !== PREFIX || !N', replacement: 'prefix !== PREFIX && !N', why: 'only a stored hash this tracker did not write (a database edited by hand) tells them apart: every hash it writes has the prefix and N' },
  { lab: '02', file: 'login-flow.ts', mutator: 'ObjectLiteral', original: '{ hidden: true }', replacement: '{}', why: 'hiding the typed password changes only what a terminal echoes; with a pipe (and --json) nothing is echoed either way' },
  { lab: '02', file: 'tracker-server.ts', mutator: 'ArrowFunction', original: '(resolve) => server.close(() => resolve())', replacement: '() => undefined', why: 'the stop never finishes its await, but with the server and every socket closed nothing keeps the process alive: it ends with code 0 all the same, and every account was committed when it was written (WAL, synchronous FULL)' },
  // Lab 05.
  { lab: '05', file: 'history-feature.ts', mutator: 'StringLiteral', original: "'the earlier conversation cannot be read'", replacement: '""', why: FREE_TEXT },
  { lab: '05', file: 'history-feature.ts', mutator: 'StringLiteral', original: '`${what}: ${(error as Error).message}`', replacement: '``', why: FREE_TEXT },
  { lab: '05', file: 'history-feature.ts', mutator: 'StringLiteral', original: '`cannot open ${peer.options.historyDb}: ${(error as Error).message}; chat is not kept`', replacement: '``', why: FREE_TEXT },
  { lab: '05', file: 'history-reply.ts', mutator: 'StringLiteral', original: "'history'", replacement: '""', why: "moves where a history reply stops by 7 bytes; PROTOCOL §3.2 asks for the newest sessions that fit in one line and lets a tracker keep room for the request's id (the reference keeps 392 bytes), so no client can tell 7 bytes apart" },
  { lab: '05', file: 'history-reply.ts', mutator: 'EqualityOperator', original: 'bytes + entry > MAX_LINE_BYTES', replacement: 'bytes + entry >= MAX_LINE_BYTES', why: "stops one byte earlier at the exact boundary: within the room for the id a tracker may keep (PROTOCOL §3.2), no client can tell" },
  { lab: '05', file: 'farewell-feature.ts', mutator: 'ArrowFunction', original: '(session) => void open.delete(session.id)', replacement: '() => undefined', why: 'a session that ended has a closed link, and DirectLink.send writes only to a writable socket: the bye to it goes nowhere either way' },
  { lab: '05', file: 'session-log-feature.ts', mutator: 'BlockStatement', original: "{ tracker.out.emit('error', { code: 'DISK_ERROR', message: `the session log could not be written: ${(error as Error).message}` }); }", replacement: '{}', why: 'only a disk that fails under a running tracker tells them apart; no check can make the SQLite file fail mid-run without also failing the reads it compares against' },
  // Lab 04.
  { lab: '04', file: 'uploads.ts', mutator: 'StringLiteral', original: '`${get.name} could not be read`', replacement: '``', why: FREE_TEXT },
  { lab: '04', file: 'session-transfers.ts', mutator: 'StringLiteral', original: "`${session.with} did not accept ${name}${answer?.type === 'decline' ? `: ${answer.reason}` : ''}`", replacement: '``', why: FREE_TEXT },
  { lab: '04', file: 'transfer-progress.ts', mutator: 'BooleanLiteral', original: '!this.out.json', replacement: 'this.out.json', why: 'the progress bars are drawn on standard error and only when it is a terminal; under the grader (and any pipe) it never is, and --json events go to standard output either way' },
  { lab: '04', file: 'publish-file.ts', mutator: 'EqualityOperator', original: "code !== 'ENOSYS'", replacement: "code === 'ENOSYS'", why: 'link() fails only on a file system without hard links; on every file system a check can use (the temporary folder) it succeeds, so the fallback is never reached' },
  { lab: '04', file: 'session-transfers.ts', mutator: 'ConditionalExpression', original: 'session.link.socket.writableLength > SEND_BUFFER_BYTES', replacement: 'false', why: "a sender that never waits for its socket to drain holds the rest of the file in its own memory; the bytes on the wire and their order are the same, and PROTOCOL bounds no sender's memory" },
  { lab: '04', file: 'hashing-file-writer.ts', mutator: 'BooleanLiteral', original: '!this.stream.writableNeedDrain', replacement: 'this.stream.writableNeedDrain', why: "drained() is asked for only after a write returned false, when the stream always needs a drain: the mutant then never waits for the disk and holds what the disk has not taken in memory; the bytes written, their order and every answer are the same, and PROTOCOL bounds no receiver's memory" },
  { lab: '04', file: 'udp-sender.ts', mutator: 'ConditionalExpression', original: "this.phase === 'over'", replacement: 'false', why: "end() is reached a second time only by a file read that fails because end() itself closed the file; by then the outcome promise has settled, every timer is stopped, and settling it again changes nothing a receiver or the user can see" },
  { lab: '04', file: 'downloads.ts', mutator: 'StringLiteral', original: "'the offer does not match the tracker\\'s listing'", replacement: '""', why: FREE_TEXT },
  { lab: '04', file: 'frame-reader.ts', mutator: 'StringLiteral', original: "''", replacement: '"Stryker was here!"', why: "rawXfer's first value is never read: it is set together with rawLeft, and read only while rawLeft > 0" },
  { lab: '04', file: 'hashing-file-writer.ts', mutator: 'ConditionalExpression', original: '!this.stream.writableNeedDrain || this.failure', replacement: 'false', why: "drained() is asked for only right after a write returned false, when the stream needs a drain: waiting for its 'drain' is what the original does then too" },
  { lab: '04', file: 'publish-file.ts', mutator: 'ConditionalExpression', original: 'await exists(candidate)', replacement: 'true', why: 'link() fails only on a file system without hard links; on every file system a check can use (the temporary folder) it succeeds, so the fallback is never reached' },
  { lab: '04', file: 'session-transfers.ts', mutator: 'ConditionalExpression', original: "outcome === 'wait'", replacement: 'false', why: "a receiver that never pauses its socket for the disk holds what the disk has not taken in memory; the bytes written, their order and every answer are the same, and PROTOCOL bounds no receiver's memory" },
  { lab: '04', file: 'session-transfers.ts', mutator: 'ConditionalExpression', original: 'session.link.socket.writableLength > 0', replacement: 'true', why: 'waiting for an empty send buffer to drain returns at once (kit/files/drained.ts resolves when no drain is needed)' },
  { lab: '04', file: 'transfer-progress.ts', mutator: 'EqualityOperator', original: 'this.transfers.size === 0', replacement: 'this.transfers.size !== 0', why: 'the progress bars are drawn on standard error and only when it is a terminal; under the grader (and any pipe) there are none to stop' },
  { lab: '04', file: 'udp-sender.ts', mutator: 'BlockStatement', original: '{ for (const timer of this.timers.values()) clearTimeout(timer); this.timers.clear(); }', replacement: '{}', why: 'Selective Repeat stops its timers when FIN is sent, by then every packet is acknowledged and has no timer left, or when the transfer ends, after which the program exits at once (kit/udp/sender-program.ts): timers left armed never fire' },
  { lab: '04', file: 'transfer-progress.ts', mutator: 'ArithmeticOperator', original: '(now - tracked.startedAt) / 1000', replacement: '(now - tracked.startedAt) * 1000', why: 'the speed is drawn in a progress bar only (standard error, on a terminal)' },
  { lab: '04', file: 'downloads.ts', mutator: 'ConditionalExpression', original: "entry.error === 'NO_SUCH_FILE'", replacement: 'true', why: FREE_TEXT },
  { lab: '04', file: 'downloads.ts', mutator: 'StringLiteral', original: "'done'", replacement: '""', why: "bye's reason is text(200) for people (PROTOCOL §3.4 bye); nothing acts on its words" },
  { lab: '04', file: 'frame-reader.ts', mutator: 'StringLiteral', original: "'BadDataHeaderError'", replacement: '""', why: "the error's class name is never printed nor sent: the frame reader's caller answers with a code" },
  { lab: '04', file: 'publish-file.ts', mutator: 'ConditionalExpression', original: "code !== 'EPERM' && code !== 'ENOTSUP'", replacement: 'true', why: 'link() fails only on a file system without hard links; on every file system a check can use (the temporary folder) it succeeds, so the fallback is never reached' },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'ArrowFunction', original: '() => this.resumeIfReady()', replacement: '() => undefined', why: "not observable within a check: the tracker stops reading only when more than 256 KiB of its replies wait unsent, after the kernel's socket buffers (megabytes on loopback) are full; Lab 02 replies are at most a few hundred bytes and the rate limit allows 100 requests a second, so a client that sends and never reads needs over a minute to get there" },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'ConditionalExpression', original: 'this.queued <= MAX_QUEUED_LINES / 2 && this.socket.writableLength <= MAX_UNSENT_BYTES', replacement: 'true', why: "not observable within a check: the tracker stops reading only when more than 256 KiB of its replies wait unsent, after the kernel's socket buffers (megabytes on loopback) are full; Lab 02 replies are at most a few hundred bytes and the rate limit allows 100 requests a second, so a client that sends and never reads needs over a minute to get there" },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'ConditionalExpression', original: 'this.queued <= MAX_QUEUED_LINES / 2', replacement: 'true', why: "resuming before the queued lines have shrunk only lets more of them wait in memory: every request is still answered, in order (robust.pipelined), and PROTOCOL bounds no tracker's memory" },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'StringLiteral', original: '`you are already logged in as ${this.username}`', replacement: '``', why: FREE_TEXT },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'StringLiteral', original: '`this tracker does not answer ${request.type}`', replacement: '``', why: FREE_TEXT },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'StringLiteral', original: "'a username is 3 to 32 of a-z 0-9 _ -, starting with a letter'", replacement: '""', why: FREE_TEXT },
  { lab: '02', file: 'tracker-server.ts', mutator: 'StringLiteral', original: "'?'", replacement: '""', why: 'a connected socket always has a remote address: the fallback is never used' },
  { lab: '02', file: 'tracker-server.ts', mutator: 'ConditionalExpression', original: 'left === 0', replacement: 'false', why: 'an address whose last connection closed keeps an entry of 0 instead of none: the counts, and so every refusal, are the same; only the map is larger' },
  { lab: '02', file: 'passwords.ts', mutator: 'ObjectLiteral', original: '{ N, r, p, maxmem: 256 * N * r }', replacement: '{}', why: "scrypt's defaults are N = 16384, r = 8, p = 1, the parameters PROTOCOL §4.2 requires; only a tracker started with another --scrypt-n hashes differently, and what it stores still verifies" },
  { lab: '02', file: 'client.ts', mutator: 'StringLiteral', original: "'closed'", replacement: '""', why: 'the client exits in the same tick it closes the tracker connection, so the listener left in place never runs' },
  { lab: '02', file: 'login-flow.ts', mutator: 'ConditionalExpression', original: 'username === undefined', replacement: 'false', why: 'after the end of input every question is answered undefined at once: asking for the password then changes nothing' },
  { lab: '02', file: 'tracker-connection.ts', mutator: 'BlockStatement', original: "{ process.stderr.write(`tracker: internal error: ${error instanceof Error ? error.message : String(error)}\\n`); // A failing database is the disk's fault, not a bug: say which, so the peer may retry. const disk = String((error as { code?: unknown }).code ?? '').startsWith('SQLITE'); this.sendError(disk ? 'DISK_ERROR' : 'INTERNAL', disk ? 'the tracker could not use its database' : 'the tracker failed to handle this message', echo); }", replacement: '{}', why: 'reached only when handling a request throws, which no check of a correct tracker can cause from outside (a database that fails under it)' },
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

/**
 * Spans of a reference that only build text for people (a human line put together before the emit
 * that prints it, a help table), which the automatic filter of text for people cannot follow: every
 * surviving mutant inside is equivalent. A span is found by the text of its first line, so when the
 * file changes and the line moves, its mutants count as gaps again until a person looks.
 */
interface PeopleOnlySpan {
  lab: string;
  file: string;
  /** The span's first line, trimmed, exactly as in the reference. */
  first: string;
  /** How many lines from the first one (inclusive). */
  lines: number;
  why: string;
}

export const PEOPLE_ONLY_SPANS: PeopleOnlySpan[] = [
  { lab: '05', file: 'history-feature.ts', first: "const human = [lines.length > 0 ? 'Your past sessions, newest first:' : 'No past sessions yet.', ...lines, ...(reply.truncated ? ['  … older sessions left out'] : [])];", lines: 1, why: PEOPLE_ONLY },
  { lab: '05', file: 'history-feature.ts', first: 'const lines = reply.sessions.map((s) => describe(peer.me, s));', lines: 1, why: PEOPLE_ONLY },
  { lab: '05', file: 'history-feature.ts', first: 'function describe(me: string, s: PastSession): string {', lines: 6, why: 'describe() builds only the human line of the history event; with --json the event carries sessions and truncated, never this text' },
  { lab: '04', file: 'transfer-progress.ts', first: "if (!this.out.json && process.stderr.isTTY) {", lines: 7, why: 'the progress bars are drawn on standard error and only when it is a terminal; under the grader (and any pipe) it never is' },
  { lab: '04', file: 'transfer-progress.ts', first: "tracked.bar.update(tracked.bytes, { speed: `${(tracked.bytes / 1e6 / seconds).toFixed(1)} MB/s` });", lines: 1, why: 'the speed is drawn in a progress bar only (standard error, on a terminal)' },
  { lab: '05', file: 'history-feature.ts', first: "const lines = earlier.map((m) => `  ${m.at.slice(0, 16).replace('T', ' ')}  ${m.from}: ${m.text}`);", lines: 1, why: PEOPLE_ONLY },
];

/** Why this surviving mutant is equivalent, when a person said so. */
export function equivalence(labId: string, site: MutantSite): string | undefined {
  return (
    EQUIVALENT_MUTANTS.find(
      (e) =>
        e.lab === labId && e.file === site.file && e.mutator === site.mutator && sameCode(e.original, site.original) && sameCode(e.replacement, site.replacement) &&
        (e.line === undefined || e.line === site.line),
    )?.why ?? PEOPLE_ONLY_SPANS.find((span) => span.lab === labId && span.file === site.file && inSpan(span, site.line))?.why
  );
}

function inSpan(span: PeopleOnlySpan, line: number): boolean {
  const lab = findLab(span.lab);
  if (!lab) return false;
  const text = referenceLines(join(REPO_ROOT, 'solutions', lab.slug, span.file));
  const first = text.findIndex((l) => l.trim() === span.first);
  return first !== -1 && line >= first + 1 && line < first + 1 + span.lines;
}

const referenceCache = new Map<string, string[]>();
function referenceLines(path: string): string[] {
  let lines = referenceCache.get(path);
  if (!lines) {
    lines = readFileSync(path, 'utf8').split('\n');
    referenceCache.set(path, lines);
  }
  return lines;
}

/** Code compared whatever its line breaks and indentation (a block spans lines in the file). */
function sameCode(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}
