// Lab 01 starter: turns a TCP byte stream into lines (README steps 4, 5 and 7).
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { LineTooLongError } from '#kit/protocol/line-too-long-error.ts';

export { LineTooLongError };

export class LineDecoder {
  constructor(private readonly maxLineBytes: number = MAX_LINE_BYTES) {}

  /** Bytes received after the last "\n": a line that is not finished yet. */
  get pending(): number {
    // TODO (step 4): how many bytes you keep for the next chunk (0 right after a "\n"). Lab 02's
    //   tracker uses it to notice a line that takes too long to arrive.
    throw new Error('TODO (README step 4): count the bytes of the unfinished line');
  }

  /** Takes the next chunk and returns every line it completes, without their "\n". */
  push(chunk: Buffer): string[] {
    // TODO (step 4): keep what comes after the last "\n" for the next chunk.
    // TODO (step 5): split the bytes before decoding them as UTF-8.
    // TODO (step 7): throw new LineTooLongError(this.maxLineBytes) when an unfinished line would
    //   grow past this.maxLineBytes bytes.
    void LineTooLongError;
    throw new Error(`TODO (README step 4): split ${chunk.length} bytes into lines`);
  }
}
