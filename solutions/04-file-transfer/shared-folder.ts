// The files a peer offers to everyone: regular files directly inside --shared, with names that are
// safe anywhere, hashed once so that downloaders can verify what they get.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_SHARED_FILES } from '#kit/protocol/limits.ts';
import { isSafeFileName, type SharedFile } from '#kit/protocol/messages.ts';
import { sha256OfFile } from './sha256-file.ts';

export interface LocalFile extends SharedFile {
  path: string;
}

export async function readSharedFolder(dir: string | undefined): Promise<LocalFile[]> {
  if (!dir) return [];
  const names = (await readdir(dir).catch(() => [] as string[])).filter(isSafeFileName).sort();
  const files: LocalFile[] = [];
  for (const name of names) {
    if (files.length === MAX_SHARED_FILES) break;
    const path = join(dir, name);
    // lstat: a symbolic link is not followed, so nothing outside the folder can be shared by accident.
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    files.push({ name, size: info.size, sha256: await sha256OfFile(path), path });
  }
  return files;
}
