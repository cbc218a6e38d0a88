// The grader's side of a TCP connection: it sends exact bytes and checks exact bytes, FIN and reset,
// logging each one as a step.
import net from 'node:net';
import { fail } from './check-failure.ts';
import { showBytes } from './show-bytes.ts';
import type { StepLog } from './step-log.ts';
import { Watch } from './watch.ts';
import { EVENT_TIMEOUT_MS, type StudentProgram } from './student-program.ts';
import { drained } from '#kit/files/drained.ts';
import type { Direction } from '#kit/protocol/messages.ts';
import { ChatLineMonitor } from './monitor/chat-line-monitor.ts';
import { ConnectionMonitor } from './monitor/connection-monitor.ts';
import type { ProtocolWatch } from './monitor/protocol-watch.ts';

export class ScriptedSocket {
  private received = Buffer.alloc(0);
  /** The peer sent FIN. */
  ended = false;
  /** The connection is gone (FIN both ways, reset, or destroyed). */
  closed = false;
  /** The grader ended its side (FIN or reset): the program owes no more answers. */
  private leaving = false;
  errorCode: string | undefined;
  private monitor: ConnectionMonitor | ChatLineMonitor | undefined;
  /** What arrived before a monitor was attached, so that it sees the stream from its first byte. */
  private unmonitored: Buffer[] = [];

  constructor(
    private readonly socket: net.Socket,
    readonly label: string,
    private readonly log: StepLog,
    private readonly watch: Watch,
    /** The check's protocol monitor; absent for sockets built outside a check. */
    readonly protocol?: ProtocolWatch,
  ) {
    socket.on('data', this.onData);
    socket.on('end', () => {
      this.ended = true;
      this.monitor?.observeProgramEnd();
      this.watch.changed();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.errorCode = error.code ?? error.message;
      this.watch.changed();
    });
    socket.on('close', () => {
      this.closed = true;
      this.watch.changed();
    });
  }

  private readonly onData = (chunk: Buffer) => {
    this.received = Buffer.concat([this.received, chunk]);
    if (this.monitor) this.monitor.observeReceived(chunk);
    else this.unmonitored.push(chunk);
    this.watch.changed();
  };

  /**
   * Stops reading for this script and hands the raw socket on, with what arrived and was not read
   * yet: a layer of the grader's takes the bytes from here (Lab 06: the sealed records after
   * relay_paired).
   */
  handOver(): { socket: net.Socket; unread: Buffer } {
    this.socket.off('data', this.onData);
    const unread = this.received;
    this.received = Buffer.alloc(0);
    return { socket: this.socket, unread };
  }

  /**
   * Judges every byte of this connection against docs/PROTOCOL.md from now on (and the bytes that
   * arrived before): `received` is the direction of what the program sends here, or 'chat-lines'
   * for a Lab 01 chat connection.
   */
  monitorAs(received: Direction | 'chat-lines'): void {
    if (this.monitor || !this.protocol) return;
    if (received === 'chat-lines') this.monitor = new ChatLineMonitor(this.label, this.protocol);
    else {
      const monitor = new ConnectionMonitor(received, this.label, this.protocol);
      this.monitor = monitor;
      this.protocol.onCheckEnd(() => {
        if (!this.ended && !this.closed && !this.leaving && !this.socket.destroyed) monitor.observeCheckEnd();
      });
    }
    for (const chunk of this.unmonitored) this.monitor.observeReceived(chunk);
    this.unmonitored = [];
    if (this.ended) this.monitor.observeProgramEnd();
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** Connects to 127.0.0.1:port; a refusal is a failure that says so. */
  static async connect(port: number, label: string, log: StepLog, watch: Watch, protocol?: ProtocolWatch, host = '127.0.0.1'): Promise<ScriptedSocket> {
    const socket = net.connect({ host, port, allowHalfOpen: true });
    const outcome = await new Promise<Error | undefined>((resolve) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('error', resolve);
    });
    if (outcome) {
      socket.destroy();
      fail({
        expected: `to connect to ${host}:${port}`,
        got: `the connection failed: ${outcome.message}`,
        why: 'a program that says it is ready must accept connections on the port it named',
      });
    }
    socket.setNoDelay(true);
    log.add(`${label} connected to ${host}:${port}`);
    return new ScriptedSocket(socket, label, log, watch, protocol);
  }

