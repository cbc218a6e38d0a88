// Watches both directions of one JSON-lines connection between the grader and a student's program
// and judges every line the program sends against docs/PROTOCOL.md, whatever the check is about:
// framing and UTF-8 (§1, §2), a valid message for this direction (§3), the state it is sent in
// (§3.3, §4), and the conversation (§2.2, §2.4): one answer per request, in request order on a
// tracker connection, the request's id echoed, errors naming what they answer.
import { isBlankLine, validateMessage, type Direction } from '#kit/protocol/messages.ts';
import { showBytes } from '../show-bytes.ts';
import { BEFORE_LOGIN, connectionKind, echoableType, opposite, REPLIES, TRACKER_PUSHES, UNSOLICITED_ERRORS, validId } from './conversation-rules.ts';
import type { ProtocolWatch } from './protocol-watch.ts';
import type { MonitorRule } from './rules.ts';
import type { Violation } from './violation.ts';
import { WireReader } from './wire-reader.ts';

type Message = Record<string, unknown>;

/** A message one side sent that the other side owes an answer (or may answer with an error). */
interface Asked {
  /** The message's type when it had a string one; undefined for a line that was not a message. */
  type: string | undefined;
  id: unknown;
  hasValidId: boolean;
  /** The answer it needs: its reply types, or only an error (a bad line, a message in a wrong state). */
  replies: readonly string[];
  xfer: unknown;
  at: number;
  bytes: string;
}

/**
 * How long a request may stay unanswered on a connection still open at the end of a check. The
 * slowest answer the protocol allows is a hello waiting TICKET_GRACE_MS (2 s) for its ticket.
 */
