// Gives a finished temporary file its final name without ever overwriting anything: "notes.txt" if it
// is free, else "notes-1.txt", "notes-2.txt", … (docs/PROTOCOL.md §5.6). A hard link either creates
// the name or fails because it exists, so two receivers cannot pick the same name at once.
import { link, rename, stat, unlink } from 'node:fs/promises';
import { extname, join } from 'node:path';

const MAX_TRIES = 10_000;

/** Moves `tempPath` to the first free name for `name` in `dir` and returns that path. */
export async function publishWithoutOverwrite(tempPath: string, dir: string, name: string): Promise<string> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
    const candidate = join(dir, numberedName(name, attempt));
    try {
      await link(tempPath, candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
      // A file system without hard links: check, then rename (a small race, but no overwrite we can see).
      if (await exists(candidate)) continue;
      await rename(tempPath, candidate);
      return candidate;
    }
    await unlink(tempPath);
    return candidate;
  }
  throw new Error(`no free name for ${name} in ${dir} after ${MAX_TRIES} tries`);
}

/** "notes.txt", 2 → "notes-2.txt"; a name without extension (or a dot file) gets the number at the end. */
export function numberedName(name: string, number: number): string {
  if (number === 0) return name;
  const extension = extname(name); // "" for "README" and for ".bashrc"
  return `${name.slice(0, name.length - extension.length)}-${number}${extension}`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
