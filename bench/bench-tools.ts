// What every benchmark needs: child programs that say when they are ready, timing, peak memory, and
// files to move. Everything runs on 127.0.0.1 and every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';

export interface Child {
  process: ChildProcess;
  lines: string[];
  /** Resolves with the first stdout line the test accepts; rejects after `ms`. */
  waitFor(test: (line: string) => boolean, ms?: number): Promise<string>;
  write(text: string): void;
  stop(): void;
}

// Every child still running when the benchmark ends, however it ends (a failed wait throws past the
// stop() calls): killed on exit, so a failed run leaves no tracker or peer behind.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startChild(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Child {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', ...options.env } });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let rest = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of [...waiters]) wake();
  });
  child.stderr?.on('data', () => {}); // read it, so the child never blocks on a full pipe
  child.stdin?.on('error', () => {});
  return {
    process: child,
    lines,
    waitFor: (test, ms = 120_000) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < lines.length; seen += 1) {
            if (test(lines[seen]!)) {
              waiters.delete(check);
              clearTimeout(timer);
              return resolve(lines[seen]!);
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${command} ${args.join(' ')}: no expected line within ${ms / 1000} s`));
        }, ms);
        waiters.add(check);
        check();
      }),
    write: (text) => child.stdin?.write(text),
    stop: () => child.kill('SIGKILL'),
  };
}

/** Peak resident memory of a running process (Linux VmHWM), in bytes. */
export async function peakMemory(pid: number | undefined): Promise<number | undefined> {
  if (!pid) return undefined;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Current resident memory of a process (Linux VmRSS), in bytes; 0 when it is gone. */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** A benchmark's command line: `--name value` flags and bare `--switch`es. */
export function commandLine(argv = process.argv.slice(2)) {
  const text = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index === -1 ? undefined : argv[index + 1];
  };
  return {
    has: (name: string) => argv.includes(`--${name}`),
    text,
    number: (name: string, fallback: number) => Number(text(name) ?? fallback),
  };
}

// Linux counts CPU time in clock ticks of 1/100 s (USER_HZ, the same on every Linux build Node runs on).
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, every thread) a running process has used so far; NaN if it is gone. */
export async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = pid ? await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '') : '';
  // The command name in parentheses may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The middle value (the mean of the two middle ones for an even count); undefined when empty. */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half] : (sorted[half - 1]! + sorted[half]!) / 2;
}

/** A file of `size` random-looking bytes, written fast: one random MiB repeated with a counter. */
export async function makeFile(path: string, size: number): Promise<void> {
  const block = randomBytes(1024 * 1024);
  const file = await open(path, 'w');
  try {
    for (let written = 0, n = 0; written < size; n += 1) {
      const piece = block.subarray(0, Math.min(block.length, size - written));
      piece.writeUInt32BE(n, 0); // every MiB differs, so nothing can be deduplicated
      await file.write(piece);
      written += piece.length;
    }
  } finally {
    await file.close();
  }
}

export function megabytesPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

export function formatRate(mbps: number | undefined): string {
  return mbps === undefined ? 'n/a' : `${mbps.toFixed(0)} MB/s`;
}
