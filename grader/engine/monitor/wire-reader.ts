// Cuts one direction of a JSON-lines connection into lines and data-frame payloads the way a receiver
// must (docs/PROTOCOL.md §2, §2.3), so the monitor sees every message whatever the check reads.
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';

export interface WireReaderHandlers {
  /** A complete line without its "\n"; returns how many raw payload bytes follow it (a data frame). */
  line(bytes: Buffer): number;
  /** More than MAX_LINE_BYTES without a "\n": the stream cannot be followed further. */
  overlong(first: Buffer): void;
}

export class WireReader {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private payloadLeft = 0;
  private lost = false;

  constructor(private readonly handlers: WireReaderHandlers) {}

  feed(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0 && !this.lost) {
      if (this.payloadLeft > 0) {
        const skipped = Math.min(this.payloadLeft, rest.length);
        this.payloadLeft -= skipped;
        rest = rest.subarray(skipped);
        continue;
      }
      const newline = rest.indexOf(0x0a);
      if (newline === -1) {
        this.buffered.push(rest);
        this.bufferedBytes += rest.length;
        if (this.bufferedBytes > MAX_LINE_BYTES) this.giveUp();
        return;
      }
      const line = Buffer.concat([...this.buffered, rest.subarray(0, newline)]);
      this.buffered = [];
      this.bufferedBytes = 0;
      rest = rest.subarray(newline + 1);
      if (line.length > MAX_LINE_BYTES) {
        this.giveUp(line);
        return;
      }
      this.payloadLeft = this.handlers.line(line);
    }
  }

  /** Stops following the stream (after an over-long line, or a data header it cannot trust). */
  stop(): void {
    this.lost = true;
  }

  private giveUp(line?: Buffer): void {
    const first = line ?? Buffer.concat(this.buffered);
    this.lost = true;
    this.buffered = [];
    this.handlers.overlong(first.subarray(0, 200));
  }
}
