// A step trim is a reference solution cut back to what a student has written by the end of one README
// step: the later steps' code taken out (text edits), or their files still as the starter hands them
// out. Graded with the checks of that step and the ones before, it must pass them all: no check may
// need code that a later step asks for (a student doing the steps in order would be stuck).
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { applyTextEdits, type TextEdit } from './mutant.ts';

export interface StepTrim {
  /** The last README step whose code this variant has. */
  throughStep: number;
  /** What a student at that step has not written yet, for people. */
  missing: string;
  /** Files of the lab still as the starter hands them out. */
  starterFiles?: string[];
  /** Edits of the reference that take out the later steps' code. */
  edits?: TextEdit[];
}

/**
 * Copies the whole solutions tree into `into` (later labs import earlier ones), then cuts the lab
 * back to the trim's step. Returns the folder that holds the lab folders.
 */
export function materializeTrim(solutionsRoot: string, startersRoot: string, labSlug: string, trim: StepTrim, into: string): string {
  rmSync(into, { recursive: true, force: true });
  cpSync(solutionsRoot, into, { recursive: true });
  for (const file of trim.starterFiles ?? []) cpSync(join(startersRoot, labSlug, file), join(into, labSlug, file));
  applyTextEdits(join(into, labSlug), trim.edits ?? [], `the trim through step ${trim.throughStep}`);
  return into;
}
