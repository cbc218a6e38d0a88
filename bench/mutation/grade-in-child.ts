// Grades a folder of labs in a worker process (grade-worker.ts) bounded in time. Stops the worker and
// every program it started as soon as a check fails on its own (the mutant is killed: the other
// checks cannot change that), when the bound is hit, or when the benchmark is interrupted.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TSX_IMPORT } from '../../grader/engine/run-lab.ts';
import { spawnGroup, stopGroup } from './process-group.ts';
import { killingCheck } from './verdict.ts';
import { parseWorkerLine, type WorkerLine } from './worker-lines.ts';

const WORKER = fileURLToPath(new URL('./grade-worker.ts', import.meta.url));

export interface ChildGradeOptions {
  labId: string;
  labsRoot: string;
  seed: number;
  checkConcurrency: number;
  /** The whole grade's bound, a safety net above the checks' own bounds. */
  boundMs: number;
  /** Temporary files of the worker and its programs go here (TMPDIR), removed with it. */
  tmpDir: string;
  /** Stop at the first check that fails on its own (mutants); a baseline runs every check. */
  stopAtKill: boolean;
  signal?: AbortSignal;
}

export interface ChildGrade {
  checks: Array<Extract<WorkerLine, { type: 'check' }>>;
  started: string[];
  hitBound: boolean;
  finished: boolean;
  durationMs: number;
}

export function gradeInChild(options: ChildGradeOptions): Promise<ChildGrade> {
  mkdirSync(options.tmpDir, { recursive: true });
  const began = performance.now();
  const args = ['--import', TSX_IMPORT, WORKER, '--lab', options.labId, '--root', options.labsRoot, '--seed', String(options.seed), '--check-concurrency', String(options.checkConcurrency)];
  const child = spawnGroup(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: options.tmpDir, FORCE_COLOR: '0' } });
  const grade: ChildGrade = { checks: [], started: [], hitBound: false, finished: false, durationMs: 0 };
  let stderr = '';
  let rest = '';
  return new Promise((resolve, reject) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void stopGroup(child);
    };
    const timer = setTimeout(() => {
      grade.hitBound = true;
      stop();
    }, options.boundMs);
    const onAbort = () => stop();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) stop();
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const parsed = parseWorkerLine(line);
        if (parsed?.type === 'check') grade.checks.push(parsed);
        else if (parsed?.type === 'started') grade.started.push(parsed.file);
        else if (parsed?.type === 'done') grade.finished = true;
      }
      if (options.stopAtKill && killingCheck(grade.checks)) stop();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
    });
    child.on('error', (error) => {
      stderr += `\n(could not start: ${error.message})`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      grade.durationMs = performance.now() - began;
      // Whatever the worker's programs did, none outlives the grade.
      void stopGroup(child).then(() => {
        if (grade.finished || stopping) return resolve(grade);
        reject(new Error(`the grade worker ended without finishing (exit code ${String(code)}):\n${stderr.trim()}`));
      });
    });
  });
}
