// A JSON-lines connection between two peers: frames in, validated messages out, errors answered.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { PeerLink } from './peer-feature.ts';
import { LineTooLongError } from '../protocol/line-too-long-error.ts';
import { encode, isBlankLine, parseLine, type PeerToPeerMessage } from '../protocol/messages.ts';
import { echoOfLine } from '../protocol/replies.ts';
import type { FrameSplitter } from './frames.ts';
import { drained } from '../files/drained.ts';

export interface DirectLinkEvents {
  message: [PeerToPeerMessage];
  /** A line that is not valid protocol arrived (it was answered with an error). */
  invalid: [string];
  data: [string, Buffer];
  /** The connection ended; `clean` when a bye came first. */
  closed: [{ clean: boolean; reason: string }];
}

export class DirectLink extends EventEmitter<DirectLinkEvents> implements PeerLink {
  readonly remote: string;
  private byeSeen = false;
  private isClosed = false;

  constructor(
    readonly socket: Socket,
    private readonly splitter: FrameSplitter,
  ) {
    super();
    this.remote = `${socket.remoteAddress?.replace(/^::ffff:/, '')}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // A socket handed over paused (Lab 06: read up to relay_paired, the rest put back) flows again.
    socket.resume();
    socket.on('error', () => {}); // reported through 'close'
    socket.on('close', (hadError) => this.finish(hadError ? 'the connection was reset' : 'the connection closed'));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  send(message: PeerToPeerMessage): void {
    if (message.type === 'bye') this.byeSeen = true;
    if (this.socket.writable) this.socket.write(encode(message));
  }

  sendBytes(bytes: Buffer): boolean {
    return this.socket.writable ? this.socket.write(bytes) : true;
  }

  drained(): Promise<void> {
    return drained(this.socket);
  }

  /** Resolves with the next message, or undefined if none comes in time or the link closes. */
  nextMessage(timeoutMs: number): Promise<PeerToPeerMessage | undefined> {
    return new Promise((resolve) => {
      const done = (message: PeerToPeerMessage | undefined) => {
        clearTimeout(timer);
        this.off('message', done);
        this.off('closed', gone);
        resolve(message);
      };
      const gone = () => done(undefined);
      const timer = setTimeout(gone, timeoutMs);
      this.on('message', done);
      this.on('closed', gone);
    });
  }

  close(): void {
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1_000).unref();
  }

  private receive(chunk: Buffer): void {
    let frames;
    try {
      frames = this.splitter.push(chunk);
    } catch (error) {
      // Either way the stream cannot be followed any further: say why, then close.
      if (error instanceof LineTooLongError) this.send({ type: 'error', code: 'FRAME_TOO_LARGE', message: error.message });
      else this.send(badDataHeader(error));
      this.socket.pause();
      return this.close();
    }
    for (const frame of frames) {
      if (this.isClosed) return;
      if (frame.kind === 'data') {
        this.emit('data', frame.xfer, frame.bytes);
        continue;
      }
      if (isBlankLine(frame.text)) continue;
      const parsed = parseLine(frame.text, 'peer-to-peer');
      if (!parsed.ok) {
        const echo = echoOfLine(frame.text);
        // PROTOCOL §2.4: an error is never answered with an error, even a broken one.
        if (echo.re !== 'error') this.send({ type: 'error', code: parsed.code, message: parsed.message, ...echo, ...(parsed.field ? { field: parsed.field } : {}) });
        this.emit('invalid', parsed.code);
        continue;
      }
      if (parsed.message.type === 'bye') this.byeSeen = true;
      this.emit('message', parsed.message);
    }
  }

  private finish(reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.emit('closed', { clean: this.byeSeen, reason });
  }
}

/** The answer to a data header the splitter could not follow: BAD_MESSAGE about `data` (frames.ts). */
function badDataHeader(error: unknown): PeerToPeerMessage {
  const message = (error as Error).message;
  const line = (error as { line?: unknown }).line;
  if (typeof line !== 'string') return { type: 'error', code: 'BAD_MESSAGE', message, re: 'data', field: 'len' };
  const problem = parseLine(line, 'peer-to-peer');
  return { type: 'error', code: 'BAD_MESSAGE', message, ...echoOfLine(line), field: problem.ok ? 'len' : (problem.field ?? 'len') };
}
