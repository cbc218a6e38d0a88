// Lines for one connection, gathered and written once per turn of the event loop. A tracker that
// pushes one presence line to every peer for every login makes one write(2) per line otherwise: with
// thousands online and many logins finishing together, the kernel calls, not the JSON, become the
// cost, and every receiver pays one read per line too. Gathered, each connection gets one write per
// turn however many lines it was sent in that turn (an IRC server does the same: it flushes each
// client's buffer once per pass of its loop). Order is kept: lines leave in the order they were added.
import type { Socket } from 'node:net';

/** Bytes gathered after which the batch is written at once instead of at the end of the turn. */
export const LINE_BATCH_FLUSH_BYTES = 64 * 1024;

/**
 * SIC_UNBATCHED=1 writes every line at once, as before batching: only bench/write-coalescing.ts sets
 * it, for the baseline it measures in the same run.
 */
export const UNBATCHED_ENV = 'SIC_UNBATCHED';
const unbatched = process.env[UNBATCHED_ENV] === '1';

export class LineBatch {
  private parts: string[] = [];
  private bytes = 0;
  private scheduled = false;

  /** `written` runs after each write (where the caller checks the socket's buffer: backpressure). */
  constructor(
    private readonly socket: Socket,
    private readonly written: () => void = () => {},
  ) {}

  /** Bytes added and not handed to the socket yet. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** A whole line, "\n" included. */
  add(line: string): void {
    this.parts.push(line);
    this.bytes += line.length;
    if (this.bytes >= LINE_BATCH_FLUSH_BYTES || unbatched) return this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Hands everything gathered to the socket now (before an end(), say). */
  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.bytes = 0;
    if (this.socket.destroyed || !this.socket.writable) return;
    this.socket.write(text);
    this.written();
  }
}
