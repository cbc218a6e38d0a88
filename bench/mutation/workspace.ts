// The benchmark's temporary copies, all under .work/mutation/run-PID/: one slot per mutant graded at
// once, each holding a copy of the references (made by the grader's own materializeMutant), a tsconfig
// and the TMPDIR of its grade. Everything is removed when the run ends, and a later run removes what a
// killed one left.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import { writeLabTsconfig } from './compile-check.ts';

export interface Slot {
  dir: string;
  /** The copy of solutions/: the folder that holds the lab folders. */
  labsRoot: string;
  tmpDir: string;
}

export class Workspace {
  readonly root: string;
  private readonly slots: Slot[] = [];

  constructor(private readonly repoRoot: string, private readonly solutionsRoot: string, count: number) {
    const base = join(repoRoot, '.work', 'mutation');
    removeAbandonedRuns(base);
    this.root = join(base, `run-${process.pid}`);
    for (let i = 0; i < count; i += 1) {
      const dir = join(this.root, `slot-${i}`);
      mkdirSync(dir, { recursive: true });
      this.slots.push({ dir, labsRoot: join(dir, 'solutions'), tmpDir: join(dir, 'tmp') });
    }
  }

  get all(): readonly Slot[] {
    return this.slots;
  }

  /**
   * Makes the slot a fresh copy of the references with `file` of the lab replaced by `text` (the
   * unchanged file for a baseline). The edit is one whole-file replacement, so materializeMutant's
   * guard still holds: the file must be the reference it was generated from.
   */
  materialize(slot: Slot, labSlug: string, file: string, text?: string): string {
    const original = readFileSync(join(this.solutionsRoot, labSlug, file), 'utf8');
    materializeMutant(this.solutionsRoot, labSlug, { name: 'generated', bug: '', caughtBy: '', file, find: original, replace: text ?? original }, slot.labsRoot);
    return slot.labsRoot;
  }

  /** A tsconfig in the slot that type-checks the lab's copy. */
  tsconfigFor(slot: Slot, labSlug: string): string {
    return writeLabTsconfig(slot.dir, this.repoRoot, `solutions/${labSlug}`);
  }

  /** What a grade left in its TMPDIR (folders of programs stopped mid-check). */
  clearTmp(slot: Slot): void {
    rmSync(slot.tmpDir, { recursive: true, force: true });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function removeAbandonedRuns(base: string): void {
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    return;
  }
  for (const name of entries) {
    const pid = /^run-(\d+)$/.exec(name)?.[1];
    if (pid && !alive(Number(pid))) rmSync(join(base, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
