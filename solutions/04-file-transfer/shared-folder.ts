// The files a peer offers to everyone: regular files directly inside --shared, with names that are
// safe anywhere, hashed once so that downloaders can verify what they get.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_SHARED_FILES } from '#kit/protocol/limits.ts';
import { isSafeFileName, type SharedFile } from '#kit/protocol/messages.ts';
import { sha256OfFile } from './sha256-file.ts';

export interface LocalFile extends SharedFile {
  path: string;
}

export async function readSharedFolder(dir: string | undefined): Promise<LocalFile[]> {
  if (!dir) return [];
  const names = (await readdir(dir).catch(() => [] as string[])).filter(isSafeFileName).sort().slice(0, MAX_SHARED_FILES);
  const files: LocalFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    files.push({ name, size: info.size, sha256: await sha256OfFile(path), path });
  }
  return files;
}
