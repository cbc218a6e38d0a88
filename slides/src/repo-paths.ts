// Where things are. Markers name files relative to the repository root (code) or to slides/
// (diagrams), so decks read the same from anywhere and a path cannot quietly depend on the cwd.
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SLIDES_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = resolve(SLIDES_DIR, '..');
export const DECKS_DIR = resolve(SLIDES_DIR, 'decks');
export const DEFAULT_OUT_DIR = resolve(SLIDES_DIR, 'dist');

/** A path inside `base` for a marker's relative path; undefined when it would leave `base`. */
export function resolveInside(base: string, path: string): string | undefined {
  if (isAbsolute(path)) return undefined;
  const full = resolve(base, path);
  const rel = relative(base, full);
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : full;
}

/** How a file is named in messages: relative to the repository when it is inside it. */
export function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel.split('\\').join('/');
}
