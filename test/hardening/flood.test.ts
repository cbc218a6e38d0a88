// 100,000 random and malformed frames from 50 connections against one reference tracker, while a
// well-behaved client keeps logging in and looking up a peer. The tracker must stay up, answer the
// good client in bounded time, and give its memory back once the flood is over: its live JS heap,
// read over the inspector after a forced collection, returns to what it was before the flood.
import { afterEach, expect, test } from 'vitest';
import { churn, flood } from './flood-driver.ts';
import { floodFrames } from './flood-frames.ts';
import { inspectorListening, startInspectedTracker } from './inspected-tracker.ts';
import { InspectorSession } from './inspector-session.ts';
import { JsonLines, ofType } from '../json-lines.ts';
import { PASSWORD } from './tracker-process.ts';
import { settledHeap } from './tracker-heap.ts';
import { rssMiB, stopTracker, type TrackerRun } from './tracker-process.ts';

const CONNECTIONS = 50;
const FRAMES = 100_000;
const SEED = 20_240_601;
// Before the baseline, a smaller flood of other frames (a fifth of the big one) runs every path until
// V8 has compiled and optimised it, so that code (~0.7 MiB) is part of the baseline, not of the growth.
const WARMUP_CONNECTIONS = 50;
const WARMUP_FRAMES = 20_000;
// Besides the 50 flooding connections, this many dial, send a bad frame and hang up, again and again
// (~1,900 dials per flood): what the tracker kept per connection would then show in its heap.
const CHURNERS = 2;
// Live heap after the flood vs the baseline. Measured: +0.13 to +0.26 MiB (code optimised late, the
// high water of V8's internal tables). Leaks put into a copy of the reference, same test: one 8-byte
// array slot per frame +1.37 MiB, each frame's text +6.4 MiB, each closed socket +5.2 MiB; all fail.
const HEAP_MARGIN_MIB = 1;

let tracker: TrackerRun | undefined;
let inspector: InspectorSession | undefined;
const clients: JsonLines[] = [];
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && tracker) console.log(`tracker output:\n${tracker.output().slice(-3000)}`);
  for (const client of clients.splice(0)) client.close();
  await inspector?.close();
  inspector = undefined;
  await stopTracker(tracker);
  tracker = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function open(port: number): Promise<JsonLines> {
  const client = await JsonLines.dial(port);
  clients.push(client);
  await client.next(ofType('hello'));
  return client;
}

/** Closes every client but `keep`, then gives the tracker time to free them (it cuts after 1 s). */
async function closeAllBut(keep: JsonLines): Promise<void> {
  for (const client of clients.splice(0)) if (client !== keep) client.close();
  clients.push(keep);
  await sleep(2_000);
}

/** One round of the good client: a fresh connection, login, lookup of the target, logout. */
async function goodRound(port: number): Promise<number> {
  const started = performance.now();
  const client = await open(port);
  expect(await client.request({ type: 'login', username: 'goodie', password: PASSWORD, port: 5555 }, 10_000)).toMatchObject({ type: 'welcome' });
  expect(await client.request({ type: 'lookup', username: 'target' }, 10_000)).toMatchObject({ type: 'peer_info', username: 'target' });
  const took = performance.now() - started;
  await client.request({ type: 'logout' }, 10_000);
  client.close();
  return took;
}

async function register(port: number, username: string): Promise<JsonLines> {
  const client = await open(port);
  expect(await client.request({ type: 'register', username, password: PASSWORD, port: 5555 })).toMatchObject({ type: 'welcome' });
  return client;
}

/** Runs `work` with CHURNERS churning connections until it is done; its result and the churn dials. */
async function alongsideChurn<T>(port: number, work: () => Promise<T>): Promise<[T, number]> {
  let going = true;
  const churners = Array.from({ length: CHURNERS }, (_, i) => churn(port, floodFrames(500, SEED + 2 + i), () => going));
  let result: T;
  try {
    result = await work();
  } finally {
    going = false; // the churners stop after their current dial; they never throw
  }
  const dials = await Promise.all(churners);
  return [result, dials.reduce((sum, n) => sum + n, 0)];
}