  /** Sends bytes in one write. */
  send(data: string | Buffer, note = ''): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.log.add(`${this.label} sent ${showBytes(bytes)}${note ? ` ${note}` : ''}`);
    this.monitor?.observeSent(bytes);
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Sends FIN: "I will send nothing more". */
  end(): void {
    this.log.add(`${this.label} half-closed its side (FIN)`);
    this.leaving = true;
    this.socket.end();
  }

  /** Drops the connection abruptly (RST), as a crashed machine or a killed process can. */
  reset(): void {
    this.log.add(`${this.label} reset the connection (RST)`);
    this.leaving = true;
    this.socket.resetAndDestroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Expects exactly these bytes next. */
  async expectBytes(data: string | Buffer, { timeoutMs = EVENT_TIMEOUT_MS, why = '' } = {}): Promise<void> {
    const want = typeof data === 'string' ? Buffer.from(data) : data;
    const arrived = await this.watch.until(() => (this.received.length >= want.length || this.ended || this.closed ? true : undefined), timeoutMs);
    const got = this.received.subarray(0, want.length);
    if (!got.equals(want)) {
      const what = this.received.length === 0 ? 'nothing' : showBytes(this.received);
      const state = arrived ? (this.ended ? ', then FIN' : this.closed ? `, then the connection closed${this.errorCode ? ` (${this.errorCode})` : ''}` : '') : ` within ${timeoutMs / 1000} s`;
      fail({ expected: `${this.label} to receive ${showBytes(want)}`, got: `${what}${state}`, why });
    }
    this.received = this.received.subarray(want.length);
    this.log.add(`${this.label} received ${showBytes(want)}`);
  }

  async expectLine(text: string, options: { timeoutMs?: number; why?: string } = {}): Promise<void> {
    await this.expectBytes(`${text}\n`, options);
  }

  /**
   * The next line received, without its "\n". Fails when none arrives in time or the connection
   * ends first, saying what did arrive.
   */
  async nextLine({ timeoutMs = EVENT_TIMEOUT_MS, expected = 'a line', why = '' } = {}): Promise<string> {
    const found = await this.watch.until(() => {
      const newline = this.received.indexOf(0x0a);
      if (newline !== -1) return newline;
      return this.ended || this.closed ? -1 : undefined;
    }, timeoutMs);
    if (found === undefined || found === -1) {
      const unread = this.received.length > 0 ? `${showBytes(this.received)} and no "\n"` : 'nothing';
      const end = found === -1 ? `, then the connection ${this.ended ? 'ended (FIN)' : `closed${this.errorCode ? ` (${this.errorCode})` : ''}`}` : ` within ${timeoutMs / 1000} s`;
      fail({ expected: `${this.label} to receive ${expected}`, got: `${unread}${end}`, why });
    }
    const line = this.received.subarray(0, found).toString('utf8');
    this.received = this.received.subarray(found + 1);
    return line;
  }

  /** Exactly `count` raw bytes (the payload of a data frame), without logging each one. */
  async readBytes(count: number, { timeoutMs = EVENT_TIMEOUT_MS, why = '' } = {}): Promise<Buffer> {
    const ready = await this.watch.until(() => (this.received.length >= count ? true : this.ended || this.closed ? false : undefined), timeoutMs);
    if (!ready) {
      fail({ expected: `${this.label} to receive ${count} raw bytes`, got: `${this.received.length} bytes${ready === false ? ', then the connection ended' : ` within ${timeoutMs / 1000} s`}`, why });
    }
    const bytes = this.received.subarray(0, count);
    this.received = this.received.subarray(count);
    return bytes;
  }

  /** Sends bytes without a step in the story (file payloads: the data header is the step). */
  sendQuietly(bytes: Buffer): boolean {
    this.monitor?.observeSent(bytes);
    return this.socket.destroyed ? true : this.socket.write(bytes);
  }

  /** Resolves when the socket's send buffer has room again. */
  drained(): Promise<void> {
    return drained(this.socket);
  }

  /** Stops reading: the sender's writes back up (to test a receiver that is slow or busy). */
  pauseReading(): void {
    this.socket.pause();
  }

  /** Reads again after pauseReading(). */
  resumeReading(): void {
    this.log.add(`${this.label} reads again`);
    this.socket.resume();
  }

  /** Bytes received and not read yet. */
  get unreadBytes(): number {
    return this.received.length;
  }

  /** Records a step seen on this connection (used by the JSON layer above it). */
  record(text: string): void {
    this.log.add(text);
  }

  /** True once the other side has closed (FIN or reset) and every byte has been read. */
  get finished(): boolean {
    return (this.ended || this.closed) && this.received.length === 0;
  }

  /** Expects FIN with nothing more before it. */
  async expectEnd({ timeoutMs = EVENT_TIMEOUT_MS, why = '' } = {}): Promise<void> {
    const ended = await this.watch.until(() => (this.ended || this.closed ? true : undefined), timeoutMs);
    const expected = `${this.label} to receive FIN (the other side stops sending)`;
    if (!ended) fail({ expected, got: `the connection still open after ${timeoutMs / 1000} s${this.unread()}`, why });
    if (!this.ended) fail({ expected, got: `the connection was torn down instead${this.errorCode ? ` (${this.errorCode})` : ''}`, why });
    if (this.received.length > 0) fail({ expected, got: `more bytes first: ${showBytes(this.received)}`, why });
    this.log.add(`${this.label} received FIN`);
  }

  /** Expects the other side to close the connection (FIN or reset), whatever it sent before. */
  async expectClosedByPeer({ timeoutMs = EVENT_TIMEOUT_MS, why = '' } = {}): Promise<void> {
    const gone = await this.watch.until(() => (this.ended || this.closed ? true : undefined), timeoutMs);
    if (!gone) fail({ expected: `the other side to close the connection`, got: `still open after ${timeoutMs / 1000} s${this.unread()}`, why });
    this.log.add(`the other side closed the connection to ${this.label}`);
  }

  private unread(): string {
    return this.received.length > 0 ? `; unread bytes: ${showBytes(this.received)}` : '';
  }
}

/** A listening socket the grader owns, for checks where the student's program dials out. */
export class ScriptedServer {
  private readonly pending: net.Socket[] = [];
  private readonly accepted: net.Socket[] = [];

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    private readonly log: StepLog,
    private readonly watch: Watch,
    private readonly protocol?: ProtocolWatch,
  ) {
    server.on('connection', (socket) => {
      socket.setNoDelay(true);
      socket.on('error', () => {}); // reported through the ScriptedSocket once accepted
      this.pending.push(socket);
      this.accepted.push(socket);
      this.watch.changed();
    });
  }

