// The reference TCP transfer (a /send between two real peers: SHA-256 before the offer, data frames,
// SHA-256 and disk write at the receiver, file_ok) against two baselines measured in the same run on
// the same file: a bare Node socket pipe file → file, and nc over loopback.
//   npx tsx bench/tcp-transfer.ts [--size MiB] [--json FILE]
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatRate, makeFile, megabytesPerSecond, peakMemory, startChild } from './bench-tools.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1024' }, json: { type: 'string' } } });
const size = Number(values.size) * 1024 * 1024;
const root = new URL('..', import.meta.url).pathname;
const tsx = ['--import', 'tsx'];

// The baseline: what Node itself does with a socket between two files, and nothing else.
const PIPE_RECEIVER = `const net=require('net'),fs=require('fs');const s=net.createServer(c=>{c.pipe(fs.createWriteStream(process.argv[1])).on('finish',()=>{console.log('done');process.exit(0)})});s.listen(0,'127.0.0.1',()=>console.log('ready '+s.address().port));`;
const PIPE_SENDER = `const net=require('net'),fs=require('fs');const c=net.connect(+process.argv[2],'127.0.0.1',()=>fs.createReadStream(process.argv[1]).pipe(c));`;

async function barePipe(file: string, out: string): Promise<number> {
  const receiver = startChild(process.execPath, ['-e', PIPE_RECEIVER, out]);
  const port = (await receiver.waitFor((l) => l.startsWith('ready'))).split(' ')[1]!;
  const began = performance.now();
  const sender = startChild(process.execPath, ['-e', PIPE_SENDER, file, port]);
  await receiver.waitFor((l) => l === 'done');
  const ms = performance.now() - began;
  sender.stop();
  receiver.stop();
  return ms;
}

async function netcat(file: string, out: string): Promise<number | undefined> {
  try {
    execFileSync('nc', ['-h'], { stdio: 'ignore' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // nc not installed: say so in the table
  }
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const receiver = startChild('sh', ['-c', `nc -l 127.0.0.1 ${port} > '${out}'; echo done`]);
  await new Promise((resolve) => setTimeout(resolve, 300)); // nc prints nothing when it listens
  const began = performance.now();
  const sender = startChild('sh', ['-c', `nc -N 127.0.0.1 ${port} < '${file}'`]);
  await receiver.waitFor((l) => l === 'done');
  const ms = performance.now() - began;
  sender.stop();
  return ms;
}

async function reference(file: string, dir: string): Promise<{ ms: number; peak: number | undefined }> {
  const tracker = startChild(process.execPath, [...tsx, join(root, 'solutions/04-file-transfer/tracker.ts'), '--port', '0', '--db', join(dir, 'tracker.db'), '--json']);
  const port = JSON.parse(await tracker.waitFor((l) => l.includes('"ready"'))).port as number;
  const peer = (name: string) => {
    const child = startChild(process.execPath, [...tsx, join(root, 'solutions/04-file-transfer/peer.ts'), '--tracker', `127.0.0.1:${port}`, '--downloads', join(dir, `${name}-downloads`), '--json']);
    child.write(`new\n${name}\ncorrect horse battery\n`);
    return child;
  };
  const alice = peer('alice');
  const bob = peer('bob');
  await Promise.all([alice.waitFor((l) => l.includes('"shared"')), bob.waitFor((l) => l.includes('"shared"'))]);
  alice.write('/connect bob\n');
  await bob.waitFor((l) => l.includes('session_started'));
  const began = performance.now();
  alice.write(`/send bob ${file}\n`);
  await alice.waitFor((l) => l.includes('"file_sent"'), 600_000);
  const ms = performance.now() - began;
  const peak = await peakMemory(bob.process.pid);
  for (const child of [alice, bob, tracker]) child.stop();
  return { ms, peak };
}

const dir = await mkdtemp(join(tmpdir(), 'bench-tcp-'));
try {
  const file = join(dir, 'payload.bin');
  await makeFile(file, size);
  const pipeMs = await barePipe(file, join(dir, 'pipe.out'));
  const ncMs = await netcat(file, join(dir, 'nc.out'));
  const ours = await reference(file, dir);
  for (const out of ['pipe.out', 'nc.out', 'bob-downloads/payload.bin']) {
    const got = await stat(join(dir, out)).then((s) => s.size, () => -1);
    if (got !== size && !(out === 'nc.out' && ncMs === undefined)) throw new Error(`${out} has ${got} bytes, not ${size}`);
  }
  const rates = { reference: megabytesPerSecond(size, ours.ms), pipe: megabytesPerSecond(size, pipeMs), nc: ncMs === undefined ? undefined : megabytesPerSecond(size, ncMs) };
  const result = {
    sizeBytes: size,
    referenceMBps: rates.reference,
    barePipeMBps: rates.pipe,
    ncMBps: rates.nc,
    ratioToPipe: rates.reference / rates.pipe,
    ratioToNc: rates.nc === undefined ? undefined : rates.reference / rates.nc,
    receiverPeakBytes: ours.peak,
  };
  console.log(`| transfer of ${(size / 1024 / 1024).toFixed(0)} MiB | MB/s | vs bare pipe |`);
  console.log('| --- | --- | --- |');
  console.log(`| reference /send (SHA-256 both ends, disk write) | ${formatRate(rates.reference)} | ${result.ratioToPipe.toFixed(2)}× |`);
  console.log(`| bare Node socket pipe, file → file | ${formatRate(rates.pipe)} | 1.00× |`);
  console.log(`| nc over loopback | ${formatRate(rates.nc)} | ${rates.nc === undefined ? 'nc not installed' : `${(rates.nc / rates.pipe).toFixed(2)}×`} |`);
  console.log(`\nreceiver peak memory (VmHWM): ${ours.peak === undefined ? 'n/a' : `${(ours.peak / 1e6).toFixed(0)} MB`}`);
  const verdict = (ok: boolean) => (ok ? '✓ met' : '✗ MISSED');
  console.log(`\nTargets: at least 0.8× the bare pipe — ${result.ratioToPipe.toFixed(2)}× ${verdict(result.ratioToPipe >= 0.8)}; ahead of nc — ${result.ratioToNc === undefined ? 'n/a' : `${result.ratioToNc.toFixed(2)}× ${verdict(result.ratioToNc > 1)}`}; receiver peak under 100 MB — ${ours.peak === undefined ? 'n/a' : `${(ours.peak / 1e6).toFixed(0)} MB ${verdict(ours.peak < 100e6)}`}.`);
  if (values.json) await writeFile(values.json, JSON.stringify(result, null, 2));
} finally {
  await rm(dir, { recursive: true, force: true });
}
