// Cuts a direct connection's bytes into frames: JSON lines, and after a data header, exactly `len`
// raw bytes that are handed on as they arrive (never buffered whole) and never read as lines.
import type { Frame, FrameSplitter } from '#kit/peer/frames.ts';
import { LineTooLongError } from '#kit/protocol/line-too-long-error.ts';
import { MAX_DATA_CHUNK, MAX_LINE_BYTES } from '#kit/protocol/limits.ts';

/** A data header that cannot be trusted: the stream cannot be followed any further. */
export class BadDataHeaderError extends Error {
  override readonly name = 'BadDataHeaderError';
}

export class FrameReader implements FrameSplitter {
  private lineParts: Buffer[] = [];
  private lineBytes = 0;
  // While > 0, the next bytes belong to this transfer's data frame.
  private rawLeft = 0;
  private rawXfer = '';

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let at = 0;
    // #region raw-bytes
    while (at < chunk.length) {
      if (this.rawLeft > 0) {
        const take = Math.min(this.rawLeft, chunk.length - at);
        frames.push({ kind: 'data', xfer: this.rawXfer, bytes: chunk.subarray(at, at + take) });
        this.rawLeft -= take;
        at += take;
        continue;
      }
      const newline = chunk.indexOf(0x0a, at);
      const end = newline === -1 ? chunk.length : newline;
      if (this.lineBytes + (end - at) > MAX_LINE_BYTES) throw new LineTooLongError(MAX_LINE_BYTES);
      this.lineParts.push(chunk.subarray(at, end));
      this.lineBytes += end - at;
      at = end;
      if (newline === -1) break;
      at += 1;
      const text = Buffer.concat(this.lineParts, this.lineBytes).toString('utf8');
      this.lineParts = [];
      this.lineBytes = 0;
      frames.push({ kind: 'line', text });
      this.startDataIfHeader(text);
    }
    // #endregion raw-bytes
    return frames;
  }

  // A data header switches the reader to raw bytes right after its "\n".
  private startDataIfHeader(text: string): void {
    if (!text.includes('"data"')) return; // cheap filter before parsing
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    const header = value as { type?: unknown; xfer?: unknown; len?: unknown };
    if (header?.type !== 'data') return;
    const len = header.len;
    if (typeof header.xfer !== 'string' || !Number.isInteger(len) || (len as number) < 1 || (len as number) > MAX_DATA_CHUNK) {
      // The header goes with the error, so the answer can name the bad field and echo the header's id.
      const error = new BadDataHeaderError(`a data header without a valid xfer and len (1–${MAX_DATA_CHUNK}): the bytes that follow cannot be framed`);
      throw Object.assign(error, { line: text });
    }
    this.rawXfer = header.xfer;
    this.rawLeft = len as number;
  }
}