  static async listen(log: StepLog, watch: Watch, protocol?: ProtocolWatch): Promise<ScriptedServer> {
    const server = net.createServer({ allowHalfOpen: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    log.add(`the grader listens on 127.0.0.1:${port}`);
    return new ScriptedServer(server, port, log, watch, protocol);
  }

  /** Waits for a connection; gives up at once if the program that should dial has exited. */
  async accept(label: string, { from, timeoutMs = EVENT_TIMEOUT_MS, why = '' }: { from?: StudentProgram; timeoutMs?: number; why?: string } = {}): Promise<ScriptedSocket> {
    const socket = await this.watch.until(() => this.pending.shift() ?? (from?.exit ? null : undefined), timeoutMs);
    if (!socket) {
      const got = socket === null ? `none: ${from?.label} exited first` : `none within ${timeoutMs / 1000} s`;
      fail({ expected: `a connection to 127.0.0.1:${this.port}`, got, why });
    }
    this.log.add(`${label} accepted a connection from ${socket.remoteAddress}:${socket.remotePort}`);
    return new ScriptedSocket(socket, label, this.log, this.watch, this.protocol);
  }

  close(): void {
    this.server.close();
    for (const socket of this.accepted) socket.destroy();
  }
}

/**
 * A port on 127.0.0.1 where nobody listens, for checks that dial one. It lies below the ephemeral
 * range (32768 and up on Linux, 49152 and up elsewhere), so no other program's listen(0) can take it
 * between this check and the dial, and no dial can pick it as its own source port and connect to
 * itself: both happen with a port of the ephemeral range, on a machine that runs many tests at once.
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries += 1) {
    const port = UNUSED_PORTS.from + Math.floor(Math.random() * (UNUSED_PORTS.to - UNUSED_PORTS.from));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port from ${UNUSED_PORTS.from} to ${UNUSED_PORTS.to} after 100 tries`);
}

/** Where freePort() looks: above the well-known and common fixed ports, below any ephemeral range. */
const UNUSED_PORTS = { from: 20_000, to: 30_000 };

function canListen(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
