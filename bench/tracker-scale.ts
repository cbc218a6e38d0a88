// How does one reference tracker (solutions/03, presence on) hold 1,000 → 19,000 logged-in peers?
// Load generators in their own processes (bench/scale-load.ts, as many as the open-file limit needs:
// bench/scale-fleet.ts) open one TCP connection per peer and log them in, in stages on the same
// tracker; any connection that drops ends the benchmark with its cause (it never measures a shrinking
// crowd); at each stage a probe connection times full rosters
// (every page) and lookups (at rest, and while a login's presence fans out), and one marker login
// times its presence reaching every peer. The
// baseline is the same tracker, same run, with only the probe online. Prints a Markdown table.
//
//   npx tsx bench/tracker-scale.ts [--sizes 1000,5000,10000,19000] [--batch 200] [--per-process N]
//                                  [--quick] [--cpu-prof]
//                                  [--json FILE]
//
// Logins here use --scrypt-n 1024 (cheap hashing: this measures holding peers, not hashing them;
// bench/login-throughput.ts measures production-cost logins), and a heartbeat timeout and a
// per-address cap large enough for one machine to play 10,000 peers.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine, residentBytes } from './bench-tools.ts';
import { hottestFunctions } from './cpu-profile.ts';
import { LoadFleet, PEERS_PER_PROCESS } from './scale-fleet.ts';
import { ms, Probe, quantile, sleep, startReferenceTracker } from './tracker-probe.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = commandLine();
const quick = args.has('quick');
const sizes = (args.text('sizes') ?? (quick ? '200,600' : '1000,5000,10000,19000')).split(',').map(Number);
const batch = args.number('batch', 200);
const perProcess = args.number('per-process', PEERS_PER_PROCESS);
const jsonFile = args.text('json');
const profile = args.has('cpu-prof');
const ROSTER_ROUNDS = quick ? 3 : 10;
const LOOKUP_PROBES = quick ? 2 : 20;
const JOIN_PROBES = quick ? 2 : 8;
const LOOKUPS_PER_PROBE = 15; // a user may hold 16 pending sessions: stay under it
const STAGE_TIMEOUT_MS = 60 * 60_000;

interface Stage {
  peers: number;
  loginMs: number;
  cumulativeLoginMs: number;
  rssBytes: number;
  bytesPerPeer: number;
  rosterP50: number;
  rosterP99: number;
  rosterPages: number;
  lookupP50: number;
  lookupP99: number;
  /** Lookups from probes whose own login presence is still reaching every peer. */
  joinLookupP99: number;
  fanoutFirst: number;
  fanoutP50: number;
  fanoutLast: number;
}

/** Full rosters, paced to stay under the tracker's 100 messages per second per connection. */
async function rosterTimes(probe: Probe): Promise<{ times: number[]; pages: number }> {
  const times: number[] = [];
  let pages = 0;
  for (let round = 0; round < ROSTER_ROUNDS; round++) {
    const began = performance.now();
    pages = (await probe.rosterAll()).pages;
    times.push(performance.now() - began);
    await sleep(pages * 13);
  }
  return { times, pages };
}

/** One lookup of a random online peer, timed; 15 per probe at most (16 pending sessions per user). */
async function timedLookup(probe: Probe, online: number): Promise<number> {
  const target = `u${String(Math.floor(Math.random() * online)).padStart(6, '0')}`;
  const began = performance.now();
  const reply = await probe.request({ type: 'lookup', username: target });
  const took = performance.now() - began;
  if (reply.type !== 'peer_info') throw new Error(`lookup ${target}: ${JSON.stringify(reply)}`);
  return took;
}

/**
 * Lookups while every peer is connected and nothing else happens: the probes log in first, and
 * `settled` waits until their presence has reached every peer (a login tells all 10,000 peers).
 */
async function lookupsAtRest(port: number, online: number, tag: string, settled: () => Promise<void>): Promise<number[]> {
  const probes: Probe[] = [];
  for (let p = 0; p < LOOKUP_PROBES; p++) probes.push(await Probe.connect(port, `probe${tag}r${p}`));
  await settled();
  const times: number[] = [];
  for (let i = 0; i < LOOKUPS_PER_PROBE; i++) for (const probe of probes) times.push(await timedLookup(probe, online));
  for (const probe of probes) probe.close();
  return times;
}

/** Lookups from probes that have just logged in, so each runs while its own presence fans out. */
async function lookupsDuringJoins(port: number, online: number, tag: string): Promise<number[]> {
  const times: number[] = [];
  for (let p = 0; p < JOIN_PROBES; p++) {
    const probe = await Probe.connect(port, `probe${tag}j${p}`);
    for (let i = 0; i < LOOKUPS_PER_PROBE; i++) times.push(await timedLookup(probe, online));
    probe.close();
  }
  return times;
}

