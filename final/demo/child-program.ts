// One program of the demo (the tracker, a peer): started with the same TypeScript loader as the demo
// itself, its output kept in a log file, its ready event awaited, and stopped the way Ctrl+C stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const READY_WITHIN_MS = 30_000;
const STOP_WITHIN_MS = 5_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildProgram {
  readonly name: string;
  readonly pid: number;
  readonly ready: Record<string, unknown>;
  /** Resolves when the program exits, for whatever reason. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startChild(name: string, script: string, args: string[], logPath: string): Promise<ChildProgram> {
  // Its own process group: a Ctrl+C in the terminal reaches the demo only, which then stops each
  // program once, in order (peers before the tracker they log out from).
  const child = spawn(process.execPath, [...process.execArgv, script, ...args, '--json'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logPath, { flags: 'a' });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await readyEvent(child, name, logPath);
  return {
    name,
    pid: child.pid ?? 0,
    ready,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WITHIN_MS);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}

function readyEvent(child: ChildProcess, name: string, logPath: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => fail(`${name} did not start within ${READY_WITHIN_MS / 1000} s`), READY_WITHIN_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why} (see ${logPath})`));
    };
    const read = (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        let event: Record<string, unknown>;
        try {
          event = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (event.event === 'error') return fail(`${name}: ${String(event.message)}`);
        if (event.event !== 'ready') continue;
        clearTimeout(timer);
        child.stdout?.off('data', read);
        child.off('exit', early);
        return resolve(event);
      }
    };
    const early = (code: number | null) => fail(`${name} stopped (exit code ${code}) before it was ready`);
    child.stdout?.on('data', read);
    child.once('exit', early);
  });
}
