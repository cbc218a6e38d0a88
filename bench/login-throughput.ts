// How many logins per second does the reference tracker take at the production scrypt cost
// (N = 16384), and does hashing block its event loop? A probe times `list` round trips while the
// tracker is idle (the baseline, same run) and again during a storm of registrations; scrypt runs on
// libuv's thread pool, so the roster should stay fast. A bare scrypt loop in this process gives the
// hashing ceiling of the machine. Prints a Markdown table.
//
//   npx tsx bench/login-throughput.ts [--logins 200] [--parallel 32] [--quick] [--cpu-prof]
import { scrypt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCRYPT_PARAMS } from '#kit/protocol/limits.ts';
import { commandLine } from './bench-tools.ts';
import { hottestFunctions } from './cpu-profile.ts';
import { ms, Probe, quantile, sleep, startReferenceTracker } from './tracker-probe.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = commandLine();
const quick = args.has('quick');
const logins = args.number('logins', quick ? 40 : 200);
const parallel = args.number('parallel', 32);
const LIST_GAP_MS = 15; // ≤ 67 lists a second: under the tracker's 100 messages per second

/** Times `list` round trips until `until` settles (or `idleMs` passes when it is undefined). */
async function listTimes(probe: Probe, until: Promise<unknown> | undefined, idleMs = 2_000): Promise<number[]> {
  const times: number[] = [];
  let done = false;
  void (until ?? sleep(idleMs)).finally(() => (done = true));
  while (!done && times.length < 10_000) {
    const began = performance.now();
    await probe.request({ type: 'list' });
    times.push(performance.now() - began);
    await sleep(LIST_GAP_MS);
  }
  return times;
}

/** Hashes per second of bare crypto.scrypt at the same cost, `parallel` at a time. */
async function bareScryptRate(count: number): Promise<number> {
  const began = performance.now();
  let next = 0;
  const worker = async () => {
    while (next++ < count) {
      await new Promise((resolve, reject) => scrypt('correct horse', 'sixteen byte salt', 64, { ...SCRYPT_PARAMS, maxmem: 64 * 2 ** 20 }, (e, key) => (e ? reject(e) : resolve(key))));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return (count * 1000) / (performance.now() - began);
}

async function main(): Promise<void> {
  const bare = await bareScryptRate(Math.min(logins, 96));
  const profileDir = args.has('cpu-prof') ? await mkdtemp(join(tmpdir(), 'bench-prof-')) : undefined;
  const nodeFlags = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const tracker = await startReferenceTracker(root, ['--max-per-ip', String(logins + 100), '--heartbeat-timeout', '600000'], nodeFlags);
  const opened: Probe[] = [];
  try {
    const probe = await Probe.connect(tracker.port, 'probe');
    opened.push(probe);
    const idle = await listTimes(probe, undefined);
    let next = 0;
    const began = performance.now();
    const storm = Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < logins) opened.push(await Probe.connect(tracker.port, `storm${next++}`));
      }),
    );
    const busy = await listTimes(probe, storm);
    await storm;
    const rate = (logins * 1000) / (performance.now() - began);
    const row = (what: string, t: number[]) => `| ${what} | ${t.length} | ${ms(quantile(t, 0.5))} ms | ${ms(quantile(t, 0.99))} ms | ${ms(Math.max(...t))} ms |`;
    process.stdout.write(
      [
        `Reference tracker (solutions/03) at the production cost scrypt N=${SCRYPT_PARAMS.N}, r=${SCRYPT_PARAMS.r}; ${logins} registrations, ${parallel} in flight; ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
        '',
        '| what | rate |',
        '| --- | ---: |',
        `| bare \`crypto.scrypt\`, this process (baseline: the hashing ceiling) | ${bare.toFixed(1)} hashes/s |`,
        `| registrations through the tracker | ${rate.toFixed(1)} logins/s (${((100 * rate) / bare).toFixed(0)}% of the ceiling) |`,
        '',
        '| roster (`list`) round trip | samples | p50 | p99 | max |',
        '| --- | ---: | ---: | ---: | ---: |',
        row('idle tracker (baseline)', idle),
        row('during the login storm', busy),
        '',
        `During the storm the roster p99 is ×${(quantile(busy, 0.99) / quantile(idle, 0.99)).toFixed(1)} the idle p99: ${quantile(busy, 0.99) < 50 ? 'hashing runs off the event loop (thread pool), so requests keep being answered' : 'the event loop is being held up: profile it'}.`,
      ].join('\n') + '\n',
    );
  } finally {
    for (const probe of opened) probe.close();
    await tracker.stop();
  }
  if (profileDir) {
    process.stdout.write(`\nWhere the tracker's main thread spent its CPU (self time, \`node --cpu-prof\`):\n\n${(await hottestFunctions(profileDir, root)).join('\n')}\n`);
    await rm(profileDir, { recursive: true, force: true });
  }
}

await main();
