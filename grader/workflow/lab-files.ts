// The files of a folder and git's id of each, so a lab can be compared with its starter without
// keeping a copy of the starter anywhere: the ids are the ones git stores the starter under.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Files an operating system or editor drops into folders; they never make a lab "started".
const NOISE = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** Every file under `dir`, relative to it with "/" separators, sorted; empty when there is no dir. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (NOISE.has(entry.name) || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) files.push(`${prefix}${entry.name}`);
    }
  };
  walk(dir, '');
  return files.sort();
}

/** The id `git hash-object` gives this content, so it can be looked up in a repository's history. */
export function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** The ids a file may match: as it is, and with Windows line ends undone (git may add them on checkout). */
export function blobIdsOf(content: Buffer): string[] {
  const ids = [gitBlobId(content)];
  if (content.includes('\r\n')) ids.push(gitBlobId(Buffer.from(content.toString('latin1').replaceAll('\r\n', '\n'), 'latin1')));
  return ids;
}

/** Path → blob id of every file under `dir`. */
export function blobIdsOfFolder(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((path) => [path, gitBlobId(readFileSync(join(dir, path)))]));
}

/** One hash of every file's path and content under `dir`: changes whenever anything in it does. */
export function folderFingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const path of listFiles(dir)) hash.update(path).update('\0').update(readFileSync(join(dir, path))).update('\0');
  return hash.digest('hex');
}
