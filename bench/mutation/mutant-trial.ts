// One mutant from start to verdict: applied to a fresh copy, compiled, then graded by the lab's checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyMutant } from './apply-mutant.ts';
import { syntaxError, typeError } from './compile-check.ts';
import { gradeInChild } from './grade-in-child.ts';
import type { LabPlan, PlanSettings } from './lab-plan.ts';
import type { MutantOutcome, MutantSite } from './mutant-site.ts';
import { gradedVerdict } from './verdict.ts';
import type { Slot, Workspace } from './workspace.ts';

/** The outcome, or undefined when the run was interrupted before the verdict. */
export async function tryMutant(site: MutantSite, plan: LabPlan, settings: PlanSettings, workspace: Workspace, slot: Slot): Promise<MutantOutcome | undefined> {
  const began = performance.now();
  const slug = plan.lab.slug;
  const mutated = applyMutant(readFileSync(join(settings.solutionsRoot, slug, site.file), 'utf8'), site);
  const notCompiling = (compileError: string): MutantOutcome => ({ key: site.key, verdict: 'not-compiling', compileError, durationMs: performance.now() - began });
  const syntax = await syntaxError(mutated, site.file);
  if (syntax) return notCompiling(syntax);
  workspace.materialize(slot, slug, site.file, mutated);
  const types = await typeError(workspace.tsconfigFor(slot, slug));
  if (types) return notCompiling(types);

  const grade = await gradeInChild({ labId: plan.lab.id, labsRoot: slot.labsRoot, seed: settings.seed, checkConcurrency: settings.checkConcurrency, boundMs: plan.boundMs, tmpDir: slot.tmpDir, stopAtKill: true, signal: settings.signal });
  workspace.clearTmp(slot);
  if (settings.signal.aborted) return undefined;
  return { key: site.key, ...gradedVerdict(grade.checks, grade.hitBound), durationMs: performance.now() - began };
}
