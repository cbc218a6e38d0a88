// Writes a new file as a stream and hashes the bytes on their way to disk, so verifying a received
// file needs no second read. It never opens an existing file (exclusive creation), and it tells the
// caller when the disk is behind, so a fast sender cannot fill our memory.
import { createHash } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';

const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

export class HashingFileWriter {
  private readonly hash = createHash('sha256');
  private written = 0;
  private failure: Error | undefined;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => (this.failure ??= error));
  }

  /** Creates `path`; rejects (EEXIST) if something is already there. */
  static async create(path: string): Promise<HashingFileWriter> {
    const handle = await open(path, 'wx');
    // A buffer of a few frames: large enough that the socket is not paused for every frame, small
    // enough that memory stays flat however big the file is.
    return new HashingFileWriter(path, handle.createWriteStream({ highWaterMark: WRITE_BUFFER_BYTES }));
  }

  get bytes(): number {
    return this.written;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  /** Queues bytes for the disk, in order; false when the caller should wait for drained(). */
  write(bytes: Uint8Array): boolean {
    if (this.failure) return true;
    this.hash.update(bytes);
    this.written += bytes.length;
    return this.stream.write(bytes);
  }

  drained(): Promise<void> {
    if (!this.stream.writableNeedDrain || this.failure) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      this.stream.on('drain', done).on('close', done).on('error', done);
    });
  }

  /** Flushes to disk and closes; resolves with what was written, rejects on any write error. */
  async close(): Promise<WrittenFile> {
    // A write that fails during end() (EFBIG, ENOSPC on the last buffered bytes) reaches end's callback
    // before the 'error' event: take it from there, or a truncated file would pass as complete.
    await new Promise<void>((resolve) =>
      this.stream.end((error?: Error | null) => {
        if (error) this.failure ??= error;
        resolve();
      }),
    );
    if (this.failure) throw this.failure;
    return { bytes: this.written, sha256: this.hash.digest('hex') };
  }

  /** Closes and deletes the file; never throws. */
  async discard(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.stream.closed) return resolve();
      this.stream.once('close', () => resolve());
      this.stream.destroy();
    });
    await rm(this.path, { force: true }).catch(() => {});
  }
}
