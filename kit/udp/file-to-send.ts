// What a UDP sender must check about its file before the first datagram, and the errors it reports
// when the file cannot be sent (docs/PROTOCOL.md §9.5). Not part of the lesson, so the sender's
// program shell (sender-program.ts) does it; hashing the file is the lab's own sha256-file.ts.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isSafeFileName } from '../protocol/messages.ts';
import { UDP_MAX_FILE_SIZE } from '../protocol/udp-packet.ts';

export type FileToSend =
  | { ok: true; path: string; name: string; size: number }
  | { ok: false; code: 'BAD_NAME' | 'DISK_ERROR' | 'TOO_LARGE'; message: string };

/** Checks the name, type and size of the file at `path`. */
export async function inspectFileToSend(path: string): Promise<FileToSend> {
  const name = basename(path);
  if (!isSafeFileName(name)) return { ok: false, code: 'BAD_NAME', message: `${JSON.stringify(name)} is not a safe file name to send (docs/PROTOCOL.md §1)` };
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, code: 'DISK_ERROR', message: `${path} is not a regular file` };
    if (info.size > UDP_MAX_FILE_SIZE) return { ok: false, code: 'TOO_LARGE', message: `${path} is larger than one UDP transfer can carry` };
    return { ok: true, path, name, size: info.size };
  } catch (error) {
    return { ok: false, code: 'DISK_ERROR', message: `cannot read ${path}: ${(error as Error).message}` };
  }
}
