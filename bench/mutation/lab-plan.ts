// What a lab's measurement needs before any mutant is graded: the reference graded on a copy (it must
// pass every check, or kills would be the checks' own failures), the files its programs run, every
// generated mutant and the seeded sample.
import { join } from 'node:path';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../../grader/engine/run-lab.ts';
import type { LabDefinition } from '../../grader/engine/types.ts';
import { typeError } from './compile-check.ts';
import { filesRunBy } from './files-run.ts';
import { generateMutants, labFiles } from './generate-mutants.ts';
import { gradeInChild } from './grade-in-child.ts';
import type { MutantSite } from './mutant-site.ts';
import { seededSample } from './sample.ts';
import type { Slot, Workspace } from './workspace.ts';

export interface PlanSettings {
  repoRoot: string;
  solutionsRoot: string;
  sampleSize: number;
  seed: number;
  checkConcurrency: number;
  signal: AbortSignal;
}

export interface LabPlan {
  lab: LabDefinition;
  baselineMs: number;
  typeCheckMs: number;
  /** Program files the checks started, e.g. peer.ts. */
  started: string[];
  filesRun: string[];
  filesNotRun: string[];
  sites: MutantSite[];
  /** In the order they are graded. */
  sample: MutantSite[];
  boundMs: number;
}

// Startup, cleanup and a loaded machine, on top of the checks' own bounds.
const BOUND_SLACK_MS = 60_000;

/**
 * The bound of one whole grade: runLab runs the checks `concurrency` at a time, each stopped at its
 * own bound, so all of them end within (sum / concurrency + longest) of the start.
 */
export function gradeBoundMs(lab: LabDefinition, concurrency: number): number {
  const bounds = lab.checks.map((check) => check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
  const total = bounds.reduce((sum, ms) => sum + ms, 0);
  return Math.ceil(total / Math.max(1, concurrency)) + Math.max(0, ...bounds) + BOUND_SLACK_MS;
}

export async function planLab(lab: LabDefinition, settings: PlanSettings, workspace: Workspace, slot: Slot): Promise<LabPlan> {
  const boundMs = gradeBoundMs(lab, settings.checkConcurrency);
  const names = labFiles(settings.solutionsRoot, lab.slug);
  workspace.materialize(slot, lab.slug, names[0]!);
  const typeBegan = performance.now();
  const typeProblem = await typeError(workspace.tsconfigFor(slot, lab.slug));
  const typeCheckMs = performance.now() - typeBegan;
  if (typeProblem) throw new Error(`the reference of lab ${lab.id} does not type-check, so mutants cannot be judged by it: ${typeProblem}`);

  const baseline = await gradeInChild({ labId: lab.id, labsRoot: slot.labsRoot, seed: settings.seed, checkConcurrency: settings.checkConcurrency, boundMs, tmpDir: slot.tmpDir, stopAtKill: false, signal: settings.signal });
  workspace.clearTmp(slot);
  const failing = baseline.checks.filter((check) => !check.passed).map((check) => check.id);
  if (settings.signal.aborted) throw new Error('interrupted');
  if (baseline.hitBound || failing.length > 0 || baseline.checks.length !== lab.checks.length) {
    throw new Error(`the reference of lab ${lab.id} does not pass every check on this machine now (failing: ${failing.join(', ') || 'none'}${baseline.hitBound ? '; the grade hit its bound' : ''}); a mutant's failure would prove nothing`);
  }

  const filesRun = await filesRunBy(settings.repoRoot, join(settings.solutionsRoot, lab.slug), baseline.started);
  const sites = await generateMutants(settings.solutionsRoot, lab.slug, filesRun);
  const sample = seededSample(sites.filter((site) => !site.excluded), settings.sampleSize, settings.seed);
  return {
    lab,
    baselineMs: baseline.durationMs,
    typeCheckMs,
    started: baseline.started,
    filesRun: names.filter((name) => filesRun.has(name)),
    filesNotRun: names.filter((name) => !filesRun.has(name)),
    sites,
    sample,
    boundMs,
  };
}
