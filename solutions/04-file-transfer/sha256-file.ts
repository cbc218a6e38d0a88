// The SHA-256 of a file, read as a stream: a 1 GiB file costs 64 KiB of memory, not 1 GiB.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** 64 lowercase hex digits, as the protocol writes a sha256. Rejects when the file cannot be read. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
