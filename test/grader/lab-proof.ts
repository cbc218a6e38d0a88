// Shared by the per-lab proof tests: grade a folder of labs and explain any surprise in full.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renderLab } from '../../grader/engine/report.ts';
import { REPO_ROOT, runLab } from '../../grader/engine/run-lab.ts';
import type { LabDefinition, LabResult } from '../../grader/engine/types.ts';

/**
 * Time budgets of the proof tests (not of the checks, which keep their own bounds): a whole lab graded
 * while the rest of the suite shares the two cores can take minutes.
 */
export const WHOLE_LAB_MS = 240_000;
export const ONE_CHECK_MS = 120_000;

/** One fixed seed, so that a failure of these tests can be replayed exactly. */
export const PROOF_SEED = 20261121;

export const SOLUTIONS = join(REPO_ROOT, 'solutions');
export const STARTERS = join(REPO_ROOT, 'labs');
export const MUTANTS_DIR = join(REPO_ROOT, '.work', 'mutants');

export function grade(lab: LabDefinition, labsRoot: string, only: string[] = []): Promise<LabResult> {
  return runLab(lab, { labsRoot, seed: PROOF_SEED, only, concurrency: 3, shownFrom: REPO_ROOT });
}

/** The report a student would see, attached to a failing assertion. */
export function explain(result: LabResult): string {
  return renderLab(result, { color: false, verbose: false, seed: PROOF_SEED, command: 'npm run grade --', replayFlags: '', detailedFailures: 20 });
}

/**
 * A tree where every earlier lab is its reference and this lab is the untouched starter: the starter
 * must fail on its own account, not merely because an earlier lab is unfinished.
 */
export function starterOnReferences(labSlug: string): string {
  const root = join(REPO_ROOT, '.work', 'starters', labSlug);
  rmSync(root, { recursive: true, force: true });
  cpSync(SOLUTIONS, root, { recursive: true });
  rmSync(join(root, labSlug), { recursive: true, force: true });
  const starter = join(STARTERS, labSlug);
  for (const name of readdirSync(starter).filter((file) => file.endsWith('.ts'))) {
    cpSync(join(starter, name), join(root, labSlug, name));
  }
  return root;
}
