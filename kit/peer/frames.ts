// What arrives on a direct connection: JSON lines, and (from Lab 04 on) raw bytes after a data
// header. Lab 03 reads lines only, with the student's Lab 01 decoder; Lab 04 supplies a splitter that
// also knows data frames.
import type { LineSplitter } from '../tracker/tracker-client.ts';

export type Frame = { kind: 'line'; text: string } | { kind: 'data'; xfer: string; bytes: Buffer };

export interface FrameSplitter {
  /**
   * The frames this chunk completes (a data frame's bytes may come in several pieces). Throws
   * LineTooLongError for an over-long line, and an Error for a data header it cannot follow; that
   * error may carry the header as `line`, so the answer can name the bad field and echo the id.
   */
  push(chunk: Buffer): Frame[];
}

export class LinesOnly implements FrameSplitter {
  constructor(private readonly decoder: LineSplitter) {}

  push(chunk: Buffer): Frame[] {
    return this.decoder.push(chunk).map((text) => ({ kind: 'line', text }));
  }
}
