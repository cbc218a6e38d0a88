// One peer's connection to the tracker: the greeting, then register or login, then whatever the
// tracker's features answer. Requests are answered one at a time and in order, even though hashing
// a password is asynchronous, because a client matches replies to requests by their order.
import type { Socket } from 'node:net';
import type { Output } from '#kit/cli/output.ts';
import type { TrackerServerEvents } from '#kit/protocol/events.ts';
import type { WireErrorCode } from '#kit/protocol/errors.ts';
import { MAX_ATTEMPTS_PER_CONNECTION, PROTOCOL_VERSION, RATE_LIMIT_MESSAGES, RATE_LIMIT_WINDOW_MS, SERVER_NAME } from '#kit/protocol/limits.ts';
import { checkCredentials, encode, isBlankLine, parseLine, type PeerToTrackerMessage, type TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import { echoOf, echoOfLine, replyTo, type ReplyEcho } from '#kit/protocol/replies.ts';
import type { TrackerOptions } from '#kit/programs/tracker-command.ts';
import { LineBatch } from '#kit/tracker/line-batch.ts';
import { RequestError, type LeaveReason, type OnlinePeer, type TrackerFeature } from '#kit/tracker/tracker-feature.ts';
import { LineDecoder, LineTooLongError } from '../01-two-peers/line-decoder.ts';
import type { Accounts } from './accounts.ts';

export interface ConnectionContext {
  accounts: Accounts;
  online: Map<string, OnlinePeer>;
  features: readonly TrackerFeature[];
  options: TrackerOptions;
  out: Output<TrackerServerEvents>;
}

type State = 'greeted' | 'online' | 'closing';
type Reply = TrackerToPeerMessage;
type ErrorExtra = ReplyEcho & { field?: string; retry_after_ms?: number; attempts_left?: number };

// Lines waiting behind a slow request (a password hash) before we stop reading from the socket.
const MAX_QUEUED_LINES = 32;
// After an error that ends the connection, how long the peer gets to read it before we cut.
const CLOSE_GRACE_MS = 1_000;
// Replies a peer has not read yet: above this we stop reading its requests until it catches up, so
// a client that floods us and never reads cannot make us buffer replies without end.
const MAX_UNSENT_BYTES = 256 * 1024;

export function serveConnection(socket: Socket, context: ConnectionContext): void {
  new TrackerConnection(socket, context).start();
}

class TrackerConnection implements OnlinePeer {
  username = '';
  port = 0;
  since = new Date(0);
  readonly host: string;
  private state: State = 'greeted';
  private readonly decoder = new LineDecoder();
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private failedAttempts = 0;
  private timedOut = false;
  private timer: NodeJS.Timeout | undefined;
  // Runs while a line is half received: a line trickled a byte at a time must still end in time.
  private frameTimer: NodeJS.Timeout | undefined;
  // The fixed rate-limit window: when it started and how many messages it has seen.
  private windowStart = 0;
  private windowCount = 0;
  // Replies and pushes leave in one write per event-loop turn (kit/tracker/line-batch.ts).
  private readonly lines: LineBatch;

  constructor(
    private readonly socket: Socket,
    private readonly context: ConnectionContext,
  ) {
    this.host = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    this.lines = new LineBatch(socket, () => {
      if (this.socket.writableLength > MAX_UNSENT_BYTES) this.socket.pause(); // 'drain' resumes
    });
  }

  start(): void {
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('end', () => void this.queue.then(() => this.endAfterReplies()));
    this.socket.on('error', () => {}); // a reset ends in 'close' like any other loss
    this.socket.on('close', () => this.closed());
    this.socket.on('drain', () => this.resumeIfReady());
    this.send({ type: 'hello', server: SERVER_NAME, version: PROTOCOL_VERSION, question: 'new or returning?', options: ['register', 'login'] });
    this.armTimer(this.context.options.handshakeTimeoutMs, 'no login');
  }

  push(message: Reply): void {
    this.send(message);
  }

  disconnect(): void {
    this.closeSoon();
  }

  get unsentBytes(): number {
    return this.socket.writableLength + this.lines.pendingBytes;
  }

  private receive(chunk: Buffer): void {
    if (this.state === 'closing') return;
    if (this.state === 'online') this.armTimer(this.context.options.heartbeatTimeoutMs, 'nothing heard (not even a ping)');
    let lines: string[];
    try {
      lines = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof LineTooLongError)) throw error;
      this.sendError('FRAME_TOO_LARGE', error.message);
      return this.closeSoon();
    }
    this.watchPartialLine();
    // #region one-at-a-time
    for (const line of lines) {
      if (isBlankLine(line)) continue;
      if (this.overRate()) {
        this.queueSlowDown(line);
        continue;
      }
      this.queued += 1;
      if (this.queued > MAX_QUEUED_LINES) this.socket.pause();
      this.queue = this.queue
        .then(() => (this.state === 'closing' ? undefined : this.handleLine(line)))
        // Whatever fails while a request is answered still gets an answer the peer can match.
        .catch((error: unknown) => this.sendFailure(error, echoOfLine(line)))
        .finally(() => {
          this.queued -= 1;
          this.resumeIfReady();
        });
    }
    // #endregion one-at-a-time
  }

  // #region abuse
  /** PROTOCOL §2.4: a frame that takes longer than the handshake timeout to arrive is a timeout. */
  private watchPartialLine(): void {
    if (this.decoder.pending === 0) {
      clearTimeout(this.frameTimer);
      this.frameTimer = undefined;
    } else if (!this.frameTimer) {
      const ms = this.context.options.handshakeTimeoutMs;
      this.frameTimer = setTimeout(() => {
        this.timedOut = true;
        this.sendError('TIMEOUT', `a line took more than ${ms} ms to arrive: closing`);
        this.closeSoon();
      }, ms);
    }
  }

  /** Counts one message in the fixed window; true when it is over the limit and must be dropped. */
  private overRate(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= RATE_LIMIT_WINDOW_MS) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    return this.windowCount > RATE_LIMIT_MESSAGES;
  }

  // The refusal goes through the queue like a reply, so replies stay in the order of the requests.
  private queueSlowDown(line: string): void {
    const retry = Math.max(1, this.windowStart + RATE_LIMIT_WINDOW_MS - Date.now());
    const echo = echoOfLine(line);
    if (echo.re === 'error') return; // never answer an error with an error
    this.queue = this.queue.then(() => {
      if (this.state !== 'closing') this.sendError('SLOW_DOWN', `more than ${RATE_LIMIT_MESSAGES} messages in ${RATE_LIMIT_WINDOW_MS} ms: this one was dropped`, { ...echo, retry_after_ms: retry });
    });
  }

  private resumeIfReady(): void {
    if (this.queued <= MAX_QUEUED_LINES / 2 && this.socket.writableLength <= MAX_UNSENT_BYTES) this.socket.resume();
  }
  // #endregion abuse

  private async handleLine(line: string): Promise<void> {
    const parsed = parseLine(line, 'peer-to-tracker');
    if (!parsed.ok) {
      const echo = echoOfLine(line);
      if (echo.re === 'error') return; // an error is never answered with an error
      return this.sendError(parsed.code, parsed.message, { ...echo, ...(parsed.field ? { field: parsed.field } : {}) });
    }
    const request = parsed.message;
    try {
      const reply = await this.answer(request);
      if (reply) this.send(replyTo(request, reply));
    } catch (error) {
      if (!(error instanceof RequestError)) throw error; // answered where the line was queued
      this.sendError(error.code, error.message, { ...echoOf(request), ...error.extra });
    }
  }

  /** Something failed while answering: a line on stderr for us, an error the peer can match for it. */
  private sendFailure(error: unknown, echo: ReplyEcho): void {
    process.stderr.write(`tracker: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    // A failing database is the disk's fault, not a bug: say which, so the peer may retry.
    const disk = String((error as { code?: unknown }).code ?? '').startsWith('SQLITE');
    this.sendError(disk ? 'DISK_ERROR' : 'INTERNAL', disk ? 'the tracker could not use its database' : 'the tracker failed to handle this message', echo);
  }

  private async answer(request: PeerToTrackerMessage): Promise<Reply | undefined> {
    if (request.type === 'ping') return { type: 'pong' };
    if (request.type === 'pong' || request.type === 'error') return undefined; // nothing to answer
    if (this.state === 'greeted') {
      if (request.type === 'register' || request.type === 'login') return this.authenticate(request);
      throw new RequestError('WRONG_STATE', `log in first: ${request.type} needs a logged-in peer`);
    }
    if (request.type === 'register' || request.type === 'login') throw new RequestError('WRONG_STATE', `you are already logged in as ${this.username}`);
    if (request.type === 'logout') {
      // Gone from the online set before the ok, so logging in again right away works.
      this.leave('logout');
      this.closeAfterReply();
      return { type: 'ok', re: 'logout' };
    }
    for (const feature of this.context.features) {
      const handler = feature.requests?.[request.type] as ((peer: OnlinePeer, r: PeerToTrackerMessage) => Reply | Promise<Reply>) | undefined;
      if (handler) return handler(this, request);
    }
    throw new RequestError('WRONG_STATE', `this tracker does not answer ${request.type}`);
  }

  private async authenticate(request: Extract<PeerToTrackerMessage, { type: 'register' | 'login' }>): Promise<Reply> {
    const { username, password, port } = request;
    const bad = checkCredentials({ username, password, port });
    if (bad) return this.failAttempt(bad, describeBad(bad));
    const outcome = request.type === 'register'
      ? await this.context.accounts.register(username, password)
      : await this.context.accounts.login(username, password);
    if (!outcome.ok) {
      this.context.out.emit('auth_failed', { username, code: outcome.code }, `${request.type} as ${username} failed: ${outcome.code}`);
      if (outcome.code === 'LOCKED') {
        const seconds = Math.ceil(outcome.retryAfterMs / 1000);
        return this.failAttempt('LOCKED', `too many failed attempts: try again in ${seconds} s`, { retry_after_ms: outcome.retryAfterMs });
      }
      if (outcome.code === 'USERNAME_TAKEN') return this.failAttempt('USERNAME_TAKEN', `the username ${username} is taken: choose another`);
      return this.failAttempt('AUTH_FAILED', 'unknown username or wrong password', { attempts_left: outcome.attemptsLeft });
    }
    if (this.context.online.has(username)) throw new RequestError('ALREADY_ONLINE', `${username} is already logged in on another connection`);
    this.username = username;
    this.port = port;
    this.since = new Date();
    this.state = 'online';
    this.context.online.set(username, this);
    this.armTimer(this.context.options.heartbeatTimeoutMs, 'nothing heard (not even a ping)');
    if (request.type === 'register') this.context.out.emit('registered', { username }, `${username} registered`);
    this.context.out.emit('logged_in', { username, host: this.host, port }, `${username} logged in from ${this.host} (listens on ${port})`);
    // Features hear of the peer only after its welcome is on the wire (the reply is written when this
    // returns, a microtask later), so nothing they push can overtake it.
    setImmediate(() => this.context.features.forEach((feature) => feature.joined?.(this)));
    return { type: 'welcome', username, host: this.host, port };
  }

  // Every error reply to register or login counts against the connection; the last one allowed is
  // still answered, then followed by TOO_MANY_ATTEMPTS and the end of the connection.
  private failAttempt(code: WireErrorCode, message: string, extra: ErrorExtra = {}): never {
    this.failedAttempts += 1;
    if (this.failedAttempts >= MAX_ATTEMPTS_PER_CONNECTION) {
      this.closeAfterReply(() => this.sendError('TOO_MANY_ATTEMPTS', `${MAX_ATTEMPTS_PER_CONNECTION} failed attempts on this connection: it is closed`));
    }
    throw new RequestError(code, message, extra);
  }

  private send(message: Reply): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    this.lines.add(encodeOnce(message));
  }

  /** The last replies go out before the FIN. */
  private endAfterReplies(): void {
    this.lines.flush();
    this.socket.end();
  }

  private sendError(code: WireErrorCode, message: string, extra: ErrorExtra = {}): void {
    this.send({ type: 'error', code, message, ...extra });
  }

  // #region heartbeat
  private armTimer(ms: number, what: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.sendError('TIMEOUT', `${what} within ${ms} ms: closing`);
      this.closeSoon();
    }, ms);
  }
  // #endregion heartbeat

  // The reply is written by handleLine after this returns; close once it is out.
  private closeAfterReply(last?: () => void): void {
    this.state = 'closing';
    void this.queue.then(() => {
      last?.();
      this.closeSoon();
    });
  }

  private closeSoon(): void {
    this.state = 'closing';
    clearTimeout(this.timer);
    clearTimeout(this.frameTimer);
    this.leave('lost'); // offline now, not when the socket finally closes (no-op after a logout)
    this.endAfterReplies();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  private closed(): void {
    clearTimeout(this.timer);
    clearTimeout(this.frameTimer);
    this.leave('lost');
  }

  private leave(reason: LeaveReason): void {
    if (!this.username || this.context.online.get(this.username) !== this) return;
    this.context.online.delete(this.username);
    const shown = reason === 'lost' && this.timedOut ? 'timeout' : reason;
    this.context.out.emit('logged_out', { username: this.username, reason: shown }, `${this.username} left (${shown})`);
    for (const feature of this.context.features) feature.left?.(this, reason);
  }
}

// A push sent to many peers (presence) is one object: encode it once, not once per receiver.
const encodedLines = new WeakMap<object, string>();
function encodeOnce(message: Reply): string {
  let line = encodedLines.get(message);
  if (line === undefined) {
    line = encode(message);
    encodedLines.set(message, line);
  }
  return line;
}

function describeBad(code: 'BAD_USERNAME' | 'BAD_PASSWORD' | 'BAD_PORT'): string {
  if (code === 'BAD_USERNAME') return 'a username is 3 to 32 of a-z 0-9 _ -, starting with a letter';
  if (code === 'BAD_PASSWORD') return 'a password is 8 to 128 characters long';
  return 'the port must be a whole number from 1 to 65535';
}
