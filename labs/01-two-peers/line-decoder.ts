// Lab 01 starter: turns a TCP byte stream into lines (README steps 4, 5 and 7).
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { LineTooLongError } from '#kit/protocol/line-too-long-error.ts';

export { LineTooLongError };

export class LineDecoder {
  constructor(private readonly maxLineBytes: number = MAX_LINE_BYTES) {}

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
