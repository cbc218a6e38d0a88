// Where a lab's pristine starter comes from, in a git clone of the full kit and in a student edition
// alike. A student edition carries a manifest of git blob ids, written when it was made; the full kit
// uses the starter as committed (HEAD). Either way the content is fetched from git history, so no copy
// of a starter is kept under another name.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, isGitTopLevel } from './git.ts';
import { blobIdsOf, listFiles } from './lab-files.ts';

/** Written into every student edition: each lab's starter files, by git blob id. */
export const STARTER_MANIFEST = 'grader/starter-manifest.json';

export interface StarterManifest {
  $comment?: string;
  /** Lab folder name → path inside it → git blob id. */
  labs: Record<string, Record<string, string>>;
}

export interface Starters {
  /** Where the starters come from, for messages: "grader/starter-manifest.json" or "git HEAD". */
  origin: string;
  /** Path inside the lab folder → git blob id of the starter's file; undefined when unknown. */
  filesOf(slug: string): Map<string, string> | undefined;
}

/** The kit's starters, or undefined when neither a manifest nor a git checkout knows them. */
export function loadStarters(kitRoot: string): Starters | undefined {
  const manifestPath = join(kitRoot, STARTER_MANIFEST);
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as StarterManifest;
    return {
      origin: STARTER_MANIFEST,
      filesOf: (slug) => {
        const files = manifest.labs[slug];
        return files ? new Map(Object.entries(files)) : undefined;
      },
    };
  }
  if (!isGitTopLevel(kitRoot)) return undefined;
  const byLab = committedLabFiles(kitRoot);
  return byLab && { origin: 'git HEAD', filesOf: (slug) => byLab.get(slug) };
}

// `git ls-tree -r -z HEAD -- labs` prints "<mode> blob <id>\t<path>\0" for every committed file.
function committedLabFiles(kitRoot: string): Map<string, Map<string, string>> | undefined {
  const run = git(kitRoot, ['ls-tree', '-r', '-z', 'HEAD', '--', 'labs']);
  if (!run.ok) return undefined;
  const byLab = new Map<string, Map<string, string>>();
  for (const record of run.stdout.toString('utf8').split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\tlabs\/([^/]+)\/(.+)$/.exec(record);
    if (!match) continue;
    const [, blob = '', slug = '', path = ''] = match;
    if (!byLab.has(slug)) byLab.set(slug, new Map());
    byLab.get(slug)!.set(path, blob);
  }
  return byLab;
}

/** True when the folder holds exactly the starter's files with the starter's content. */
export function isUntouchedStarter(labDir: string, starter: Map<string, string>): boolean {
  const files = listFiles(labDir);
  if (files.length !== starter.size) return false;
  return files.every((path) => {
    const wanted = starter.get(path);
    return wanted !== undefined && blobIdsOf(readFileSync(join(labDir, path))).includes(wanted);
  });
}

/** A starter file's content, from the kit's git objects. */
export function readStarterFile(kitRoot: string, blob: string, shownPath: string): Buffer {
  const run = git(kitRoot, ['cat-file', 'blob', blob]);
  if (!run.ok) {
    throw new Error(`cannot find the starter of ${shownPath} in this folder's git history (${blob.slice(0, 10)}): reset needs the repository the kit was cloned from`);
  }
  return run.stdout;
}