test('a flood of 100,000 hostile frames from 50 connections', async () => {
  const run = await startInspectedTracker();
  tracker = run;
  inspector = await InspectorSession.open(run.inspectorUrl);
  const { port, child } = run;
  const pid = child.pid ?? 0;
  const cold = await settledHeap(inspector);
  await (await register(port, 'goodie')).request({ type: 'logout' });
  const target = await register(port, 'target'); // stays online all through: the peer being looked up
  const quiet: number[] = []; // the good client's rounds without a flood, for comparison
  for (let i = 0; i < 5; i += 1) quiet.push(await goodRound(port));
  await alongsideChurn(port, () => flood(open, port, floodFrames(WARMUP_FRAMES, SEED + 1), WARMUP_CONNECTIONS));
  await closeAllBut(target);
  const rssBefore = rssMiB(pid);
  const baseline = await settledHeap(inspector);

  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  const latencies: number[] = [];
  let flooding = true;
  const good = (async () => {
    while (flooding) {
      latencies.push(await goodRound(port));
      await sleep(50);
    }
  })();
  const floodStart = performance.now();
  const [sent, churnDials] = await alongsideChurn(port, () => flood(open, port, floodFrames(FRAMES, SEED), CONNECTIONS));
  const floodSeconds = (performance.now() - floodStart) / 1000;
  flooding = false;
  await good;
  clearInterval(sampler);
  // The tracker is up and still serves the good client after the flood.
  expect(child.exitCode).toBeNull();
  latencies.push(await goodRound(port));
  await closeAllBut(target);
  await sleep(1_000); // RSS is read 3 s after the flood, unforced, as in earlier runs
  const rssAfter = rssMiB(pid);
  const after = await settledHeap(inspector);

  const sorted = [...latencies].sort((a, b) => a - b);
  const mib = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  const figures = {
    frames_sent: sent.sent,
    connections: CONNECTIONS,
    dials: sent.dials,
    churn_dials: churnDials,
    flood_seconds: Number(floodSeconds.toFixed(1)),
    good_rounds: latencies.length,
    latency_ms: { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)), max: Math.round(sorted.at(-1) ?? 0), quiet_p50: Math.round(percentile([...quiet].sort((a, b) => a - b), 50)) },
    heap_used_mib: { cold: mib(cold.usedMiB), before: mib(baseline.usedMiB), after: mib(after.usedMiB), growth: Number((after.usedMiB - baseline.usedMiB).toFixed(2)) },
    heap_total_mib: { before: mib(baseline.totalMiB), after: mib(after.totalMiB) },
    external_mib: { before: mib(baseline.externalMiB), after: mib(after.externalMiB) },
    array_buffers_mib: { before: mib(baseline.arrayBuffersMiB), after: mib(after.arrayBuffersMiB) },
    rss_mib: { before: Math.round(rssBefore), peak: Math.round(peak), after: Math.round(rssAfter), before_gc: mib(baseline.rssMiB), after_gc: mib(after.rssMiB) },
  };
  console.log(`flood figures: ${JSON.stringify(figures)}`);
  expect(figures.frames_sent).toBe(FRAMES);
  expect(latencies.length).toBeGreaterThanOrEqual(5); // it got in throughout, not once at the end
  expect(figures.latency_ms.p99).toBeLessThan(2_000);
  // Memory returns: what is still reachable after a full collection is what was before the flood.
  expect(after.usedMiB, 'live JS heap (MiB) after the flood').toBeLessThan(baseline.usedMiB + HEAP_MARGIN_MIB);
  if (after.externalMiB !== null && baseline.externalMiB !== null) {
    expect(after.externalMiB, 'external memory (MiB) after the flood').toBeLessThan(baseline.externalMiB + HEAP_MARGIN_MIB);
  }
  // RSS is reported, bounded loosely: V8 and malloc keep pages they grew into until a forced collection.
  expect(rssAfter).toBeLessThanOrEqual(peak + 1);
  expect(rssAfter).toBeLessThan(rssBefore + 64);

  // The inspector is a port into the process: it must be gone with the tracker.
  await inspector.close();
  inspector = undefined;
  await stopTracker(run);
  tracker = undefined;
  expect(child.exitCode ?? child.signalCode).not.toBeNull();
  expect(await inspectorListening(run.inspectorUrl)).toBe(false);
}, 90_000);
