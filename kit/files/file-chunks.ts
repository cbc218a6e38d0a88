// Reads a file as a sequence of equal pieces (the last one shorter), streaming: only one read-ahead
// buffer is in memory however big the file is. A sender numbers the pieces; this module only cuts.
import { open } from 'node:fs/promises';

// One read from disk feeds many pieces: fewer system calls than one read per piece.
const READ_BYTES = 64 * 1024;

/** Pieces of `pieceBytes` bytes, in file order; the last piece holds the rest (none for an empty file). */
export async function* fileChunks(path: string, pieceBytes: number): AsyncGenerator<Buffer, void, undefined> {
  if (!Number.isInteger(pieceBytes) || pieceBytes < 1) throw new RangeError(`pieceBytes must be a positive integer, got ${pieceBytes}`);
  const handle = await open(path, 'r');
  try {
    const readBytes = Math.max(pieceBytes, Math.floor(READ_BYTES / pieceBytes) * pieceBytes);
    let carry: Buffer = Buffer.alloc(0);
    for (;;) {
      // A fresh buffer per read: the pieces handed out are views into it and must stay valid.
      const buffer = Buffer.allocUnsafe(readBytes);
      const { bytesRead } = await handle.read(buffer, 0, readBytes, null);
      if (bytesRead === 0) break;
      let data = buffer.subarray(0, bytesRead);
      if (carry.length > 0) {
        data = Buffer.concat([carry, data]);
        carry = Buffer.alloc(0);
      }
      let offset = 0;
      for (; offset + pieceBytes <= data.length; offset += pieceBytes) yield data.subarray(offset, offset + pieceBytes);
      carry = data.subarray(offset);
    }
    if (carry.length > 0) yield carry;
  } finally {
    await handle.close();
  }
}
