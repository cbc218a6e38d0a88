// The flood, as one scenario that test/hardening/flood.test.ts and the benchmark (bench/tracker-abuse.ts)
// both run: 100,000 random and malformed frames from 50 connections against one inspected reference
// tracker, connections churning besides, while a well-behaved client keeps logging in and looking up
// a peer. It returns what happened; the test asserts what cannot flake (counts, answers, memory
// given back), the benchmark prints how long the good client waited, against its quiet rounds.
import { churn, flood } from './flood-driver.ts';
import { floodFrames } from './flood-frames.ts';
import type { InspectedTrackerRun } from './inspected-tracker.ts';
import type { InspectorSession } from './inspector-session.ts';
import { JsonLines, ofType, type Msg } from '../json-lines.ts';
import { settledHeap, type HeapFigures } from './tracker-heap.ts';
import { PASSWORD, rssMiB } from './tracker-process.ts';

export interface FloodSize {
  frames: number;
  connections: number;
  /**
   * Before the baseline, a smaller flood of other frames runs every path until V8 has compiled and
   * optimised it, so that code (~0.7 MiB) is part of the baseline, not of the growth.
   */
  warmupFrames: number;
}

export const FLOOD: FloodSize = { frames: 100_000, connections: 50, warmupFrames: 20_000 };
const SEED = 20_240_601;
// Besides the flooding connections, this many dial, send a bad frame and hang up, again and again
// (~1,900 dials per flood): what the tracker kept per connection would then show in its heap.
const CHURNERS = 2;
// Rounds of the good client on the quiet tracker, before any flood: the baseline of its rounds.
const QUIET_ROUNDS = 20;
// Only stops a round that is never answered: the test then fails as hung, not as slow.
const ANSWER_WITHIN_MS = 10_000;
const PAUSE_BETWEEN_ROUNDS_MS = 50;
// The tracker cuts a connection 1 s after it is closed on the other side; this leaves it time for that.
const SETTLE_MS = 2_000;

export interface FloodOutcome {
  framesSent: number;
  dials: number;
  churnDials: number;
  floodMs: number;
  /** How long each round of the good client took (a fresh connection, login, lookup), in ms. */
  rounds: { quiet: number[]; during: number[]; after: number };
  /** The tracker process had not exited when the flood was over. */
  upAfterFlood: boolean;
  heap: { cold: HeapFigures; before: HeapFigures; after: HeapFigures };
  /** Resident memory in MiB: just before the flood, the highest seen during it, 3 s after it. */
  rss: { before: number; peak: number; after: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the flood against `run`, whose heap `inspector` reads. Every client it opens is closed at the end. */
export async function runFlood(run: InspectedTrackerRun, inspector: InspectorSession, size: FloodSize = FLOOD): Promise<FloodOutcome> {
  const { port, child } = run;
  const pid = child.pid ?? 0;
  const clients = new Set<JsonLines>();
  const open = async (at: number): Promise<JsonLines> => {
    const client = await JsonLines.dial(at);
    clients.add(client);
    await client.next(ofType('hello'));
    return client;
  };
  /** Closes every client but `keep`, then gives the tracker time to free them. */
  const closeAllBut = async (keep: JsonLines) => {
    for (const client of clients) if (client !== keep) client.close();
    clients.clear();
    clients.add(keep);
    await sleep(SETTLE_MS);
  };
  /** One round of the good client: a fresh connection, login, lookup of the target, logout. */
  const goodRound = async (): Promise<number> => {
    const started = performance.now();
    const client = await open(port);
    expectReply(await client.request({ type: 'login', username: 'goodie', password: PASSWORD, port: 5555 }, ANSWER_WITHIN_MS), { type: 'welcome' });
    expectReply(await client.request({ type: 'lookup', username: 'target' }, ANSWER_WITHIN_MS), { type: 'peer_info', username: 'target' });
    const took = performance.now() - started;
    await client.request({ type: 'logout' }, ANSWER_WITHIN_MS);
    client.close();
    clients.delete(client);
    return took;
  };
  const register = async (username: string): Promise<JsonLines> => {
    const client = await open(port);
    expectReply(await client.request({ type: 'register', username, password: PASSWORD, port: 5555 }), { type: 'welcome' });
    return client;
  };

  try {
    const cold = await settledHeap(inspector);
    await (await register('goodie')).request({ type: 'logout' });
    const target = await register('target'); // stays online all through: the peer being looked up
    const quiet: number[] = [];
    for (let i = 0; i < QUIET_ROUNDS; i += 1) quiet.push(await goodRound());
    await alongsideChurn(port, () => flood(open, port, floodFrames(size.warmupFrames, SEED + 1), size.connections));
    await closeAllBut(target);
    const rssBefore = rssMiB(pid);
    const before = await settledHeap(inspector);

    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
    const during: number[] = [];
    let flooding = true;
    const good = (async () => {
      while (flooding) {
        during.push(await goodRound());
        await sleep(PAUSE_BETWEEN_ROUNDS_MS);
      }
    })();
    good.catch(() => {}); // awaited below, once the flood is over; until then a failure must wait there
    const floodStart = performance.now();
    let sent: { sent: number; dials: number };
    let churnDials: number;
    try {
      [sent, churnDials] = await alongsideChurn(port, () => flood(open, port, floodFrames(size.frames, SEED), size.connections));
    } finally {
      flooding = false;
      clearInterval(sampler);
    }
    const floodMs = performance.now() - floodStart;
    await good;
    const upAfterFlood = child.exitCode === null && child.signalCode === null;
    const after = await goodRound(); // still served once the flood is over
    await closeAllBut(target);
    await sleep(1_000); // RSS is read 3 s after the flood, unforced, as in earlier runs
    const rssAfter = rssMiB(pid);
    const heapAfter = await settledHeap(inspector);
    return {
      framesSent: sent.sent,
      dials: sent.dials,
      churnDials,
      floodMs,
      rounds: { quiet, during, after },
      upAfterFlood,
      heap: { cold, before, after: heapAfter },
      rss: { before: rssBefore, peak, after: rssAfter },
    };
  } finally {
    for (const client of clients) client.close();
  }
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

/** Throws unless `reply` has every field of `expected` (the scenario runs outside vitest too). */
function expectReply(reply: Msg, expected: Msg): void {
  if (Object.entries(expected).some(([key, value]) => reply[key] !== value)) {
    throw new Error(`expected a reply like ${JSON.stringify(expected)}, got ${JSON.stringify(reply)}`);
  }
}
