// 100,000 random and malformed frames from 50 connections against one reference tracker, while a
// well-behaved client keeps logging in and looking up a peer. The tracker must stay up, answer the
// good client in bounded time, and give its memory back once the flood is over.
import { afterEach, expect, test } from 'vitest';
import { floodFrames } from './flood-frames.ts';
import { byType, LineClient, PASSWORD, type Msg } from './line-client.ts';
import { rssMiB, startReferenceTracker, stopTracker, type TrackerRun } from './tracker-process.ts';

const CONNECTIONS = 50;
const FRAMES_PER_CONNECTION = 2_000;
const BATCH = 100; // frames per write
const PACE_MS = 500; // between writes of one connection
const SEED = 20_240_601;

let tracker: TrackerRun | undefined;
const clients: LineClient[] = [];
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && tracker) console.log(`tracker output:\n${tracker.output().slice(-3000)}`);
  for (const client of clients.splice(0)) client.close();
  await stopTracker(tracker);
  tracker = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function open(port: number): Promise<LineClient> {
  const client = await LineClient.open(port);
  clients.push(client);
  await client.next(byType('hello'));
  return client;
}

/** One round of the good client: a fresh connection, login, lookup of the target, logout. */
async function goodRound(port: number): Promise<number> {
  const started = performance.now();
  const client = await open(port);
  expect(await client.request({ type: 'login', username: 'goodie', password: PASSWORD, port: 5555 }, 1, 10_000)).toMatchObject({ type: 'welcome' });
  expect(await client.request({ type: 'lookup', username: 'target' }, 2, 10_000)).toMatchObject({ type: 'peer_info', username: 'target' });
  const took = performance.now() - started;
  await client.request({ type: 'logout' }, 3, 10_000);
  client.close();
  return took;
}

/**
 * Sends this connection's share of the flood, BATCH frames every PACE_MS (twice the rate limit, so the
 * limiter works too), reading and dropping the replies; then waits until the tracker has answered a
 * last ping, so the flood counts as over only once the tracker has read every frame.
 */
async function floodFrom(port: number, frames: string[]): Promise<{ sent: number; connections: number }> {
  let client = await open(port);
  let sent = 0;
  let connections = 1;
  for (let at = 0; at < frames.length; at += BATCH) {
    // The tracker closes a connection after 5 failed logins: an attacker simply dials again.
    if (client.closed) [client, connections] = [await reopen(port), connections + 1];
    const batch = frames.slice(at, at + BATCH);
    client.socket.write(`${batch.join('\n')}\n`);
    sent += batch.length;
    client.received.length = 0;
    await sleep(PACE_MS);
  }
  await sleep(1_000); // a fresh rate window, so the marker is answered, not dropped
  if (client.closed) client = await reopen(port);
  client.send({ type: 'ping', id: 'end' });
  await client.next((m) => m.id === 'end', 30_000);
  return { sent, connections };
}

/** A new connection; the per-address cap may refuse it while old ones close, so try again. */
async function reopen(port: number): Promise<LineClient> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await open(port);
    } catch (error) {
      if (tries > 50) throw error;
      await sleep(100);
    }
  }
}

test('a flood of 100,000 hostile frames from 50 connections', async () => {
  tracker = await startReferenceTracker();
  const { port, child } = tracker;
  const pid = child.pid ?? 0;
  for (const name of ['goodie', 'target']) {
    const c = await open(port);
    expect(await c.request({ type: 'register', username: name, password: PASSWORD, port: 5555 }, 1)).toMatchObject({ type: 'welcome' });
    if (name === 'goodie') await c.request({ type: 'logout' }, 2);
  }
  const warmup: number[] = [];
  for (let i = 0; i < 5; i += 1) warmup.push(await goodRound(port));
  await sleep(1_000);
  const before = rssMiB(pid);

  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  const latencies: number[] = [];
  let flooding = true;
  const good = (async () => {
    while (flooding) {
      latencies.push(await goodRound(port));
      await sleep(50);
    }
  })();
  const frames = floodFrames(CONNECTIONS * FRAMES_PER_CONNECTION, SEED);
  const floodStart = performance.now();
  const perConnection = await Promise.all(
    Array.from({ length: CONNECTIONS }, (_, i) => floodFrom(port, frames.slice(i * FRAMES_PER_CONNECTION, (i + 1) * FRAMES_PER_CONNECTION))),
  );
  const floodSeconds = (performance.now() - floodStart) / 1000;
  flooding = false;
  await good;
  clearInterval(sampler);
  // The tracker is up and still serves the good client after the flood.
  expect(child.exitCode).toBeNull();
  latencies.push(await goodRound(port));
  for (const client of clients.splice(0)) client.close();
  await sleep(3_000); // a pause for the collector to run and sockets to be freed
  const after = rssMiB(pid);

  const sorted = [...latencies].sort((a, b) => a - b);
  const figures = {
    frames_sent: perConnection.reduce((sum, one) => sum + one.sent, 0),
    connections: CONNECTIONS,
    dials: perConnection.reduce((sum, one) => sum + one.connections, 0),
    flood_seconds: Number(floodSeconds.toFixed(1)),
    good_rounds: latencies.length,
    latency_ms: { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)), max: Math.round(sorted.at(-1) ?? 0), warmup_p50: Math.round(percentile([...warmup].sort((a, b) => a - b), 50)) },
    rss_mib: { before: Math.round(before), peak: Math.round(peak), after: Math.round(after) },
  };
  console.log(`flood figures: ${JSON.stringify(figures)}`);
  expect(figures.frames_sent).toBe(CONNECTIONS * FRAMES_PER_CONNECTION);
  expect(latencies.length).toBeGreaterThanOrEqual(5); // it got in throughout, not once at the end
  expect(figures.latency_ms.p99).toBeLessThan(2_000);
  // RSS: without a forced collection V8 keeps most of the heap it grew into (measured: before ~87,
  // peak ~126, after ~123 MiB), so the bound is growth, not a return: never past the peak, and at most
  // 64 MiB over the baseline for 100,000 frames (two runs measured +36 and +48), i.e. nothing kept
  // per frame or per connection.
  expect(after).toBeLessThanOrEqual(peak + 1);
  expect(after).toBeLessThan(before + 64);
}, 90_000);
