// The reference TCP transfer against two baselines measured in the same run on the same file: a bare
// Node socket pipe file → file, and nc over loopback. Two ways the reference moves a file:
//   /send PATH  — the sender hashes the file first (the offer carries its SHA-256), then streams it;
//   /get NAME   — a download of a shared file, whose SHA-256 the holder computed when it announced its
//                 folder at login (outside the timed window, reported separately).
// Both verify the SHA-256 at the receiver and write to disk. Every contender runs `--rounds` times in
// turn, each on a quiet page cache (outputs deleted and synced between runs); medians are reported, with
// the CPU seconds each side spent, which explain the wall times on a 2-core machine.
//   npx tsx bench/tcp-transfer.ts [--size MiB] [--rounds N] [--json FILE]
import { execFileSync } from 'node:child_process';
import { link, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPlainJavaScriptPeer } from './plain-javascript-peer.ts';
import { cpuSeconds, formatRate, makeFile, median, megabytesPerSecond, peakMemory, residentBytes, startChild } from './bench-tools.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1024' }, rounds: { type: 'string', default: '3' }, json: { type: 'string' } } });
const size = Number(values.size) * 1024 * 1024;
const rounds = Math.max(1, Math.min(9, Number(values.rounds)));
const root = new URL('..', import.meta.url).pathname;
const tsx = ['--import', 'tsx'];

interface Run {
  ms: number;
  /** CPU seconds (user + system, all threads) spent by each side during the timed window. */
  senderCpu?: number;
  receiverCpu?: number;
  /** The receiver's peak resident memory, and its resident memory just before the transfer. */
  receiverPeak?: number;
  receiverIdle?: number;
  /** How long the two peers took to start and log in (for /get, alice also hashes her shared folder). */
  startMs?: number;
}

// The baseline: what Node itself does with a socket between two files, and nothing else. Each side
// prints the CPU time it used since its script began when done.
const CPU = `const u=process.cpuUsage();const cpu=()=>{const d=process.cpuUsage(u);return (d.user+d.system)/1e6}`;
const PIPE_RECEIVER = `${CPU};const net=require('net'),fs=require('fs');const s=net.createServer(c=>{c.pipe(fs.createWriteStream(process.argv[1])).on('finish',()=>{console.log('done '+cpu());process.exit(0)})});s.listen(0,'127.0.0.1',()=>console.log('ready '+s.address().port));`;
// The sender connects first and starts on a line from stdin, so its start-up is not timed (nor is ours).
const PIPE_SENDER = `${CPU};const net=require('net'),fs=require('fs');const c=net.connect(+process.argv[2],'127.0.0.1',()=>{console.log('connected');process.stdin.once('data',()=>fs.createReadStream(process.argv[1]).pipe(c).on('finish',()=>console.log('sent '+cpu())))});`;

async function barePipe(file: string, out: string): Promise<Run> {
  const receiver = startChild(process.execPath, ['-e', PIPE_RECEIVER, out]);
  const port = (await receiver.waitFor((l) => l.startsWith('ready'))).split(' ')[1]!;
  const sender = startChild(process.execPath, ['-e', PIPE_SENDER, file, port]);
  await sender.waitFor((l) => l === 'connected');
  const began = performance.now();
  sender.write('go\n');
  const done = await receiver.waitFor((l) => l.startsWith('done'), 600_000);
  const ms = performance.now() - began;
  const sent = await sender.waitFor((l) => l.startsWith('sent'), 10_000).catch(() => undefined);
  sender.stop();
  receiver.stop();
  return { ms, receiverCpu: Number(done.split(' ')[1]), senderCpu: sent ? Number(sent.split(' ')[1]) : undefined };
}

