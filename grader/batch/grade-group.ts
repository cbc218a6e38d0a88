// One grader run for one student's group of labs, as a child process (inside the sandbox when there
// is one): its report goes to a text file, its results to JSON, and the JSON becomes gradebook rows.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { GradebookRow } from './gradebook.ts';
import type { Sandbox } from './sandbox.ts';
import type { GradingGroup } from './student-plan.ts';

export interface GroupRun {
  kitRoot: string;
  student: string;
  group: GradingGroup;
  seed: number;
  concurrency: number;
  reportsDir: string;
  sandbox: Sandbox;
  /** Each child started, so a stopped batch can stop it too. */
  started: (child: ChildProcess) => void;
}

/** Each student program's JavaScript heap: ten times what the references need, far below the machine's. */
const PROGRAM_HEAP_MB = 512;

interface JsonResults {
  labs: Array<{ id: string; points?: number; maxPoints?: number; passed: number; total: number; checks: Array<{ id: string; passed: boolean }> }>;
}

/** The gradebook rows of the group; rejects when the grader itself could not produce results. */
export async function gradeGroup(run: GroupRun): Promise<GradebookRow[]> {
  const dir = join(run.reportsDir, run.student);
  mkdirSync(dir, { recursive: true });
  const name = `labs-${run.group.labs.join('-')}`;
  const jsonFile = join(dir, `${name}.json`);
  const textFile = join(dir, `${name}.txt`);
  const grader = [process.execPath, '--import', 'tsx', join(run.kitRoot, 'grader/cli.ts'), ...run.group.labs, '--dir', run.group.tree, '--seed', String(run.seed), '--json', jsonFile, '--no-report', '--concurrency', String(run.concurrency)];
  const [command, ...args] = run.sandbox.wrap(grader, [dir], [run.kitRoot, realpathSync(run.group.tree)]);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command!, args, { cwd: run.kitRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', GRADE_PROGRAM_HEAP_MB: String(PROGRAM_HEAP_MB) } });
    run.started(child);
    const text = createWriteStream(textFile);
    child.stdout.pipe(text);
    child.stderr.pipe(text);
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit));
  });
  // Exit code 1 only says some check failed; anything else, or no JSON, is the grader's own trouble.
  if ((code !== 0 && code !== 1) || !existsSync(jsonFile)) throw new Error(`the grader stopped with exit code ${code} before writing results: see ${textFile}`);
  const results = JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonResults;
  return results.labs.map((lab) => ({
    student: run.student,
    lab: lab.id,
    points: lab.points ?? lab.passed,
    maxPoints: lab.maxPoints ?? lab.total,
    passed: lab.passed,
    checks: lab.total,
    failed: lab.checks.filter((check) => !check.passed).map((check) => check.id).join(' '),
    commit: run.group.commit,
    seed: run.seed,
  }));
}
