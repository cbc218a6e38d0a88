// A peer's connection to the tracker: requests matched to replies by id, pushes handed to whoever
// listens, and a ping while idle so the tracker knows the peer is still there. The line framing is
// passed in, so each lab's peer runs on the student's own Lab 01 decoder.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { CONNECT_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS, PROTOCOL_VERSION, SERVER_NAME } from '../protocol/limits.ts';
import { encode, isBlankLine, parseLine, type PeerToTrackerMessage, type TrackerToPeerMessage } from '../protocol/messages.ts';
import { LineTooLongError } from '../protocol/line-too-long-error.ts';
import { replyTo } from '../protocol/replies.ts';

/** What the client needs of a line decoder (Lab 01's LineDecoder has this shape). */
export interface LineSplitter {
  push(chunk: Buffer): string[];
}

type Hello = Extract<TrackerToPeerMessage, { type: 'hello' }>;
type Request = PeerToTrackerMessage extends infer M ? (M extends unknown ? Omit<M, 'id'> : never) : never;

export interface TrackerClientEvents {
  /** A message the tracker sent without being asked: presence, incoming, session_ended, or an error. */
  push: [TrackerToPeerMessage];
  /** The connection is gone; no more replies will come. */
  closed: [string];
}

export class TrackerClient extends EventEmitter<TrackerClientEvents> {
  /**
   * The tracker's hello; rejects (and the connection closes) when what answered is not a tracker of
   * this protocol's version (§3.2: a peer that does not know the version MUST disconnect), so a hand
   * run never logs in to somebody else's program by mistake.
   */
  readonly greeting: Promise<Hello>;
  private readonly pending = new Map<number, (reply: TrackerToPeerMessage) => void>();
  private nextId = 1;
  private heartbeat: NodeJS.Timeout | undefined;
  private greeted: ((hello: Hello) => void) | undefined;
  private notGreeted: ((error: Error) => void) | undefined;
  private readonly greetingTimer: NodeJS.Timeout;
  private isClosed = false;
  // Pushes that came before anyone listened (one may share a chunk with the welcome): kept, not lost.
  private unheard: TrackerToPeerMessage[] = [];

  private constructor(
    private readonly socket: net.Socket,
    private readonly decoder: LineSplitter,
  ) {
    super();
    this.greeting = new Promise((resolve, reject) => {
      this.greeted = resolve;
      this.notGreeted = reject;
    });
    this.greeting.catch(() => {}); // whoever needs the greeting awaits it; no rejection goes unhandled
    this.greetingTimer = setTimeout(() => this.refuse(`it said nothing within ${CONNECT_TIMEOUT_MS / 1000} s (a tracker greets at once)`), CONNECT_TIMEOUT_MS);
    this.greetingTimer.unref();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {}); // reported through 'close'
    socket.on('close', () => this.closed('the tracker closed the connection'));
    this.heartbeat = setInterval(() => this.send({ type: 'ping' }), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
    // The typed events do not list Node's own newListener event, hence the plain EventEmitter view.
    (this as EventEmitter).on('newListener', (event: string) => {
      if (event === 'push') queueMicrotask(() => this.unheard.splice(0).forEach((message) => this.emit('push', message)));
    });
  }

  /** Connects; rejects with a sentence fit for the user when the tracker cannot be reached. */
  static connect(host: string, port: number, decoder: LineSplitter): Promise<TrackerClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
      socket.once('timeout', () => {
        socket.destroy();
        reject(new Error(`no answer from ${host}:${port} within ${CONNECT_TIMEOUT_MS / 1000} s`));
      });
      socket.once('error', (error) => reject(new Error(`cannot reach the tracker at ${host}:${port}: ${error.message}`)));
      socket.once('connect', () => {
        socket.removeAllListeners('timeout').removeAllListeners('error').setTimeout(0);
        resolve(new TrackerClient(socket, decoder));
      });
    });
  }

  get closedAlready(): boolean {
    return this.isClosed;
  }

  /** Sends a request and resolves with its reply, which may be an error message. */
  request(message: Request): Promise<TrackerToPeerMessage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.isClosed) return resolve(lost('the tracker connection is closed'));
      this.pending.set(id, resolve);
      this.send({ ...message, id } as PeerToTrackerMessage);
    });
  }

  close(): void {
    this.socket.end();
    this.socket.destroySoon();
  }

  private send(message: PeerToTrackerMessage): void {
    if (this.socket.writable) this.socket.write(encode(message));
  }

  private receive(chunk: Buffer): void {
    let lines: string[];
    try {
      lines = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof LineTooLongError)) throw error;
      this.socket.destroy();
      return this.closed('the tracker sent a line that is too long');
    }
    for (const line of lines) {
      if (isBlankLine(line)) continue;
      if (this.greeted) {
        this.greet(line);
        continue;
      }
      const parsed = parseLine(line, 'tracker-to-peer');
      if (!parsed.ok) continue; // a newer tracker may send what we do not know: ignore it
      this.dispatch(parsed.message);
    }
  }

  /** The first line must be the hello of a tracker that speaks this protocol's version. */
  private greet(line: string): void {
    const parsed = parseLine(line, 'tracker-to-peer');
    if (!parsed.ok || parsed.message.type !== 'hello') {
      const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
      return this.refuse(`its first line was not a hello: ${JSON.stringify(shown)}`);
    }
    const hello = parsed.message;
    if (hello.server !== SERVER_NAME || hello.version !== PROTOCOL_VERSION) {
      return this.refuse(`it greets as ${JSON.stringify(hello.server)}, protocol version ${hello.version}; this peer speaks ${SERVER_NAME} version ${PROTOCOL_VERSION}`);
    }
    clearTimeout(this.greetingTimer);
    const greeted = this.greeted;
    this.greeted = undefined;
    greeted?.(hello);
  }

  private refuse(why: string): void {
    if (!this.greeted) return;
    clearTimeout(this.greetingTimer);
    this.greeted = undefined;
    const where = `${this.socket.remoteAddress ?? 'the tracker'}:${this.socket.remotePort ?? ''}`;
    this.notGreeted?.(new Error(`${where} is not a Sharing is Caring tracker: ${why}`));
    this.socket.destroy();
  }

  private dispatch(message: TrackerToPeerMessage): void {
    if (message.type === 'hello') return; // only the first line greets
    if (message.type === 'ping') return this.send(replyTo(message, { type: 'pong' }));
    const waiting = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (waiting && typeof message.id === 'number') {
      this.pending.delete(message.id);
      return waiting(message);
    }
    if (this.listenerCount('push') === 0) this.unheard.push(message);
    else this.emit('push', message);
  }

  private closed(reason: string): void {
    if (this.isClosed) return;
    this.refuse(`${reason} before greeting`);
    this.isClosed = true;
    clearInterval(this.heartbeat);
    for (const resolve of this.pending.values()) resolve(lost(reason));
    this.pending.clear();
    this.emit('closed', reason);
  }
}

function lost(reason: string): TrackerToPeerMessage {
  return { type: 'error', code: 'INTERNAL', message: reason };
}