const UNANSWERED_MS = 3_000;
/** How long a peer must wait for the `ok` to its `logout` before closing (§9.4 /quit: up to 2 s). */
const LOGOUT_WAIT_MS = 1_500;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class ConnectionMonitor {
  private readonly fromProgram: WireReader;
  private readonly fromGrader: WireReader;
  /** What the grader sent and the program still owes an answer, oldest first. */
  private readonly graderAsked: Asked[] = [];
  /** What the program asked and the grader has not answered yet, oldest first. */
  private readonly programAsked: Asked[] = [];
  private loggedIn = false;
  private programLines = 0;
  private judging = true;

  /** `received`: the direction of what the program sends on this connection. */
  constructor(
    private readonly received: Direction,
    private readonly connection: string,
    private readonly watch: ProtocolWatch,
  ) {
    this.fromProgram = new WireReader({
      line: (bytes) => this.programLine(bytes),
      overlong: (first) =>
        this.breach('line-too-long', '§2', 'no line longer than 65536 bytes', `${showBytes(first)}… and no "\\n" within 65536 bytes`, 'the receiver must stop reading and close: everything after is lost'),
    });
    this.fromGrader = new WireReader({
      line: (bytes) => this.graderLine(bytes),
      overlong: (first) => this.graderAsked.push(asked(undefined, {}, [], 0, first)), // answered FRAME_TOO_LARGE
    });
  }

  private get kind() {
    return connectionKind(this.received);
  }

  private get sent(): Direction {
    return opposite(this.received);
  }

  /** Bytes the grader wrote on this connection. */
  observeSent(bytes: Buffer): void {
    this.fromGrader.feed(bytes);
  }

  /** Bytes the program wrote on this connection. */
  observeReceived(bytes: Buffer): void {
    this.fromProgram.feed(bytes);
  }

  /** The program closed its sending side (FIN). */
  observeProgramEnd(): void {
    const logout = this.programAsked.find((request) => request.type === 'logout');
    if (!logout || this.received !== 'peer-to-tracker') return;
    const waited = performance.now() - logout.at;
    if (waited < LOGOUT_WAIT_MS) {
      this.breach(
        'logout-waits-for-ok',
        '§9.4 (/quit) and §3.3 logout',
        'the peer to wait (up to 2 s) for the ok to its logout before closing the tracker connection',
        `FIN ${Math.round(waited)} ms after ${logout.bytes}, with no ok received yet`,
        'until the ok, the tracker may not have ended the sessions or written the log: a peer that closes first turns a clean logout into a lost connection',
      );
    }
  }

  /**
   * The check ended with the connection still open both ways: a request the program still owes its
   * reply after UNANSWERED_MS was never answered (no check waited for it, but the other side would).
   */
  observeCheckEnd(): void {
    const now = performance.now();
    const missing = this.graderAsked.find((request) => request.replies.length > 0 && now - request.at > UNANSWERED_MS);
    if (!missing) return;
    this.breach(
      'answer-missing',
      '§2.2 and §3.1',
      `${missing.replies.join(' or ')} (or an error) in answer to ${missing.bytes}`,
      `no answer ${((now - missing.at) / 1000).toFixed(1)} s later, when the check ended with the connection still open`,
      `the other side waits for it: ${missing.type === 'ping' ? 'a peer that gets no pong takes the connection for dead and drops it' : 'its request hangs until it gives up'}`,
    );
  }

  private graderLine(bytes: Buffer): number {
    const text = bytes.toString('utf8');
    if (isBlankLine(text)) return 0;
    this.watch.record(this.connection, 'grader', text);
    const message = parseObject(text);
    const now = performance.now();
    if (!message) {
      this.graderAsked.push(asked(undefined, {}, [], now, bytes));
      return 0;
    }
    const type = typeof message.type === 'string' ? message.type : undefined;
    const valid = validateMessage(message, this.sent).ok;
    if (type === 'data' && valid) return message.len as number;
    if (this.kind === 'relay') return this.relayLine(type);
    if (type === 'error' || type === 'pong') {
      if (type === 'pong' || echoableType(message.re)) this.answerProgram(message);
      return 0;
    }
    const replies = valid && type ? REPLIES[this.sent][type] : undefined;
    if (this.kind === 'tracker' && this.sent === 'tracker-to-peer') {
      // The grader plays the tracker: its replies settle the program's requests.
      if (type === 'ping') this.graderAsked.push(asked(type, message, ['pong'], now, bytes));
      else if (type && !TRACKER_PUSHES.includes(type)) this.answerProgram(message);
      return 0;
    }
    // Every other line the grader sends is owed an answer: its reply, or an error when it was bad or
    // not allowed. On a direct connection a chat or a verdict is only owed an error if it was wrong.
    if (replies || this.kind === 'tracker' || !valid) this.graderAsked.push(asked(type, message, replies ?? [], now, bytes));
    else this.graderAsked.push(asked(type, message, [], now, bytes));
    return 0;
  }

  /**
   * §3.6: a relay connection has one line each way, relay_join and relay_paired (or an error); the
   * raw bytes of the session follow them, so nothing after them is read as lines.
   */
  private relayLine(type: string | undefined): number {
    return type === 'relay_paired' || type === 'relay_join' ? Number.MAX_SAFE_INTEGER : 0;
  }

  private answerProgram(message: Message): void {
    this.programAsked.shift();
    if (message.type === 'welcome') this.loggedIn = true;
  }

  private programLine(bytes: Buffer): number {
    this.watch.record(this.connection, 'program', bytes.toString('utf8'));
    if (!this.judging) return 0;
    const shown = showBytes(bytes);
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      this.breach('valid-utf8', '§1 Conventions', 'valid UTF-8 in every line', shown, 'a receiver decodes invalid bytes to U+FFFD: names and texts arrive changed');
      return 0;
    }
    if (isBlankLine(text)) return 0;
    this.programLines += 1;
    const message = parseObject(text);
    if (!message) {
      this.breach('json-object', '§2.2', 'one JSON object per line', shown, 'the other side answers BAD_JSON and cannot act on the line');
      return 0;
    }
    const validation = validateMessage(message, this.received);
    if (!validation.ok) {
      this.breach('valid-message', '§3 Message reference', `a valid message sent ${this.received}`, `${shown}: ${validation.message}`, `the other side answers ${validation.code} and cannot act on it`);
      return 0;
    }
    if (message.type === 'data') return message.len as number;
    if (this.kind === 'relay') return this.relayLine(message.type as string);
    if (this.kind === 'direct') this.directMessage(message, shown);
    else if (this.received === 'tracker-to-peer') this.trackerMessage(message, shown);
    else this.peerOnTrackerMessage(message, shown);
    return 0;
  }

  // ── The program is the tracker ────────────────────────────────────────────────────────────────

  private trackerMessage(message: Message, shown: string): void {
    const type = message.type as string;
    const refused = type === 'error' && message.code === 'TOO_MANY_CONNECTIONS';
    if (this.programLines === 1 && type !== 'hello' && !refused) {
      this.breach('hello-first', '§3.2 hello', 'the tracker\'s first line on a new connection to be hello', shown, 'a client waits for hello before it asks "new or returning?"');
      return;
    }
    if (TRACKER_PUSHES.includes(type)) {
      if (type === 'ping') this.programAsked.push(asked(type, message, ['pong'], performance.now(), shown));
      if ((type === 'presence' || type === 'incoming' || type === 'session_ended') && !this.loggedIn) {
        this.breach('push-to-logged-in', '§3.2 and §4.2', `${type} pushed only to logged-in connections`, shown, 'a connection that has not logged in is nobody yet: it must not learn about others');
        return;
      }
      return;
    }
    if (type === 'error' && isUnsolicited(message)) return;
    this.answerInOrder(message, shown);
  }

  /** §2.2: over a tracker connection, replies come in the order of the requests, one each. */
  private answerInOrder(message: Message, shown: string): void {
    const request = this.graderAsked.shift();
    if (!request) {
      this.breach('one-answer-per-request', '§2.2', 'a reply only to a request, one each', `${shown}, when every request had been answered`, 'the client takes it as the answer to its next request, which then gets the wrong reply');
      return;
    }
    if (message.type === 'error') {
      this.judgeError(message, request, shown);
      return;
    }
    if (!request.replies.includes(message.type as string)) {
      const owed = request.replies.length > 0 ? request.replies.join(' or ') : 'an error';
      this.breach(
        'replies-in-order',
        '§2.2',
        `the answer to the oldest unanswered request first: ${owed} for ${request.bytes}`,
        shown,
        'a client pairs each reply with its oldest open request: an answer out of order is taken for the wrong one',
      );
      return;
    }
    if (!this.judgeId(message, request, shown)) return;
    if (message.type === 'ok' && message.re !== request.type) {
      this.breach('ok-names-request', '§3.2 ok', `ok with "re":"${request.type}"`, shown, 'ok says which request succeeded');
      return;
    }
    if (message.type === 'welcome') this.loggedIn = true;
  }

  // ── The program is a peer on its tracker connection ───────────────────────────────────────────

  private peerOnTrackerMessage(message: Message, shown: string): void {
    const type = message.type as string;
    if (type === 'pong' || type === 'error') {
      if (type === 'error' && isUnsolicited(message)) return;
      const request = this.graderAsked.shift();
      if (!request) {
        this.breach('one-answer-per-request', '§2.2', 'a pong or an error only in answer to something', `${shown}, when the tracker had asked nothing`, 'the tracker never answers a pong or an error: it is noise at best');
        return;
      }
      if (type === 'error') this.judgeError(message, request, shown);
      else this.judgeId(message, request, shown);
      return;
    }
    if (!this.loggedIn && !BEFORE_LOGIN.includes(type)) {
      this.breach('wrong-state', '§3.3 and §4.2', `only ${BEFORE_LOGIN.join(', ')} before welcome`, shown, 'the tracker answers WRONG_STATE: the peer is not logged in yet');
      return;
    }
    if (this.loggedIn && (type === 'register' || type === 'login')) {
      this.breach('wrong-state', '§3.3', 'no register or login once logged in', shown, 'the tracker answers WRONG_STATE');
      return;
    }
    this.programAsked.push(asked(type, message, REPLIES['peer-to-tracker'][type] ?? [], performance.now(), shown));
  }

  // ── Direct connections: answers are matched by what they answer, not by order ─────────────────

  private directMessage(message: Message, shown: string): void {
    const type = message.type as string;
    if (type === 'error') {
      if (isUnsolicited(message)) return;
      const index = echoableType(message.re) ? this.graderAsked.findIndex((a) => a.type === message.re) : this.graderAsked.findIndex((a) => !echoableType(a.type));
      if (index === -1) {
        const expected = echoableType(message.re)
          ? `an error with "re":"${message.re}" only in answer to a ${message.re} message`
          : 'an error without "re" only in answer to a line that was not a message, and the grader sent none (a peer that reads the raw bytes of a data frame as lines answers them like this)';
        this.breach('error-names-message', '§2.4', expected, shown, 'the other side cannot tell which of its messages failed');
        return;
      }
      const [request] = this.graderAsked.splice(index, 1);
      this.judgeError(message, request!, shown);
      return;
    }
    const answers = (a: Asked) => a.replies.includes(type) && (type === 'welcome' || type === 'pong' || a.xfer === message.xfer);
    const index = this.graderAsked.findIndex(answers);
    if (index !== -1) {
      const [request] = this.graderAsked.splice(index, 1);
      this.judgeId(message, request!, shown);
      return;
    }
    if (type === 'pong' || type === 'welcome') {
      this.breach('one-answer-per-request', '§2.2 and §3.4', `${type} only in answer to a ${type === 'pong' ? 'ping' : 'hello'}, one each`, shown, 'nothing asked for it: the other side may take it for the answer to a later request');
    }
  }

  // ── Shared judgements ─────────────────────────────────────────────────────────────────────────

  private judgeError(error: Message, request: Asked, shown: string): void {
    if (echoableType(request.type) && error.re !== request.type) {
      this.breach('error-names-message', '§2.4', `the error answering ${request.bytes} to carry "re":${JSON.stringify(request.type)}`, shown, 'the other side cannot tell which of its requests failed');
      return;
    }
    if (request.hasValidId && request.type !== undefined) this.judgeId(error, request, shown);
  }

  private judgeId(reply: Message, request: Asked, shown: string): boolean {
    if (!request.hasValidId || JSON.stringify(reply.id) === JSON.stringify(request.id)) return true;
    this.breach(
      'id-echo',
      '§2.2',
      `the answer to ${request.bytes} to carry its "id":${JSON.stringify(request.id)}, exactly (same JSON type)`,
      shown,
      'programs match answers to requests by id (the kit\'s peer does): with this answer it would wait for its reply until it times out',
    );
    return false;
  }

  private breach(rule: MonitorRule, section: string, expected: string, got: string, why: string): void {
    if (!this.judging) return;
    this.judging = false; // one breach per connection: what follows is usually its consequence
    this.fromProgram.stop();
    const violation: Violation = { rule, section, connection: this.connection, expected, got, why };
    this.watch.report(violation);
  }
}

function asked(type: string | undefined, message: Message, replies: readonly string[], at: number, bytes: Buffer | string): Asked {
  const shown = typeof bytes === 'string' ? bytes : describeSent(bytes);
  return { type, id: message.id, hasValidId: Object.hasOwn(message, 'id') && validId(message.id), replies, xfer: message.xfer, at, bytes: shown };
}

/** A line the grader sent, as it reads best in a report: the JSON itself, cut when long. */
function describeSent(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text).equals(bytes) || /[\u0000-\u001f]/.test(text)) return showBytes(bytes);
  return text.length > 200 ? `${text.slice(0, 160)}…(${text.length} characters)` : text;
}

function parseObject(text: string): Message | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Message) : undefined;
  } catch {
    return undefined;
  }
}

function isUnsolicited(error: Message): boolean {
  return UNSOLICITED_ERRORS.includes(String(error.code)) && error.re === undefined && error.id === undefined;
}
