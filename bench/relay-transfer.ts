// A file sent through Lab 06's relay, sealed end to end, against the same file sent directly between
// two reference peers in the same run (the baseline): the issue asks for at least 0.5× the direct rate.
// Everything is the Lab 06 reference: tracker with --relay, the relay, and three peers; carol listens
// on 127.0.0.2 only, so a dial to the address the tracker knows for her is refused and her sessions go
// through the relay. Each round sends the file both ways in turn; medians are reported.
//   npx tsx bench/relay-transfer.ts [--size MiB] [--rounds N]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSeconds, formatRate, makeFile, median, megabytesPerSecond, startChild, type Child } from './bench-tools.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '256' }, rounds: { type: 'string', default: '3' } } });
const size = Number(values.size) * 1024 * 1024;
const rounds = Math.max(1, Math.min(9, Number(values.rounds)));
const root = new URL('..', import.meta.url).pathname;
const lab = join(root, 'solutions/06-rooms-and-relay');
const node = (script: string, args: string[]) => startChild(process.execPath, ['--import', 'tsx', join(lab, script), ...args]);
const json = (line: string) => JSON.parse(line) as Record<string, unknown>;

const dir = await mkdtemp(join(tmpdir(), 'bench-relay-'));
const children: Child[] = [];
try {
  const secret = join(dir, 'secret');
  await writeFile(secret, randomBytes(32).toString('base64url'));
  const relay = node('relay.ts', ['--port', '0', '--secret-file', secret, '--json']);
  children.push(relay);
  const relayPort = json(await relay.waitFor((l) => l.includes('"ready"'))).port as number;
  const tracker = node('tracker.ts', ['--port', '0', '--db', join(dir, 'tracker.db'), '--scrypt-n', '1024', '--relay', `127.0.0.1:${relayPort}`, '--relay-secret-file', secret, '--json']);
  children.push(tracker);
  const trackerPort = json(await tracker.waitFor((l) => l.includes('"ready"'))).port as number;
  const peer = async (name: string, extra: string[] = []) => {
    const child = node('peer.ts', ['--tracker', `127.0.0.1:${trackerPort}`, '--downloads', join(dir, `${name}-downloads`), '--json', ...extra]);
    children.push(child);
    child.write(`new\n${name}\ncorrect horse battery\n`);
    await child.waitFor((l) => l.includes('"logged_in"'), 30_000);
    return child;
  };
  const alice = await peer('alice');
  const bob = await peer('bob');
  const carol = await peer('carol', ['--host', '127.0.0.2']);
  alice.write('/connect bob\n');
  await bob.waitFor((l) => l.includes('"session_started"'), 30_000);
  alice.write('/connect carol\n');
  await carol.waitFor((l) => l.includes('"session_relayed"'), 30_000);
  await carol.waitFor((l) => l.includes('"session_started"'), 30_000);

  const file = join(dir, 'payload.bin');
  await makeFile(file, size);
  let sent = 0;
  const send = async (to: string, receiver: Child) => {
    sent += 1;
    const seen = alice.lines.filter((l) => l.includes('"file_sent"')).length;
    const relayCpu = await cpuSeconds(relay.process.pid);
    const began = performance.now();
    alice.write(`/send ${to} ${file}\n`);
    await alice.waitFor((l) => l.includes('"file_sent"') && alice.lines.filter((x) => x.includes('"file_sent"')).length > seen, 600_000);
    const ms = performance.now() - began;
    await receiver.waitFor((l) => l.includes('"file_received"'), 10_000);
    await rm(join(dir, `${to}-downloads`), { recursive: true, force: true });
    return { ms, relayCpu: (await cpuSeconds(relay.process.pid)) - relayCpu };
  };
  const direct: number[] = [];
  const relayed: number[] = [];
  const relayCpu: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    direct.push((await send('bob', bob)).ms);
    const through = await send('carol', carol);
    relayed.push(through.ms);
    relayCpu.push(through.relayCpu);
  }
  const rate = (ms: number | undefined) => (ms === undefined ? undefined : megabytesPerSecond(size, ms));
  const directRate = rate(median(direct));
  const relayedRate = rate(median(relayed));
  console.log(`${values.size} MiB file, ${rounds} round(s) of each, ${sent} transfers; medians. Both verify the SHA-256 and write to disk.\n`);
  console.log('| path | time | rate | ratio to direct |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| direct: alice → bob (baseline) | ${((median(direct) ?? 0) / 1000).toFixed(2)} s | ${formatRate(directRate)} | 1.00 |`);
  console.log(`| through the relay, sealed: alice → relay → carol | ${((median(relayed) ?? 0) / 1000).toFixed(2)} s | ${formatRate(relayedRate)} | ${directRate && relayedRate ? (relayedRate / directRate).toFixed(2) : '?'} |`);
  console.log(`\nThe relay itself used ${(median(relayCpu) ?? 0).toFixed(2)} CPU seconds per relayed file (it copies sealed records; the sealing is the peers' work). Target: at least 0.5× direct.`);
} finally {
  for (const child of children) child.stop();
  await rm(dir, { recursive: true, force: true });
}
