// One file being received: bytes go to a temporary file next to the downloads, and only a complete
// file with the announced SHA-256 gets its final name. A failed transfer leaves nothing that looks done.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { makeFolder } from '#kit/files/make-folder.ts';
import { HashingFileWriter } from './hashing-file-writer.ts';
import { publishWithoutOverwrite } from './publish-file.ts';

export type Finished = { ok: true; path: string; sha256: string } | { ok: false; code: 'HASH_MISMATCH' | 'DISK_ERROR'; message: string };

export class IncomingFile {
  private constructor(
    private readonly writer: HashingFileWriter,
    private readonly dir: string,
    readonly name: string,
    readonly size: number,
    readonly sha256: string,
  ) {}

  /** Creates the temporary file; rejects when the folder cannot be written. */
  static async create(dir: string, name: string, xfer: string, size: number, sha256: string): Promise<IncomingFile> {
    makeFolder(dir);
    // Named after the transfer only: a dot-name no offer can produce (safe names never start with a
    // dot), independent of what the sender chose to call the file, and with random bytes, because the
    // sender chooses xfer and two sessions (or a hostile peer) may use the same one.
    const temp = join(dir, `.${xfer}-${randomBytes(6).toString('hex')}.part`);
    return new IncomingFile(await HashingFileWriter.create(temp), dir, name, size, sha256);
  }

  get received(): number {
    return this.writer.bytes;
  }

  get complete(): boolean {
    return this.writer.bytes === this.size;
  }

  /** Takes bytes; 'too-much' when they go past the announced size, 'wait' when the disk is behind. */
  write(bytes: Buffer): 'ok' | 'wait' | 'too-much' {
    if (this.writer.bytes + bytes.length > this.size) return 'too-much';
    return this.writer.write(bytes) ? 'ok' : 'wait';
  }

  drained(): Promise<void> {
    return this.writer.drained();
  }

  // #region finish
  /** Verifies and publishes under a free final name; a mismatch or a disk error leaves no file. */
  async finish(): Promise<Finished> {
    let written;
    try {
      written = await this.writer.close();
    } catch (error) {
      await this.writer.discard();
      return { ok: false, code: 'DISK_ERROR', message: `cannot write ${this.name}: ${(error as Error).message}` };
    }
    if (written.sha256 !== this.sha256) {
      await this.writer.discard();
      return { ok: false, code: 'HASH_MISMATCH', message: `${this.name} arrived with SHA-256 ${written.sha256}, not the announced ${this.sha256}` };
    }
    try {
      return { ok: true, path: await publishWithoutOverwrite(this.writer.path, this.dir, this.name), sha256: written.sha256 };
    } catch (error) {
      await this.writer.discard();
      return { ok: false, code: 'DISK_ERROR', message: `cannot save ${this.name}: ${(error as Error).message}` };
    }
  }
  // #endregion finish

  abort(): Promise<void> {
    return this.writer.discard();
  }
}
