// Creating a folder and its missing parents. Node's own `mkdir(path, { recursive: true })` never
// returns where the kernel refuses to create a folder whose parent exists (anywhere under /proc, for
// one): it takes the refusal for a missing parent and tries again forever. This walks up the path once,
// so a bad --db, --downloads or --out path ends in a clear error instead of a hung program. It is
// synchronous on purpose: a few stat calls, once per program or transfer, not worth a callback chain.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Creates `path` and any missing parents; throws ENOTDIR, EACCES, ENOENT… when it cannot. */
export function makeFolder(path: string): void {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    const info = statOrUndefined(at);
    if (info && !info.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: 'ENOTDIR', path: at });
    if (info || dirname(at) === at) break;
    missing.push(at);
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // made meanwhile by another program: fine
    }
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
