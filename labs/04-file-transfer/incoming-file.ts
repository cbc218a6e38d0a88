// Lab 04 starter: one file being received (README steps 1 and 2).

export type Finished = { ok: true; path: string; sha256: string } | { ok: false; code: 'HASH_MISMATCH' | 'DISK_ERROR'; message: string };

/**
 * Bytes go to a temporary file in `dir` (named after the transfer, not after the received name), and
 * only a complete file with the announced SHA-256 gets its final name (publishWithoutOverwrite).
 */
export class IncomingFile {
  private constructor(
    readonly name: string,
    readonly size: number,
    readonly sha256: string,
  ) {}

  static async create(dir: string, name: string, xfer: string, size: number, sha256: string): Promise<IncomingFile> {
    throw new Error(`TODO (README step 1): receive ${name} (${size} bytes, xfer ${xfer}, ${sha256}) into ${dir}`);
  }

  get received(): number {
    throw new Error('TODO (README step 1)');
  }

  get complete(): boolean {
    throw new Error('TODO (README step 1)');
  }

  /** Takes bytes; 'too-much' past the announced size, 'wait' when the disk is behind. */
  write(bytes: Buffer): 'ok' | 'wait' | 'too-much' {
    throw new Error(`TODO (README step 1): ${bytes.length} bytes`);
  }

  drained(): Promise<void> {
    throw new Error('TODO (README step 1)');
  }

  /** Verifies and publishes; a mismatch or a disk error leaves no file. */
  async finish(): Promise<Finished> {
    throw new Error('TODO (README step 1)');
  }

  abort(): Promise<void> {
    throw new Error('TODO (README step 1)');
  }
}
