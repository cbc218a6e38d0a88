// How fast is reliable UDP done by hand? Sends one generated file with the reference Go-Back-N and
// Selective Repeat through the grader's lossy relay at several loss rates, and measures a plain TCP
// copy of the same file in the same run as the baseline (figures vary from run to run and machine
// to machine; the ratio to the baseline is what to compare). Prints a Markdown table.
//
//   npx tsx bench/udp-transfer.ts [--size-mib 32] [--lossy-size-mib 2] [--losses 0,1,5,10]
//                                 [--window 32] [--timeout-ms 50] [--max-seconds 120] [--seed 1]
//                                 [--json FILE]
//
// Lossy runs send a smaller file by default: Go-Back-N at 10% loss moves a few hundred kB/s, and a
// rate measured over a couple of MiB (thousands of packets, hundreds of windows) is already stable.
// Everything stays on 127.0.0.1, and every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { parseFlags, runProgram, UsageError } from '#kit/cli/flags.ts';
import { startLossyUdpProxy } from '../grader/engine/lossy-udp-proxy.ts';
import { REPO_ROOT, TSX_IMPORT } from '../grader/engine/run-lab.ts';
import { createRandom } from '../grader/engine/seeded-random.ts';

const USAGE = `
usage: npx tsx bench/udp-transfer.ts [options]

  --size-mib N        size of the file for the TCP baseline and the loss-free runs (default 32)
  --lossy-size-mib N  size of the file for the runs with loss (default 2; at most --size-mib)
  --losses L,…        loss rates in percent, each way (default 0,1,5,10)
  --window N          sender window in packets (default 32)
  --timeout-ms MS     retransmission timeout (default 50)
  --max-seconds S     a run that takes longer is stopped and reported as such (default 120)
  --seed N            the lossy relay's seed (default 1)
  --json FILE         also write the rows as JSON (for bench/svg-chart.ts)`;

const HOST = '127.0.0.1';
const MB = 1_000_000;
const SOLUTION = join(REPO_ROOT, 'solutions', '04-file-transfer');
const READY_TIMEOUT_MS = 15_000;

interface Options {
  sizeBytes: number;
  lossySizeBytes: number;
  losses: number[];
  window: number;
  timeoutMs: number;
  maxMs: number;
  seed: number;
  json: string | undefined;
}

interface Row {
  what: string;
  loss: string;
  bytes: number;
  ms: number | undefined;
  note: string;
}

function parseOptions(argv: string[]): Options {
  const flags = parseFlags(argv, {
    'size-mib': { type: 'string' },
    'lossy-size-mib': { type: 'string' },
    losses: { type: 'string' },
    window: { type: 'string' },
    'timeout-ms': { type: 'string' },
    'max-seconds': { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'string' },
  });
  const number = (flag: string, value: string | undefined, fallback: number, min: number, max: number): number => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new UsageError(`--${flag} must be a number from ${min} to ${max} (got "${value}")`);
    return parsed;
  };
  const sizeMib = number('size-mib', flags['size-mib'], 32, 0.001, 4096);
  const lossyMib = Math.min(sizeMib, number('lossy-size-mib', flags['lossy-size-mib'], 2, 0.001, 4096));
  const losses = (flags.losses ?? '0,1,5,10').split(',').map((text) => number('losses', text.trim(), 0, 0, 90));
  return {
    sizeBytes: Math.round(sizeMib * 1024 * 1024),
    lossySizeBytes: Math.round(lossyMib * 1024 * 1024),
    losses,
    window: Math.round(number('window', flags.window, 32, 1, 1024)),
    timeoutMs: Math.round(number('timeout-ms', flags['timeout-ms'], 50, 1, 60_000)),
    maxMs: number('max-seconds', flags['max-seconds'], 120, 1, 3600) * 1000,
    seed: Math.round(number('seed', flags.seed, 1, 0, 2 ** 31 - 1)),
    json: flags.json,
  };
}

async function writeRandomFile(path: string, size: number): Promise<void> {
  async function* chunks() {
    for (let left = size; left > 0; left -= 1024 * 1024) yield randomBytes(Math.min(left, 1024 * 1024));
  }
  await pipeline(chunks(), createWriteStream(path));
}

/** Milliseconds from the connection to the copy being flushed to disk. */
async function tcpCopy(from: string, to: string, maxMs: number): Promise<number | undefined> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as net.AddressInfo;
  const received = new Promise<number>((resolve, reject) => {
    server.once('connection', (socket) => {
      pipeline(socket, createWriteStream(to)).then(() => resolve(performance.now()), reject);
    });
  });
  const began = performance.now();
  const client = net.connect({ host: HOST, port });
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  const sent = pipeline(createReadStream(from), client);
  try {
    const ended = await bounded(Promise.all([received, sent]).then(([at]) => at), maxMs);
    return ended === undefined ? undefined : ended - began;
  } finally {
    client.destroy();
    server.close();
  }
}

