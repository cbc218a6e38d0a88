// One program of the demo (the tracker, a peer): started with the same TypeScript loader as the demo
// itself, its output kept in a log file, its ready event awaited, each of its events handed to the
// demo, and stopped the way Ctrl+C stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STOP_WITH_PARENT_ENV } from './stop-with-parent.ts';

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

export type ChildEvent = Record<string, unknown> & { event?: unknown };

export async function startChild(name: string, script: string, args: string[], logPath: string, onEvent: (event: ChildEvent) => void = () => {}): Promise<ChildProgram> {
  // Its own process group: a Ctrl+C in the terminal reaches the demo only, which then stops each
  // program once, in order (peers before the tracker they log out from).
  // Standard input is a pipe the demo never writes to: when the demo is gone, it closes, and the
  // program stops (final/demo/stop-with-parent.ts).
  const child = spawn(process.execPath, [...process.execArgv, script, ...args, '--json'], { cwd: ROOT, detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, [STOP_WITH_PARENT_ENV]: '1' } });
  const log = createWriteStream(logPath, { flags: 'a' });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  onEachEvent(child, onEvent);
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

/** Every JSON event the program prints, until the returned function is called. */
function onEachEvent(child: ChildProcess, handle: (event: ChildEvent) => void): () => void {
  let pending = '';
  const read = (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      let event: ChildEvent;
      try {
        event = JSON.parse(line) as ChildEvent;
      } catch {
        continue;
      }
      handle(event);
    }
  };
  child.stdout?.on('data', read);
  return () => child.stdout?.off('data', read);
}

function readyEvent(child: ChildProcess, name: string, logPath: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`${name} did not start within ${READY_WITHIN_MS / 1000} s`), READY_WITHIN_MS);
    const fail = (why: string) => {
      stopReading();
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why} (see ${logPath})`));
    };
    const stopReading = onEachEvent(child, (event) => {
      if (event.event === 'error') return fail(`${name}: ${String(event.message)}`);
      if (event.event !== 'ready') return;
      stopReading();
      clearTimeout(timer);
      child.off('exit', early);
      resolve(event);
    });
    const early = (code: number | null) => fail(`${name} stopped (exit code ${code}) before it was ready`);
    child.once('exit', early);
  });
}
