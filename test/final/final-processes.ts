// Starts the final app's programs for a test with their real flags, waits for their ready event
// instead of sleeping, and stops them at the end, however the test went. They run in node with tsx's
// loader, not under the tsx command, so Ctrl+C (SIGINT) reaches them directly, as in a terminal.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_WITHIN_MS = 20_000;

export interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Record<string, unknown>;
  /** Everything printed so far, for failure messages. */
  output(): string;
  stop(): Promise<number | null>;
}

export async function startProgram(script: string, args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} printed no ready event in time:\n${printed}`)), READY_WITHIN_MS);
    const look = () => {
      for (const line of printed.split('\n').slice(0, -1)) {
        if (!line.startsWith('{')) continue;
        const event = JSON.parse(line) as Record<string, unknown>;
        if (event.event === 'ready') {
          clearTimeout(timer);
          child.stdout.off('data', look);
          return resolve(event);
        }
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${printed}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    child,
    ready,
    output: () => printed,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export function startTracker(db: string, extra: string[] = []): Promise<Started> {
  return startProgram('final/tracker/main.ts', ['--port', '0', '--ui-port', '0', '--db', db, '--scrypt-n', '1024', '--json', ...extra]);
}

export function startPeer(trackerPort: number, dirs: { shared: string; downloads: string; history?: string }, extra: string[] = []): Promise<Started> {
  const history = dirs.history ? ['--history-db', dirs.history] : [];
  return startProgram('final/peer/main.ts', ['--tracker', `127.0.0.1:${trackerPort}`, '--ui-port', '0', '--shared', dirs.shared, '--downloads', dirs.downloads, ...history, '--json', ...extra]);
}

/** Whether a process of this id still exists (signal 0 tests without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