async function main(): Promise<void> {
  const profileDir = profile ? await mkdtemp(join(tmpdir(), 'bench-prof-')) : undefined;
  const tracker = await startReferenceTracker(
    root,
    ['--scrypt-n', '1024', '--heartbeat-timeout', '86400000', '--idle-timeout', '600000', '--max-per-ip', '30000'],
    profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  );
  const fleet = await LoadFleet.start(root, tracker.port, Math.max(...sizes), perProcess);
  const stages: Stage[] = [];
  try {
    const probe = await Probe.connect(tracker.port, 'probe');
    // Baseline: the same tracker with only the probe online.
    const baseRss = await residentBytes(tracker.pid);
    const baseRoster = await rosterTimes(probe);
    let cumulative = 0;
    for (const [index, size] of sizes.entries()) {
      process.stderr.write(`  tracker-scale: logging in up to ${size} peers over ${fleet.size} generator(s) (load ${loadavg()[0]?.toFixed(1)})…\n`);
      const grownMs = await fleet.grow(size, batch);
      cumulative += grownMs;
      // The first marker lets the backlog of join presences drain; the second is the measurement.
      await fleet.marker(`settle${index}`);
      const fanout = await fleet.marker(`mark${index}`);
      const rss = await residentBytes(tracker.pid);
      const roster = await rosterTimes(probe);
      // Presence pushes keep their order on each connection: once a marker's joined has reached every
      // peer, so has every earlier probe's.
      const settled = async () => void (await fleet.marker(`rest${index}`));
      const lookups = await lookupsAtRest(tracker.port, size, String(index), settled);
      const joinLookups = await lookupsDuringJoins(tracker.port, size, String(index));
      fleet.check();
      stages.push({
        peers: size,
        loginMs: grownMs,
        cumulativeLoginMs: cumulative,
        rssBytes: rss,
        bytesPerPeer: (rss - baseRss) / size,
        rosterP50: quantile(roster.times, 0.5),
        rosterP99: quantile(roster.times, 0.99),
        rosterPages: roster.pages,
        lookupP50: quantile(lookups, 0.5),
        lookupP99: quantile(lookups, 0.99),
        joinLookupP99: quantile(joinLookups, 0.99),
        fanoutFirst: fanout.firstMs,
        fanoutP50: fanout.p50Ms,
        fanoutLast: fanout.lastMs,
      });
    }
    probe.close();
    report(stages, baseRss, quantile(baseRoster.times, 0.5));
  } catch (error) {
    // A lookup that finds nobody is most often a lost peer: say which, and why, first.
    fleet.check();
    throw error;
  } finally {
    fleet.stop();
    await tracker.stop();
  }
  if (profileDir) {
    process.stdout.write(`\nWhere the tracker spent its CPU (self time, \`node --cpu-prof\`, whole run):\n\n${(await hottestFunctions(profileDir, root)).join('\n')}\n`);
    await rm(profileDir, { recursive: true, force: true });
  }
  if (jsonFile) await writeFile(jsonFile, JSON.stringify({ stages }, null, 2));
}

function report(stages: Stage[], baseRss: number, baseRosterMs: number): void {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const out = [
    `Tracker: solutions/03 with \`--scrypt-n 1024 --heartbeat-timeout 86400000 --max-per-ip 30000\`; logins ${batch} at a time, cumulative on one tracker; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end.`,
    `Baseline (same tracker, only the probe online): ${mib(baseRss)} MiB RSS, full roster ${ms(baseRosterMs)} ms.`,
    '',
    '| peers | login stage | logins/s | tracker RSS | RSS per peer | roster (all pages) p50 / p99 | pages | lookup p50 / p99 | lookup p99 while a login fans out | presence fan-out first / p50 / last |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...stages.map((s, i) => {
      const added = s.peers - (stages[i - 1]?.peers ?? 0);
      return `| ${s.peers} | ${(s.loginMs / 1000).toFixed(1)} s (+${added}; ${(s.cumulativeLoginMs / 1000).toFixed(1)} s total) | ${((added * 1000) / s.loginMs).toFixed(0)} | ${mib(s.rssBytes)} MiB | ${(s.bytesPerPeer / 1024).toFixed(1)} KiB | ${ms(s.rosterP50)} / ${ms(s.rosterP99)} ms | ${s.rosterPages} | ${ms(s.lookupP50)} / ${ms(s.lookupP99)} ms | ${ms(s.joinLookupP99)} ms | ${ms(s.fanoutFirst)} / ${ms(s.fanoutP50)} / ${ms(s.fanoutLast)} ms |`;
    }),
  ];
  const first = stages[0];
  const last = stages.at(-1);
  if (first && last && last !== first) {
    const x = (a: number, b: number) => `×${(b / a).toFixed(1)}`;
    out.push('', `Growth from ${first.peers} to ${last.peers} peers (×${(last.peers / first.peers).toFixed(0)}): RSS ${x(first.rssBytes, last.rssBytes)}, per-stage login rate ${x((first.peers * 1000) / first.loginMs, ((last.peers - (stages.at(-2)?.peers ?? 0)) * 1000) / last.loginMs)}, roster p50 ${x(first.rosterP50, last.rosterP50)}, lookup p99 ${x(first.lookupP99, last.lookupP99)}, fan-out ${x(first.fanoutLast, last.fanoutLast)}.`);
  }
  if (last) {
    const verdict = (ok: boolean) => (ok ? '✓ met' : '✗ MISSED');
    const tenThousand = stages.find((s) => s.peers === 10_000);
    out.push(
      '',
      `Targets at ${last.peers} peers: none lost — ✓ (every generator watched every connection; a drop ends the run); RSS at most 250 MiB — ${mib(last.rssBytes)} MiB ${verdict(last.rssBytes <= 250 * 2 ** 20)}; lookup p99 under 10 ms — ${ms(last.lookupP99)} ms ${verdict(last.lookupP99 < 10)}.`,
      ...(tenThousand ? [`Presence to the last of 10,000 at most 50 ms — ${ms(tenThousand.fanoutLast)} ms ${verdict(tenThousand.fanoutLast <= 50)}.`] : []),
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
