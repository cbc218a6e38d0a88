// Direct chat between two reference peers (solutions/03, through a reference tracker): round-trip
// latency and messages per second. The peers are driven the way a person drives them, by typing on
// stdin and reading their events on stdout, so two baselines are measured in the same run: a bare
// Node TCP echo (the floor of the wire) and a `cat`-like echo child (the cost of the stdio pipes the
// driver adds). Prints a Markdown table.
//
//   npx tsx bench/chat-latency.ts [--rounds 500] [--burst 2000] [--quick]
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { commandLine } from './bench-tools.ts';
import { BENCH_PASSWORD as PASSWORD, ms, quantile, startReferenceTracker } from './tracker-probe.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = commandLine();
const quick = args.has('quick');
const rounds = args.number('rounds', quick ? 50 : 500);
const burst = args.number('burst', quick ? 200 : 2000);
const WAIT_MS = 30_000;

/** Something that takes a line and, sooner or later, yields lines: a socket or a child. */
class LineEnd {
  private rest = '';
  private waiter: { test: (line: string) => boolean; resolve: (line: string) => void } | undefined;
  onLine: ((line: string) => void) | undefined;
  constructor(readonly write: (line: string) => void, input: NodeJS.ReadableStream) {
    input.on('data', (chunk: Buffer) => {
      const lines = (this.rest + chunk.toString()).split('\n');
      this.rest = lines.pop() ?? '';
      for (const line of lines) {
        this.onLine?.(line);
        if (this.waiter?.test(line)) {
          const { resolve } = this.waiter;
          this.waiter = undefined;
          resolve(line);
        }
      }
    });
  }
  /** The next line that passes `test`, within WAIT_MS. */
  next(test: (line: string) => boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no expected line within ${WAIT_MS} ms`)), WAIT_MS);
      this.waiter = { test, resolve: (line) => (clearTimeout(timer), resolve(line)) };
    });
  }
}

/** Round trips: `there` sends a line to `back`, which answers; timed at `there`. */
async function roundTrips(there: LineEnd, back: LineEnd, isArrival: (line: string) => boolean): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const began = performance.now();
    const arrived = back.next(isArrival);
    there.write(`ping ${i}\n`);
    await arrived;
    const returned = there.next(isArrival);
    back.write(`pong ${i}\n`);
    await returned;
    times.push(performance.now() - began);
  }
  return times;
}

/** Messages per second: `burst` lines written at once, until the other end has seen them all. */
async function rate(there: LineEnd, back: LineEnd, isArrival: (line: string) => boolean): Promise<number> {
  let seen = 0;
  const began = performance.now();
  const all = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${seen}/${burst} messages within ${WAIT_MS} ms`)), WAIT_MS);
    back.onLine = (line) => {
      if (isArrival(line) && ++seen === burst) {
        clearTimeout(timer);
        resolve();
      }
    };
  });
  there.write(Array.from({ length: burst }, (_, i) => `message ${i}\n`).join(''));
  await all;
  back.onLine = undefined;
  return (burst * 1000) / (performance.now() - began);
}

async function tcpEcho(): Promise<{ times: number[]; perSecond: number }> {
  // The far end echoes lines back as it gets them: both directions are one Node socket each.
  const server = net.createServer((socket) => socket.pipe(socket)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.setNoDelay(true);
  const end = new LineEnd((line) => socket.write(line), socket);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const began = performance.now();
    const back = end.next(() => true);
    socket.write(`ping ${i}\n`);
    await back;
    times.push(performance.now() - began);
  }
  const perSecond = await rate(end, end, () => true);
  socket.destroy();
  server.close();
  return { times, perSecond };
}

function spawnEnd(args: string[]): { child: ChildProcess; end: LineEnd } {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, FORCE_COLOR: '0' } });
  return { child, end: new LineEnd((line) => child.stdin?.write(line), child.stdout!) };
}

async function stdioEcho(): Promise<number[]> {
  const { child, end } = spawnEnd(['-e', 'process.stdin.pipe(process.stdout)']);
  const times: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const began = performance.now();
      const back = end.next(() => true);
      end.write(`ping ${i}\n`);
      await back;
      times.push(performance.now() - began);
    }
  } finally {
    child.kill('SIGKILL');
  }
  return times;
}

/** Starts a reference peer, registers `name` through its prompts, and waits for its login. */
async function startPeer(trackerPort: number, name: string): Promise<{ child: ChildProcess; end: LineEnd }> {
  const peer = spawnEnd(['--import', 'tsx', 'solutions/03-roster-and-direct/peer.ts', '--tracker', `127.0.0.1:${trackerPort}`, '--listen-port', '0', '--json']);
  const answers: Record<string, string> = { new_or_returning: 'new', username: name, password: PASSWORD };
  peer.end.onLine = (line) => {
    const field = /"event":"prompt".*"field":"([a-z_]+)"/.exec(line)?.[1];
    if (field) peer.end.write(`${answers[field] ?? PASSWORD}\n`);
  };
  await peer.end.next((line) => line.includes('"logged_in"'));
  peer.end.onLine = undefined;
  return peer;
}

async function main(): Promise<void> {
  const tcp = await tcpEcho();
  const pipes = await stdioEcho();
  const tracker = await startReferenceTracker(root, []);
  const children: ChildProcess[] = [];
  try {
    const alice = await startPeer(tracker.port, 'alice');
    children.push(alice.child);
    const bob = await startPeer(tracker.port, 'bob');
    children.push(bob.child);
    const bobReady = bob.end.next((line) => line.includes('"session_started"'));
    alice.end.write('/connect bob\n');
    await Promise.all([alice.end.next((line) => line.includes('"session_started"')), bobReady]);
    const isMessage = (line: string) => line.includes('"event":"message"');
    await roundTrips(alice.end, bob.end, isMessage); // warm-up: JIT and buffers
    const chat = await roundTrips(alice.end, bob.end, isMessage);
    const chatRate = await rate(alice.end, bob.end, isMessage);
    const row = (what: string, t: number[], perSecond?: number) =>
      `| ${what} | ${ms(quantile(t, 0.5))} ms | ${ms(quantile(t, 0.99))} ms | ${perSecond === undefined ? '—' : `${perSecond.toFixed(0)} msgs/s`} |`;
    const p50 = quantile(chat, 0.5);
    process.stdout.write(
      [
        `${rounds} round trips, ${burst} messages per burst; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
        '',
        '| path | round trip p50 | p99 | one way, burst |',
        '| --- | ---: | ---: | ---: |',
        row('bare Node TCP echo (baseline)', tcp.times, tcp.perSecond),
        row('stdin → child → stdout echo (the driver\'s own cost, baseline)', pipes),
        row('reference peers: alice types → bob prints → bob types → alice prints', chat, chatRate),
        '',
        `A chat round trip crosses four stdio pipes and two direct-connection hops: ${ms(p50)} ms p50, ×${(p50 / quantile(tcp.times, 0.5)).toFixed(0)} the bare echo; minus two stdio echoes it is ≈ ${ms(Math.max(0, p50 - 2 * quantile(pipes, 0.5)))} ms. Target p50 under 1 ms: ${p50 < 1 ? '✓ met' : `✗ MISSED end to end${p50 - 2 * quantile(pipes, 0.5) < 1 ? ' (met once the driver\'s pipes are taken out)' : ''}`}.`,
      ].join('\n') + '\n',
    );
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await tracker.stop();
  }
}

await main();
