// Resource abuse against the reference tracker: a slow sender (slowloris), a message flood on one
// connection (SLOW_DOWN), and password guessing spread over many connections.
import { afterEach, describe, expect, test } from 'vitest';
import { RATE_LIMIT_MESSAGES } from '#kit/protocol/limits.ts';
import { JsonLines, ofType, type Msg } from '../json-lines.ts';
import { trickleUntilCut } from './slow-sender.ts';
import { PASSWORD } from './tracker-process.ts';
import { startReferenceTracker, stopTracker, type TrackerRun } from './tracker-process.ts';

let tracker: TrackerRun | undefined;
const clients: JsonLines[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await stopTracker(tracker);
  tracker = undefined;
});

async function open(port: number): Promise<JsonLines> {
  const client = await JsonLines.dial(port);
  clients.push(client);
  await client.next(ofType('hello'));
  return client;
}

const login = (username: string, password = PASSWORD): Msg => ({ type: 'login', username, password, port: 5555 });

async function register(port: number, username: string): Promise<JsonLines> {
  const client = await open(port);
  expect(await client.request({ type: 'register', username, password: PASSWORD, port: 5555 })).toMatchObject({ type: 'welcome' });
  return client;
}

describe('slowloris', () => {
  test('a logged-in peer trickling one line a byte at a time is cut off with TIMEOUT', async () => {
    // Heartbeats are long, so only the per-line deadline (the handshake timeout) can end it.
    tracker = await startReferenceTracker(['--idle-timeout', '1500', '--heartbeat-timeout', '60000']);
    // The scenario waits 5 s for the cut, far less than the heartbeat timeout. How soon the cut
    // comes is a figure of bench/tracker-abuse.ts, not a bound here.
    const slow = await register(tracker.port, 'slowpoke');
    const cut = await trickleUntilCut(slow);
    expect(cut.error).toMatchObject({ code: 'TIMEOUT' });
    // The tracker itself is fine: a new peer gets in at once.
    await register(tracker.port, 'after');
  }, 20_000);

  test('the same trickle before login is ended by the idle timeout', async () => {
    tracker = await startReferenceTracker(['--idle-timeout', '1000']);
    const slow = await open(tracker.port);
    const drip = setInterval(() => slow.socket.write('{'), 100);
    try {
      expect(await slow.next(ofType('error'), 4_000)).toMatchObject({ code: 'TIMEOUT' });
      await slow.whenClosed(3_000);
    } finally {
      clearInterval(drip);
    }
  }, 20_000);
});

describe('rate limit', () => {
  test(`over ${RATE_LIMIT_MESSAGES} messages in a second: SLOW_DOWN with retry_after_ms, the extra messages dropped, the connection kept`, async () => {
    tracker = await startReferenceTracker();
    const client = await register(tracker.port, 'chatty');
    const burst = 150;
    client.sendRaw(Array.from({ length: burst }, (_, i) => JSON.stringify({ type: 'ping', id: 100 + i })).join('\n') + '\n');
    const replies: Msg[] = [];
    while (replies.length < burst) replies.push(await client.next((m) => typeof m.id === 'number' && m.id >= 100));
    // Replies keep the order of the requests; the first 99 pass (register was the 1st message).
    expect(replies.map((m) => m.id)).toEqual(Array.from({ length: burst }, (_, i) => 100 + i));
    const slowDowns = replies.filter((m) => m.type === 'error');
    expect(slowDowns.length).toBeGreaterThanOrEqual(burst - RATE_LIMIT_MESSAGES);
    for (const refusal of slowDowns) {
      expect(refusal).toMatchObject({ code: 'SLOW_DOWN', re: 'ping' });
      expect(refusal.retry_after_ms).toBeGreaterThan(0);
      expect(refusal.retry_after_ms).toBeLessThanOrEqual(1_000);
    }
    // After the window, the same connection is served again.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await client.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
  }, 20_000);
});

describe('password guessing over many connections', () => {
  test('the lock holds per username whatever the connection, and each connection is cut after 5 failures', async () => {
    tracker = await startReferenceTracker(['--lockout-ms', '2000']);
    (await register(tracker.port, 'victim')).send({ type: 'logout' });
    const guessers = await Promise.all(Array.from({ length: 8 }, () => open(tracker!.port)));
    const answers = await Promise.all(guessers.map(async (guesser, g) => {
      const codes: unknown[] = [];
      for (let i = 0; i < 5; i += 1) codes.push((await guesser.request(login('victim', `guess ${g}-${i}`))).code);
      // Per connection: the 5th failure is answered, then TOO_MANY_ATTEMPTS and the end.
      expect(await guesser.next(ofType('error'))).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
      await guesser.whenClosed();
      return codes;
    }));
    const all = answers.flat();
    // Only the first 3 wrong passwords are ever checked: 2 are AUTH_FAILED, the 3rd locks and is
    // answered LOCKED at once, like every other guess that meets the lock.
    expect(all.filter((code) => code === 'AUTH_FAILED')).toHaveLength(2);
    expect(all.filter((code) => code === 'LOCKED')).toHaveLength(all.length - 2);
    // The owner with the right password is locked out too, until the lock ends.
    const owner = await open(tracker.port);
    expect(await owner.request(login('victim'))).toMatchObject({ code: 'LOCKED' });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await owner.request(login('victim'))).toMatchObject({ type: 'welcome' });
  }, 30_000);
});
