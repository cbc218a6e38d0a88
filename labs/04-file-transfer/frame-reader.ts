// Lab 04 starter: lines, and raw bytes after a data header (README step 1).
import type { Frame, FrameSplitter } from '#kit/peer/frames.ts';

/** A data header that cannot be trusted: the stream cannot be followed any further. */
export class BadDataHeaderError extends Error {
  override readonly name = 'BadDataHeaderError';
}

export class FrameReader implements FrameSplitter {
  /**
   * Returns the frames this chunk completes. Lines as in Lab 01 (with the MAX_LINE_BYTES limit:
   * throw LineTooLongError); but after a line {"type":"data","xfer":…,"len":N}, the next N bytes are
   * raw: hand them on as { kind: 'data', xfer, bytes } as they arrive, never as lines, then go back to
   * lines. A data header without a valid xfer and len (1 to MAX_DATA_CHUNK): throw BadDataHeaderError.
   */
  push(chunk: Buffer): Frame[] {
    throw new Error(`TODO (README step 1): frame ${chunk.length} bytes`);
  }
}
