// Lab 04 starter: write a new file and hash it on the way (README step 1).

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

export class HashingFileWriter {
  private constructor(readonly path: string) {}

  /** Creates `path` exclusively (flag 'wx'): rejects if something is already there. */
  static async create(path: string): Promise<HashingFileWriter> {
    throw new Error(`TODO (README step 1): create ${path}`);
  }

  get bytes(): number {
    throw new Error('TODO (README step 1)');
  }

  /** The first error the disk gave while writing, if any (close() rejects with it). */
  get error(): Error | undefined {
    throw new Error('TODO (README step 1)');
  }

  /** Queues bytes for the disk and the hash, in order; false when the caller should wait for drained(). */
  write(bytes: Uint8Array): boolean {
    throw new Error(`TODO (README step 1): write ${bytes.length} bytes`);
  }

  drained(): Promise<void> {
    throw new Error('TODO (README step 1)');
  }

  /** Flushes and closes; resolves with what was written (size and SHA-256). */
  async close(): Promise<WrittenFile> {
    throw new Error('TODO (README step 1)');
  }

  /** Closes and deletes the file; never throws. */
  async discard(): Promise<void> {
    throw new Error('TODO (README step 1)');
  }
}
