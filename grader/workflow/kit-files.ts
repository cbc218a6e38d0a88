// The files that make up a copy of the kit: what git tracks plus new files it does not ignore, so
// node_modules, .work/ and data never travel. Outside a git checkout, a walk that skips the same.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { git, isGitTopLevel } from './git.ts';

const NEVER_COPIED = new Set(['.git', 'node_modules', '.work', 'data']);

/** Kit-relative paths with "/" separators, sorted. */
export function listKitFiles(kitRoot: string): string[] {
  if (isGitTopLevel(kitRoot)) {
    const run = git(kitRoot, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    if (run.ok) {
      const paths = run.stdout.toString('utf8').split('\0').filter(Boolean);
      // A file deleted but not yet committed is still listed as cached.
      // node_modules can be a symlink, which a folder-only ignore rule does not catch.
      return [...new Set(paths)].filter((path) => !NEVER_COPIED.has(path.split('/')[0] ?? '') && existsSync(join(kitRoot, path))).sort();
    }
  }
  const files: string[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (NEVER_COPIED.has(entry.name) || entry.name.endsWith('.log')) continue;
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) files.push(`${prefix}${entry.name}`);
    }
  };
  walk(kitRoot, '');
  return files.sort();
}
