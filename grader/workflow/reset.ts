// Putting a lab back to its starter: the student's version is copied to a backup first, then every
// starter file is restored and every file the student added is removed, so the folder is exactly the
// starter again.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { blobIdsOf, listFiles } from './lab-files.ts';
import { readStarterFile } from './starters.ts';

export interface ResetPlan {
  slug: string;
  labDir: string;
  /** Path inside the lab → git blob id of the starter's version. */
  starter: Map<string, string>;
  /** Starter files whose content the student changed. */
  changed: string[];
  /** Files the student added: removed by the reset (kept in the backup). */
  added: string[];
  /** Starter files that are gone: brought back. */
  missing: string[];
}

export const BACKUPS_DIR = '.work/backups';

export function planReset(labDir: string, slug: string, starter: Map<string, string>): ResetPlan {
  const present = listFiles(labDir);
  const changed = present.filter((path) => {
    const wanted = starter.get(path);
    return wanted !== undefined && !blobIdsOf(readFileSync(join(labDir, path))).includes(wanted);
  });
  const added = present.filter((path) => !starter.has(path));
  const missing = [...starter.keys()].filter((path) => !present.includes(path)).sort();
  return { slug, labDir, starter, changed, added, missing };
}

export function isAlreadyStarter(plan: ResetPlan): boolean {
  return plan.changed.length + plan.added.length + plan.missing.length === 0;
}

/** Copies the lab folder as it is now to .work/backups/SLUG/TIME/ and returns that folder. */
export function backUpLab(kitRoot: string, plan: ResetPlan, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replaceAll(':', '-').replace('T', '_');
  let backup = join(kitRoot, BACKUPS_DIR, plan.slug, stamp);
  for (let n = 2; existsSync(backup); n += 1) backup = join(kitRoot, BACKUPS_DIR, plan.slug, `${stamp}-${n}`);
  mkdirSync(dirname(backup), { recursive: true });
  if (existsSync(plan.labDir)) cpSync(plan.labDir, backup, { recursive: true });
  else mkdirSync(backup);
  return backup;
}

/** Writes the starter back. Every starter file is fetched before anything is touched. */
export function restoreStarter(kitRoot: string, plan: ResetPlan): void {
  const contents = new Map([...plan.starter].map(([path, blob]) => [path, readStarterFile(kitRoot, blob, `labs/${plan.slug}/${path}`)]));
  for (const path of plan.added) rmSync(join(plan.labDir, path), { force: true });
  for (const [path, content] of contents) {
    mkdirSync(dirname(join(plan.labDir, path)), { recursive: true });
    writeFileSync(join(plan.labDir, path), content);
  }
  removeEmptyFolders(plan.labDir);
}

function removeEmptyFolders(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(dir, entry.name);
    removeEmptyFolders(folder);
    if (readdirSync(folder).length === 0) rmdirSync(folder);
  }
}