function hasNetcat(): boolean {
  try {
    execFileSync('nc', ['-h'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT'; // nc -h exits non-zero on some builds
  }
}

/** A port nothing listens on right now, chosen by the kernel (nc cannot listen on port 0 and say which). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something listens on 127.0.0.1:port (Linux /proc/net/tcp: state 0A is LISTEN). */
async function listening(port: number): Promise<boolean> {
  const table = await readFile('/proc/net/tcp', 'utf8').catch(() => '');
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table.split('\n').some((row) => row.trim().split(/\s+/)[1] === local && row.trim().split(/\s+/)[3] === '0A');
}

async function netcat(file: string, out: string): Promise<Run> {
  const port = await freePort();
  // exec: the shell becomes nc, so stopping the child stops nc itself.
  const receiver = startChild('sh', ['-c', `exec nc -l 127.0.0.1 ${port} > '${out}'`]);
  const received = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('nc did not finish within 10 minutes')), 600_000);
    receiver.process.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  // nc prints nothing when it listens: wait until the kernel shows its socket (bounded), never connect
  // to find out, since that would be the one connection nc accepts.
  for (let tries = 0; tries < 200 && !(await listening(port)); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  const began = performance.now();
  const sender = startChild('sh', ['-c', `exec nc -N 127.0.0.1 ${port} < '${file}'`]);
  await received;
  const ms = performance.now() - began;
  sender.stop();
  return { ms };
}

// How a peer is started: with tsx (as students run it), or as the same code bundled to plain JavaScript.
const withTsx = [...tsx, join(root, 'solutions/04-file-transfer/peer.ts')];
let plainPeer: string[] = [];

/** Two logged-in reference peers; alice shares `shared` when given. */
async function twoPeers(dir: string, shared?: string, program = withTsx) {
  const tracker = startChild(process.execPath, [...tsx, join(root, 'solutions/04-file-transfer/tracker.ts'), '--port', '0', '--db', join(dir, 'tracker.db'), '--json']);
  const port = JSON.parse(await tracker.waitFor((l) => l.includes('"ready"'))).port as number;
  const peer = (name: string, extra: string[]) => {
    const child = startChild(process.execPath, [...program, '--tracker', `127.0.0.1:${port}`, '--downloads', join(dir, `${name}-downloads`), '--json', ...extra]);
    child.write(`new\n${name}\ncorrect horse battery\n`);
    return child;
  };
  const began = performance.now();
  const alice = peer('alice', shared ? ['--shared', shared] : []);
  const bob = peer('bob', []);
  await Promise.all([alice.waitFor((l) => l.includes('"shared"'), 600_000), bob.waitFor((l) => l.includes('"shared"'))]);
  return { tracker, alice, bob, startMs: performance.now() - began, stop: () => [alice, bob, tracker].forEach((c) => c.stop()) };
}

async function referenceSend(file: string, dir: string, program = withTsx): Promise<Run> {
  const { alice, bob, stop, startMs } = await twoPeers(dir, undefined, program);
  alice.write('/connect bob\n');
  await bob.waitFor((l) => l.includes('session_started'));
  const before = { alice: await cpuSeconds(alice.process.pid), bob: await cpuSeconds(bob.process.pid), idle: await residentBytes(bob.process.pid!) };
  const began = performance.now();
  alice.write(`/send bob ${file}\n`);
  await alice.waitFor((l) => l.includes('"file_sent"'), 600_000);
  const ms = performance.now() - began;
  const run: Run = { ms, startMs, senderCpu: await cpuSeconds(alice.process.pid) - before.alice, receiverCpu: await cpuSeconds(bob.process.pid) - before.bob, receiverPeak: await peakMemory(bob.process.pid), receiverIdle: before.idle };
  stop();
  return run;
}

async function referenceGet(file: string, dir: string): Promise<Run> {
  const shared = join(dir, 'alice-shared');
  await mkdir(shared);
  await link(file, join(shared, 'payload.bin')); // the same bytes, no copy
  const { alice, bob, stop, startMs } = await twoPeers(dir, shared);
  const before = { alice: await cpuSeconds(alice.process.pid), bob: await cpuSeconds(bob.process.pid), idle: await residentBytes(bob.process.pid!) };
  const start = performance.now();
  bob.write('/get payload.bin\n');
  await bob.waitFor((l) => l.includes('"file_received"'), 600_000);
  const ms = performance.now() - start;
  const run: Run = { ms, startMs, senderCpu: await cpuSeconds(alice.process.pid) - before.alice, receiverCpu: await cpuSeconds(bob.process.pid) - before.bob, receiverPeak: await peakMemory(bob.process.pid), receiverIdle: before.idle };
  stop();
  return run;
}

const contenders = {
  send: { label: 'reference /send (hash, then stream; SHA-256 and disk write at the receiver)', run: (file: string, dir: string) => referenceSend(file, dir), output: 'bob-downloads/payload.bin' },
  plain: { label: 'the same /send, both peers run as plain JavaScript (no tsx)', run: (file: string, dir: string) => referenceSend(file, dir, plainPeer), output: 'bob-downloads/payload.bin' },
  get: { label: 'reference /get of a shared file (hash known from the announce)', run: (file: string, dir: string) => referenceGet(file, dir), output: 'bob-downloads/payload.bin' },
  pipe: { label: 'bare Node socket pipe, file → file', run: (file: string, dir: string) => barePipe(file, join(dir, 'out.bin')), output: 'out.bin' },
  nc: { label: 'nc over loopback', run: (file: string, dir: string) => netcat(file, join(dir, 'out.bin')), output: 'out.bin' },
} as const;
type Name = keyof typeof contenders;

const dir = await mkdtemp(join(tmpdir(), 'bench-tcp-'));
try {
  const file = join(dir, 'payload.bin');
  await makeFile(file, size);
  plainPeer = [await buildPlainJavaScriptPeer(dir)];
  execFileSync('sync');
  const names: Name[] = hasNetcat() ? ['pipe', 'nc', 'send', 'plain', 'get'] : ['pipe', 'send', 'plain', 'get'];
  const runs = new Map<Name, Run[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    // A different order each round, so no contender always runs right after another one's writeback.
    for (const name of names.map((_, i) => names[(i + round) % names.length]!)) {
      const work = await mkdtemp(join(dir, `${name}-`));
      runs.get(name)!.push(await contenders[name].run(file, work));
      const got = await stat(join(work, contenders[name].output)).then((s) => s.size, () => -1);
      if (got !== size) throw new Error(`${name}: the output has ${got} bytes, not ${size}`);
      await rm(work, { recursive: true, force: true });
      execFileSync('sync'); // the next contender starts without this one's dirty pages
    }
  }
  const mid = (name: Name, pick: (run: Run) => number | undefined) => median((runs.get(name) ?? []).map(pick).filter((v): v is number => v !== undefined));
  const rate = (name: Name) => (runs.has(name) ? megabytesPerSecond(size, mid(name, (r) => r.ms)!) : undefined);
  const pipe = rate('pipe')!;
  const cpu = (name: Name) => {
    const sender = mid(name, (r) => r.senderCpu);
    const receiver = mid(name, (r) => r.receiverCpu);
    return sender === undefined || receiver === undefined ? 'n/a' : `${sender.toFixed(2)} / ${receiver.toFixed(2)} s`;
  };
  console.log(`| transfer of ${(size / 1024 / 1024).toFixed(0)} MiB, median of ${rounds} | MB/s | vs bare pipe | CPU sender / receiver |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const name of ['send', 'plain', 'get', 'pipe', 'nc'] as Name[]) {
    const mbps = rate(name);
    console.log(`| ${contenders[name].label} | ${mbps === undefined ? 'nc not installed' : formatRate(mbps)} | ${mbps === undefined ? '—' : `${(mbps / pipe).toFixed(2)}×`} | ${cpu(name)} |`);
  }
  const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(0)} MB`);
  const peak = mid('send', (r) => r.receiverPeak);
  const idle = mid('send', (r) => r.receiverIdle);
  const getPeak = mid('get', (r) => r.receiverPeak);
  const plainPeak = mid('plain', (r) => r.receiverPeak);
  const plainIdle = mid('plain', (r) => r.receiverIdle);
  const added = (top: number | undefined, base: number | undefined) => (top === undefined || base === undefined ? 'n/a' : mb(top - base));
  console.log(`\nreceiver peak memory (VmHWM): ${mb(peak)} for /send with tsx (idle just before: ${mb(idle)}, so the transfer adds ${added(peak, idle)}); ${mb(getPeak)} for /get with tsx; ${mb(plainPeak)} for /send as plain JavaScript (idle: ${mb(plainIdle)}, adds ${added(plainPeak, plainIdle)}).`);
  const startGet = mid('get', (r) => r.startMs)!;
  const startSend = mid('send', (r) => r.startMs)!;
  console.log(`two peers start and log in in ${startSend.toFixed(0)} ms, or ${startGet.toFixed(0)} ms when alice shares the file: she hashes it while announcing her folder (about ${(startGet - startSend).toFixed(0)} ms, outside the /get window).`);
  // The fastest any program could do the same work here: all the CPU both sides spent, spread
  // perfectly over every core. /send must hash the whole file before its offer, so that part (the
  // sender's extra CPU over /get) cannot overlap anything and comes on top.
  const cores = availableParallelism();
  const pipeMs = mid('pipe', (r) => r.ms)!;
  const cpuOf = (name: Name, side: 'senderCpu' | 'receiverCpu') => mid(name, (r) => r[side]) ?? NaN;
  const getFloorMs = ((cpuOf('get', 'senderCpu') + cpuOf('get', 'receiverCpu')) / cores) * 1000;
  const sendFloorMs = getFloorMs + (cpuOf('send', 'senderCpu') - cpuOf('get', 'senderCpu')) * 1000;
  const atBest = (ms: number) => `${ms.toFixed(0)} ms, at best ${(pipeMs / ms).toFixed(2)}× the pipe`;
  console.log(`\nCPU floor on ${cores} cores (the CPU both sides spent, spread over every core; /send adds its hashing before the offer): /get ${atBest(getFloorMs)}; /send ${atBest(sendFloorMs)}; the pipe itself took ${pipeMs.toFixed(0)} ms, nc ${mid('nc', (r) => r.ms)?.toFixed(0) ?? 'n/a'} ms.`);
  const verdict = (ok: boolean) => (ok ? '✓ met' : '✗ MISSED');
  const nc = rate('nc');
  const best = Math.max(rate('send')!, rate('get')!);
  const target = (label: string, mbps: number) =>
    `${label} ${(mbps / pipe).toFixed(2)}× the bare pipe ${verdict(mbps / pipe >= 0.8)}, ${nc === undefined ? 'nc n/a' : `${(mbps / nc).toFixed(2)}× nc ${verdict(mbps > nc)}`}`;
  console.log(`\nTargets (at least 0.8× the bare pipe, ahead of nc, receiver peak under 100 MB): ${target('/send', rate('send')!)}; ${target('/get', rate('get')!)}; receiver peak ${mb(peak)} with tsx ${peak === undefined ? '' : verdict(peak < 100e6)}, ${mb(plainPeak)} as plain JavaScript ${plainPeak === undefined ? '' : verdict(plainPeak < 100e6)}.`);
  if (values.json) {
    const summary = Object.fromEntries(names.map((name) => [name, { MBps: rate(name), senderCpu: mid(name, (r) => r.senderCpu), receiverCpu: mid(name, (r) => r.receiverCpu), runs: runs.get(name) }]));
    await writeFile(values.json, JSON.stringify({ sizeBytes: size, rounds, best, ...summary }, null, 2));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
