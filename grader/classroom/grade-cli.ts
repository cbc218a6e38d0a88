// npm run classroom-grade: the grading step of the GitHub Classroom workflow. Grades the open labs once,
// at the commit's seed, into .work/classroom/; the per-check tests that follow read their verdicts.
// Exits 0 whatever the verdicts: the points come from those tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProgram } from '#kit/cli/flags.ts';
import { REPO_ROOT } from '../engine/run-lab.ts';
import { LABS } from '../labs/index.ts';
import { gradedCommit, openingDates, RESULTS_DIR, RESULTS_FILE, RUN_FILE, seedOfCommit, type ClassroomRun } from './classroom-run.ts';

await runProgram('usage: npm run classroom-grade (no options: it grades the labs that are open)', () => {
  const released = LABS.filter((lab) => lab.released);
  const opens = openingDates(REPO_ROOT, released);
  const now = new Date();
  const opensLater = (id: string) => {
    const date = opens.get(id);
    return date !== undefined && date > now ? date : undefined;
  };
  const commit = gradedCommit(REPO_ROOT);
  const run: ClassroomRun = {
    seed: seedOfCommit(commit),
    commit,
    open: released.filter((lab) => !opensLater(lab.id)).map((lab) => lab.id),
    later: Object.fromEntries(released.flatMap((lab) => (opensLater(lab.id) ? [[lab.id, opensLater(lab.id)!.toISOString()]] : []))),
  };
  rmSync(join(REPO_ROOT, RESULTS_DIR), { recursive: true, force: true });
  mkdirSync(join(REPO_ROOT, RESULTS_DIR), { recursive: true });
  writeFileSync(join(REPO_ROOT, RUN_FILE), JSON.stringify(run, null, 2) + '\n');
  const later = Object.entries(run.later).map(([lab, date]) => `${lab} (opens ${date})`);
  process.stdout.write(`grading labs ${run.open.join(', ') || 'none'} at seed ${run.seed} (commit ${commit.slice(0, 12)})${later.length > 0 ? `; not open yet: ${later.join(', ')}` : ''}\n`);
  if (run.open.length === 0) return;
  // Named labs are graded even when they are still their starter: an untouched lab scores zero.
  spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'grader/cli.ts'), ...run.open, '--seed', String(run.seed), '--json', join(REPO_ROOT, RESULTS_FILE), '--no-report'], { cwd: REPO_ROOT, stdio: 'inherit' });
});
