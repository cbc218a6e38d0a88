// Turns a TCP byte stream into lines. TCP keeps the order of bytes but not the boundaries of the
// writes that produced them, so one chunk can hold half a line, or several.
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { LineTooLongError } from '#kit/protocol/line-too-long-error.ts';

export { LineTooLongError };

export class LineDecoder {
  // The bytes of the line still being received, kept as pieces so each chunk is copied only once.
  private pieces: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLineBytes: number = MAX_LINE_BYTES) {}

  /** Bytes received after the last "\n": a line that is not finished yet. */
  get pending(): number {
    return this.pendingBytes;
  }

  // #region push
  /** Takes the next chunk and returns every line it completes, without their "\n". */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    // 0x0A never occurs inside a multi-byte UTF-8 character, so splitting bytes here is safe and a
    // character cut across two chunks is whole again before it is decoded.
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      this.keep(chunk.subarray(start, newline));
      lines.push(this.takeLine());
      start = newline + 1;
    }
    this.keep(chunk.subarray(start));
    return lines;
  }
  // #endregion push

  // #region limit
  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    // Refuse before storing: the limit is what keeps a peer from filling our memory.
    if (this.pendingBytes + bytes.length > this.maxLineBytes) throw new LineTooLongError(this.maxLineBytes);
    this.pieces.push(bytes);
    this.pendingBytes += bytes.length;
  }
  // #endregion limit

  private takeLine(): string {
    const line = Buffer.concat(this.pieces, this.pendingBytes).toString('utf8');
    this.pieces = [];
    this.pendingBytes = 0;
    return line;
  }
}
