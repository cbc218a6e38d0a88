// npm run mutation-score -- [NN…] [--sample 100] [--seed S] [--concurrency 1]: an unbiased measure of
// the grader. Writes bench/MUTATION.md after every mutant; results are kept under .work/mutation/results
// so running the same command again goes on where an interrupted run stopped.
//
// Design. The mutants come from StrykerJS, used as a library: its instrumenter
// (@stryker-mutator/instrumenter) lists every mutant of a file with its location and replacement
// text, and nothing of Stryker's test-runner machinery is used. Each mutant is applied alone, as a
// text edit of a fresh copy of solutions/ (the grader's own materializeMutant), checked to compile
// (esbuild, then tsc: see compile-check.ts), and graded by the lab's checks with the grader's runLab
// in a worker process of its own group, bounded in time and stopped at the first check that fails.
// Why not Stryker's command runner (`npm run grade` once per mutant, the programs inheriting
// __STRYKER_ACTIVE_MUTANT__ from the environment): it runs "mutant schemata", one copy in which every
// mutant is compiled in behind a switch, with `// @ts-nocheck` and coverage counters. Such files are
// not what a student would write, cannot be type-checked one mutant at a time, and any way in which
// a schema behaves unlike the plain edit would be charged to the grader; its runner also sees one
// exit code per mutant, so a check that fails could not be told from one that ran out of time.
// Version 9.x of the instrumenter: 10.x wants Node 22, and the kit supports Node 20.15.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { oneLine } from './apply-mutant.ts';
import { earlierLabs } from './earlier-report.ts';
import { planLab, type LabPlan, type PlanSettings } from './lab-plan.ts';
import type { MutantOutcome, MutantSite } from './mutant-site.ts';
import { tryMutant } from './mutant-trial.ts';
import { parseOptions, type MutationOptions } from './options.ts';
import { stopAllGroups } from './process-group.ts';
import { renderReport, type LabState, type ReportHeader } from './report.ts';
import { gradingSignature, ResultsStore } from './results-store.ts';
import { Workspace } from './workspace.ts';

const REPORT = join(REPO_ROOT, 'bench', 'MUTATION.md');
const RESULTS = join(REPO_ROOT, '.work', 'mutation', 'results');
const SOLUTIONS = join(REPO_ROOT, 'solutions');

const argv = process.argv.slice(2);
let options: MutationOptions;
try {
  options = parseOptions(argv);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const abort = new AbortController();
const onSignal = () => {
  if (abort.signal.aborted) process.exit(130); // a second Ctrl+C: the exit hook still stops every group
  progress('interrupted: stopping the grades in progress and writing what was graded…');
  abort.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const stryker = (createRequire(import.meta.url)('@stryker-mutator/instrumenter/package.json') as { version: string }).version;
const header: ReportHeader = {
  command: ['npm run mutation-score', ...(argv.length ? ['--', ...argv] : [])].join(' '),
  tool: `StrykerJS's instrumenter (@stryker-mutator/instrumenter ${stryker})`,
  seed: options.seed,
  sampleSize: options.sampleSize,
  concurrency: options.concurrency,
  checkConcurrency: options.checkConcurrency,
  finished: false,
};
const states: LabState[] = options.labs.map((lab) => ({ labId: lab.id, title: lab.title, state: 'pending' }));
// Labs an earlier run measured and this one does not keep their section (marked as carried over).
const earlier = existsSync(REPORT) ? earlierLabs(readFileSync(REPORT, 'utf8'), options.labs.map((lab) => lab.id)) : [];
const writeReport = () => writeFileSync(REPORT, renderReport(header, states, earlier));
const settings: PlanSettings = { repoRoot: REPO_ROOT, solutionsRoot: SOLUTIONS, sampleSize: options.sampleSize, seed: options.seed, checkConcurrency: options.checkConcurrency, signal: abort.signal };
const workspace = new Workspace(REPO_ROOT, SOLUTIONS, options.concurrency);

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function measureLab(index: number): Promise<void> {
  const lab = options.labs[index]!;
  progress(`Lab ${lab.id}: grading the reference on a copy, then generating mutants…`);
  let plan: LabPlan;
  try {
    plan = await planLab(lab, settings, workspace, workspace.all[0]!);
  } catch (error) {
    if (abort.signal.aborted) return;
    states[index] = { labId: lab.id, title: lab.title, state: 'failed', reason: (error as Error).message };
    progress(`Lab ${lab.id}: not measured: ${(error as Error).message}`);
    return writeReport();
  }
  const store = new ResultsStore(join(RESULTS, `${lab.id}.jsonl`), gradingSignature(REPO_ROOT, options.seed, lab.id), options.fresh);
  const outcomes = new Map<string, MutantOutcome>();
  for (const site of plan.sample) {
    const kept = store.get(site.key);
    if (kept) outcomes.set(site.key, kept);
  }
  states[index] = { labId: lab.id, title: lab.title, state: 'planned', plan, outcomes };
  writeReport();
  const eligible = plan.sites.filter((site) => !site.excluded).length;
  progress(`Lab ${lab.id}: ${plan.sites.length} mutants, ${eligible} eligible, sample of ${plan.sample.length} (seed ${options.seed}), ${outcomes.size} graded before; reference graded in ${(plan.baselineMs / 1000).toFixed(1)} s`);

  const pending = plan.sample.filter((site) => !outcomes.has(site.key));
  const began = performance.now();
  let next = 0;
  let done = 0;
  const slotLoop = async (slotIndex: number) => {
    const slot = workspace.all[slotIndex]!;
    while (next < pending.length && !abort.signal.aborted) {
      const site = pending[next++]!;
      const outcome = await tryMutant(site, plan, settings, workspace, slot);
      if (!outcome) return;
      store.add(outcome);
      outcomes.set(site.key, outcome);
      done += 1;
      writeReport();
      const eta = ((performance.now() - began) / done) * (pending.length - done);
      progress(`[${lab.id} ${outcomes.size}/${plan.sample.length}] ${describe(site, outcome)} · ${(outcome.durationMs / 1000).toFixed(1)} s · about ${Math.ceil(eta / 60_000)} min left for this lab`);
    }
  };
  await Promise.all(workspace.all.map((_, slotIndex) => slotLoop(slotIndex)));
}

function describe(site: MutantSite, outcome: MutantOutcome): string {
  const what = `${site.file}:${site.line} ${site.mutator} ${oneLine(site.original, 40)} → ${oneLine(site.replacement, 40)}`;
  const how = outcome.verdict === 'killed' ? `killed by ${outcome.killedBy}` : outcome.verdict === 'timed-out' ? `timed out (${outcome.hitBound ? 'whole grade' : (outcome.timedOutChecks ?? []).join(', ')})` : outcome.verdict;
  return `${what}: ${how}`;
}

try {
  for (let index = 0; index < options.labs.length && !abort.signal.aborted; index += 1) await measureLab(index);
  header.finished = !abort.signal.aborted;
} finally {
  await stopAllGroups();
  workspace.remove();
  await stopEsbuild();
  writeReport();
  progress(`wrote ${REPORT}`);
}
process.exit(abort.signal.aborted ? 130 : 0);
