// Lab 04 starter: the files a peer shares (README step 4).
import type { SharedFile } from '#kit/protocol/messages.ts';

export interface LocalFile extends SharedFile {
  path: string;
}

/** The regular files directly inside `dir` with safe names, sorted, each with its size and SHA-256. */
export async function readSharedFolder(dir: string | undefined): Promise<LocalFile[]> {
  throw new Error(`TODO (README step 4): read the shared folder ${dir}`);
}
