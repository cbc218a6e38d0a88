// npm run grade-batch -- CHECKOUTS [--labs 01,02] [--seed N] [--deadlines FILE] [--jobs N] [--out DIR] [--sandbox auto|bwrap|off]
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFlags, runProgram, UsageError } from '#kit/cli/flags.ts';
import { REPO_ROOT } from '../engine/run-lab.ts';
import { findLab, LABS } from '../labs/index.ts';
import { loadPoints, maxPointsOf } from '../workflow/points.ts';
import { readDeadlines, type Deadlines } from './deadlines.ts';
import { OFFICIAL_SEED } from './official-seed.ts';
import { gradeGroup } from './grade-group.ts';
import { Gradebook, type GradebookRow } from './gradebook.ts';
import { readRoster, type Checkout } from './roster.ts';
import { chooseSandbox, type SandboxChoice } from './sandbox.ts';
import { planStudent } from './student-plan.ts';


const USAGE = `
usage: npm run grade-batch -- CHECKOUTS [options]

  CHECKOUTS        a folder with one checkout per student (named after the student),
                   or a text file with one checkout path per line
  --labs 01,02     the labs to grade (default: every lab)
  --seed N         the run's seed (default: the course's fixed seed, ${OFFICIAL_SEED})
  --deadlines F    a JSON file {"01": "2026-10-05T23:59:00+02:00", …}: each of those labs is graded at
                   the student's last commit before its deadline; other labs as checked out
  --jobs N         students graded at once (default: half the machine's cores, at least 1)
  --out DIR        where the gradebook (gradebook.csv) and each student's reports go (default: grades)
  --sandbox MODE   auto (bubblewrap when it runs here, default), bwrap (required), or off

Stop it with Ctrl+C at any time: the same command resumes where it stopped (students already in
the gradebook with this seed are skipped).`;

await runProgram(USAGE, async () => {
  const argv = process.argv.slice(2);
  const words = argv.filter((a, i) => !a.startsWith('--') && !(argv[i - 1] ?? '').startsWith('--'));
  const flags = parseFlags(argv.filter((a) => !words.includes(a)), {
    labs: { type: 'string' },
    seed: { type: 'string' },
    deadlines: { type: 'string' },
    jobs: { type: 'string' },
    out: { type: 'string' },
    sandbox: { type: 'string' },
  });
  if (words.length !== 1) throw new UsageError('name one folder of checkouts (or one file listing them)');
  const roster = readRoster(words[0]!);
  const labs = (flags.labs?.split(',') ?? LABS.filter((lab) => lab.released).map((lab) => lab.id)).map((name) => {
    const lab = findLab(name.trim());
    if (!lab?.released) throw new UsageError(`--labs: "${name}" is not a released lab (labs: ${LABS.filter((l) => l.released).map((l) => l.id).join(', ')})`);
    return lab.id;
  });
  const seed = flags.seed === undefined ? OFFICIAL_SEED : whole('--seed', flags.seed, 0);
  const deadlines: Deadlines = flags.deadlines ? readDeadlines(flags.deadlines, labs) : new Map();
  const jobs = flags.jobs === undefined ? Math.max(1, Math.floor(availableParallelism() / 2)) : whole('--jobs', flags.jobs, 1);
  const sandboxChoice = flags.sandbox ?? 'auto';
  if (!['auto', 'bwrap', 'off'].includes(sandboxChoice)) throw new UsageError(`--sandbox must be auto, bwrap or off (got "${sandboxChoice}")`);
  const sandbox = chooseSandbox(sandboxChoice as SandboxChoice);
  const out = resolve(flags.out ?? 'grades');
  mkdirSync(out, { recursive: true });
  const gradebook = new Gradebook(join(out, 'gradebook.csv'));
  const done = gradebook.done(seed);
  const todo = roster.filter((c) => labs.some((lab) => !done.has(`${c.student}/${lab}`)));
  const points = loadPoints(REPO_ROOT);
  const maxOf = (id: string) => maxPointsOf(points, findLab(id)!);

  process.stdout.write(`grading ${todo.length} of ${roster.length} checkouts (${roster.length - todo.length} already in ${join(out, 'gradebook.csv')} with seed ${seed}), labs ${labs.join(', ')}, ${jobs} at a time\nsandbox: ${sandbox.description}\n`);
  const children = new Set<ChildProcess>();
  let stopping = false;
  process.once('SIGINT', () => {
    stopping = true;
    process.stdout.write('\nstopping: the students being graded now are left out of the gradebook; run the same command to resume\n');
    for (const child of children) child.kill('SIGTERM');
  });

  const began = performance.now();
  const failures: string[] = [];
  let finished = 0;
  const gradeOne = async (checkout: Checkout) => {
    const plan = planStudent(REPO_ROOT, checkout, labs.filter((lab) => !done.has(`${checkout.student}/${lab}`)), deadlines, join(out, '.trees'));
    const rows: GradebookRow[] = plan.missed.map(({ lab, why }) => ({ student: checkout.student, lab, points: 0, maxPoints: maxOf(lab), passed: 0, checks: findLab(lab)!.checks.length, failed: '', commit: why, seed }));
    for (const group of plan.groups) {
      if (stopping) return;
      const concurrency = jobs === 1 ? 3 : 2;
      rows.push(...(await gradeGroup({ kitRoot: REPO_ROOT, student: checkout.student, group, seed, concurrency, reportsDir: join(out, 'reports'), sandbox, started: (child) => {
        children.add(child);
        child.on('close', () => children.delete(child));
      } })));
    }
    if (stopping) return;
    gradebook.add(rows);
    finished += 1;
    const elapsed = (performance.now() - began) / 1000;
    const left = (elapsed / finished) * (todo.length - finished);
    const summary = rows.sort((a, b) => a.lab.localeCompare(b.lab)).map((r) => `${r.lab} ${r.points}/${r.maxPoints}`).join(' · ');
    process.stdout.write(`[${finished}/${todo.length}] ${checkout.student}: ${summary} (${minutes(elapsed)} elapsed, about ${minutes(left)} left)\n`);
  };

  const queue = [...todo];
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let next = queue.shift(); next && !stopping; next = queue.shift()) {
      await gradeOne(next).catch((error: unknown) => {
        failures.push(`${next!.student}: ${(error as Error).message}`);
        process.stdout.write(`[!] ${next!.student}: not graded: ${(error as Error).message}\n`);
      });
    }
  }));
  if (stopping) {
    process.exitCode = 130;
    return;
  }
  process.stdout.write(`done in ${minutes((performance.now() - began) / 1000)}: ${finished} graded into ${join(out, 'gradebook.csv')}, reports in ${join(out, 'reports')}\n`);
  if (failures.length > 0) {
    process.stdout.write(`${failures.length} not graded (run again to retry them):\n  ${failures.join('\n  ')}\n`);
    process.exitCode = 1;
  }
});

function whole(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} must be a whole number of at least ${min} (got "${value}")`);
  return Number(value);
}

function minutes(seconds: number): string {
  return seconds < 90 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(1)} min`;
}