/** One transfer with the reference programs through the lossy relay; its time is the sender's elapsed_ms. */
async function udpTransfer(dir: string, file: string, mode: 'gbn' | 'sr', loss: number, options: Options): Promise<{ ms: number | undefined; note: string }> {
  const outDir = await mkdtemp(join(dir, 'received-'));
  const receiver = new Program(join(SOLUTION, 'udp-recv.ts'), ['--out', outDir, '--mode', mode]);
  let sender: Program | undefined;
  const proxyRandom = createRandom(options.seed);
  let proxy: Awaited<ReturnType<typeof startLossyUdpProxy>> | undefined;
  try {
    const ready = await receiver.next('ready', READY_TIMEOUT_MS);
    if (!ready) return { ms: undefined, note: `the receiver did not start: ${receiver.stderr.trim()}` };
    proxy = await startLossyUdpProxy({
      target: { host: HOST, port: Number(ready.port) },
      upstream: { drop: loss },
      downstream: { drop: loss },
      random: proxyRandom,
    });
    const args = ['--to', `${HOST}:${proxy.port}`, '--file', file, '--mode', mode, '--window', String(options.window), '--timeout-ms', String(options.timeoutMs)];
    sender = new Program(join(SOLUTION, 'udp-send.ts'), args);
    const done = await sender.next('done', options.maxMs + READY_TIMEOUT_MS);
    if (!done) return { ms: undefined, note: sender.exited ? `failed: ${sender.lastError()}` : `stopped after ${options.maxMs / 1000} s` };
    const saved = await receiver.next('file_received', 5_000);
    const expected = createHash('sha256').update(await readFile(file)).digest('hex');
    if (!saved || saved.sha256 !== expected) return { ms: undefined, note: 'the received file did not verify' };
    const { up } = proxy.stats();
    return { ms: Number(done.elapsed_ms), note: `${String(done.retransmissions)} DATA resent; relay dropped ${up.dropped} of ${up.received} up` };
  } finally {
    sender?.kill();
    receiver.kill();
    await proxy?.close();
    await Promise.all([sender?.exit, receiver.exit]);
    await rm(outDir, { recursive: true, force: true });
  }
}

/** A reference program with --json, its events as they come. */
class Program {
  readonly events: Array<Record<string, unknown>> = [];
  stderr = '';
  exited = false;
  readonly exit: Promise<void>;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  private rest = '';

  constructor(file: string, args: string[]) {
    this.child = spawn(process.execPath, ['--import', TSX_IMPORT, file, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (this.rest + chunk.toString('utf8')).split('\n');
      this.rest = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.events.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not an event
        }
      }
      this.wake();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000)));
    this.exit = new Promise((resolve) => this.child.once('exit', () => {
      this.exited = true;
      this.wake();
      resolve();
    }));
  }

  /** The first event called `name`, or undefined if the program exits or the time is up first. */
  async next(name: string, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
    const find = () => this.events.find((e) => e.event === name);
    return bounded(new Promise<Record<string, unknown> | undefined>((resolve) => {
      const check = () => {
        const found = find();
        if (found || this.exited) {
          this.waiters.delete(check);
          resolve(found);
        }
      };
      this.waiters.add(check);
      check();
    }), timeoutMs);
  }

  lastError(): string {
    const error = [...this.events].reverse().find((e) => e.event === 'error');
    return error ? `${String(error.code)}: ${String(error.message)}` : this.stderr.trim().split('\n').at(-1) ?? 'no output';
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGTERM');
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** The promise's value, or undefined after `ms`. */
async function bounded<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function table(rows: Row[], tcpMs: number | undefined, options: Options): string {
  const rate = (row: Row) => (row.ms === undefined ? undefined : row.bytes / MB / (row.ms / 1000));
  const baseline = tcpMs === undefined ? undefined : options.sizeBytes / MB / (tcpMs / 1000);
  const lines = [
    `Reliable UDP on 127.0.0.1 (window ${options.window}, timeout ${options.timeoutMs} ms, relay seed ${options.seed}; loss applies to each direction)`,
    '',
    '| transfer | loss | file | time | MB/s | vs TCP | notes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const speed = rate(row);
    const versus = speed === undefined || baseline === undefined ? '—' : `${((speed / baseline) * 100).toFixed(speed / baseline < 0.01 ? 2 : 1)}%`;
    const time = row.ms === undefined ? '—' : `${(row.ms / 1000).toFixed(2)} s`;
    lines.push(`| ${row.what} | ${row.loss} | ${mib(row.bytes)} | ${time} | ${speed === undefined ? '—' : speed.toFixed(speed < 10 ? 2 : 1)} | ${versus} | ${row.note} |`);
  }
  return lines.join('\n') + '\n';
}

function mib(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(3))} MiB`;
}

function progress(text: string): void {
  process.stderr.write(`… ${text}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'bench-udp-'));
  try {
    const big = join(dir, 'bench-big.bin');
    const small = join(dir, 'bench-lossy.bin');
    progress(`writing ${mib(options.sizeBytes)} and ${mib(options.lossySizeBytes)} of random bytes in ${dir}`);
    await writeRandomFile(big, options.sizeBytes);
    await writeRandomFile(small, options.lossySizeBytes);

    const rows: Row[] = [];
    progress('TCP baseline');
    const tcpMs = await tcpCopy(big, join(dir, 'tcp-copy.bin'), options.maxMs);
    rows.push({ what: 'TCP copy (baseline)', loss: '—', bytes: options.sizeBytes, ms: tcpMs, note: 'file → socket → file' });
    for (const loss of options.losses) {
      for (const mode of ['gbn', 'sr'] as const) {
        const file = loss === 0 ? big : small;
        const bytes = loss === 0 ? options.sizeBytes : options.lossySizeBytes;
        progress(`${mode} at ${loss}% loss, ${mib(bytes)}`);
        const result = await udpTransfer(dir, file, mode, loss / 100, options);
        rows.push({ what: mode === 'gbn' ? 'UDP Go-Back-N' : 'UDP Selective Repeat', loss: `${loss}%`, bytes, ms: result.ms, note: result.note });
      }
    }
    process.stdout.write(table(rows, tcpMs, options));
    if (options.json) await writeFile(options.json, JSON.stringify({ tcpMs, rows }, null, 2));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Last, so that every class above is initialised before it runs.
await runProgram(USAGE, main);
