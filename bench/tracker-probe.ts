// What the tracker benchmarks share: start a reference tracker on a fresh database, talk to it as one
// JSON-lines client that times its requests, and read a process's memory. 127.0.0.1 only; every wait
// is bounded.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './bench-tools.ts';

const HOST = '127.0.0.1';
const REPLY_TIMEOUT_MS = 30_000;
export const BENCH_PASSWORD = 'bench-password';

export interface RunningTracker {
  child: Child;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Starts solutions/03's tracker (roster and presence on) with extra flags, on a throw-away db. */
export async function startReferenceTracker(root: string, flags: string[], nodeFlags: string[] = [], env: Record<string, string> = {}): Promise<RunningTracker> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-tracker-'));
  const args = [...nodeFlags, '--import', 'tsx', 'solutions/03-roster-and-direct/tracker.ts', '--port', '0', '--db', join(dir, 't.db'), '--json', ...flags];
  const child = startChild(process.execPath, args, { cwd: root, env });
  const ready = JSON.parse(await child.waitFor((line) => line.includes('"ready"'), 30_000)) as { port: number };
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  return {
    child,
    port: ready.port,
    pid: child.process.pid ?? 0,
    // SIGINT lets it exit by itself (and write a CPU profile if asked); SIGKILL if it does not.
    async stop() {
      child.process.kill('SIGINT');
      const timer = setTimeout(() => child.stop(), 10_000);
      await exited;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type Reply = Record<string, unknown> & { type: string };

/** One logged-in client that sends requests with ids and times each reply; pushes are dropped. */
export class Probe {
  private nextId = 1;
  private rest = '';
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const lines = (this.rest + chunk).split('\n');
      this.rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes('"id"')) continue; // pushes carry no id
        const reply = JSON.parse(line) as Reply;
        const wake = typeof reply.id === 'number' ? this.waiting.get(reply.id) : undefined;
        if (wake) wake(reply);
      }
    });
    socket.on('error', () => {});
  }

  static async connect(port: number, username: string, password = BENCH_PASSWORD): Promise<Probe> {
    const socket = net.connect(port, HOST);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const probe = new Probe(socket);
    const reply = await probe.request({ type: 'register', username, password, port: 7000 });
    if (reply.type !== 'welcome') throw new Error(`${username} could not register: ${JSON.stringify(reply)}`);
    return probe;
  }

  request(message: Record<string, unknown>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no reply to ${String(message.type)} within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(reply);
      });
      this.socket.write(`${JSON.stringify({ ...message, id })}\n`);
    });
  }

  /** Fetches every roster page; returns how many users and pages it took. */
  async rosterAll(): Promise<{ users: number; pages: number }> {
    let users = 0;
    for (let pages = 1; pages <= 2_000; pages++) {
      const reply = await this.request(users === 0 ? { type: 'list' } : { type: 'list', offset: users });
      const page = Array.isArray(reply.users) ? reply.users.length : 0;
      users += page;
      if (page === 0 || typeof reply.total !== 'number' || users >= reply.total) return { users, pages };
    }
    return { users, pages: 2_000 };
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The q-quantile (0..1) of some samples, by the nearest-rank method. */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
