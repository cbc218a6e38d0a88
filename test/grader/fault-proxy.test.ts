// The fault proxy with real sockets on 127.0.0.1: a test client ⇄ proxy ⇄ a test target server.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultPlan, type FaultProxy } from '../../grader/engine/fault-proxy.ts';
import { createRandom, type Random } from '../../grader/engine/seeded-random.ts';

const HOST = '127.0.0.1';
const WAIT_MS = 3000;

// ── resources, all closed after each test ───────────────────────────────────────────────────────

const openSockets = new Set<net.Socket>();
const openServers = new Set<net.Server>();
const openProxies = new Set<FaultProxy>();

afterEach(async () => {
  for (const socket of openSockets) socket.destroy();
  openSockets.clear();
  await Promise.all([...openProxies].map((proxy) => proxy.close()));
  openProxies.clear();
  await Promise.all(
    [...openServers].map((server) =>
      Promise.race([new Promise<void>((resolve) => server.close(() => resolve())), sleep(1000)]),
    ),
  );
  openServers.clear();
});

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

/** Everything one socket saw: its 'data' events one by one, end, close, error. */
interface Observed {
  readonly socket: net.Socket;
  readonly chunks: Buffer[];
  ended: boolean;
  closed: boolean;
  closedWithError: boolean;
  error: NodeJS.ErrnoException | undefined;
}

function observe(socket: net.Socket): Observed {
  openSockets.add(socket);
  socket.setNoDelay(true);
  const observed: Observed = { socket, chunks: [], ended: false, closed: false, closedWithError: false, error: undefined };
  socket.on('data', (chunk: Buffer) => observed.chunks.push(chunk));
  socket.on('end', () => (observed.ended = true));
  socket.on('error', (error: NodeJS.ErrnoException) => (observed.error = error));
  socket.on('close', (hadError: boolean) => {
    observed.closed = true;
    observed.closedWithError = hadError;
  });
  return observed;
}

const received = (observed: Observed): Buffer => Buffer.concat(observed.chunks);

function describeObserved(observed: Observed): string {
  const { chunks, ended, closed, error } = observed;
  return `chunks=${chunks.length} bytes=${JSON.stringify(received(observed).toString())} ended=${ended} closed=${closed} error=${error?.code}`;
}

/** `what` is a function so that the message shows the state at the timeout, not at the call. */
async function waitFor(condition: () => boolean, what: () => string, ms = WAIT_MS): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await sleep(2);
  }
}

async function waitForBytes(observed: Observed, count: number): Promise<void> {
  await waitFor(() => received(observed).length >= count, () => `${count} bytes (${describeObserved(observed)})`);
}

function writeAndFlush(socket: net.Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
}

interface Target {
  port: number;
  accepted: Observed[];
}

/** A server standing in for the program behind the proxy; it records every connection. */
async function startTarget(): Promise<Target> {
  const accepted: Observed[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => accepted.push(observe(socket)));
  openServers.add(server);
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const address = server.address() as net.AddressInfo;
  return { port: address.port, accepted };
}

async function startProxy(port: number, plans: { upstream?: FaultPlan; downstream?: FaultPlan }, random: Random = createRandom(1)) {
  const proxy = await startFaultProxy({ target: { host: HOST, port }, random, ...plans });
  openProxies.add(proxy);
  return proxy;
}

async function connectClient(port: number): Promise<Observed> {
  const socket = net.connect({ host: HOST, port, allowHalfOpen: true });
  const observed = observe(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return observed;
}

/** client ⇄ proxy ⇄ target, with the target's side of the connection already accepted. */
async function setUp(plans: { upstream?: FaultPlan; downstream?: FaultPlan }, random?: Random) {
  const target = await startTarget();
  const proxy = await startProxy(target.port, plans, random);
  const client = await connectClient(proxy.port);
  await waitFor(() => target.accepted.length === 1, () => 'the proxy to connect to the target');
  const server = target.accepted[0] as Observed;
  return { target, proxy, client, server };
}

function randomPayload(random: Random): Buffer {
  const bytes = Buffer.from(Array.from({ length: random.int(80, 200) }, () => random.int(0, 255)));
  // Multi-byte characters, so pieces regularly end in the middle of one.
  const text = Buffer.from(random.pick(['héllo wörld ✓', 'こんにちは 世界', '👋🏽 emoji 🚀', 'ü€𝄞']), 'utf8');
  return Buffer.concat([text, bytes, text]);
}

// ── tests ───────────────────────────────────────────────────────────────────────────────────────

describe('fault proxy', { timeout: 10_000 }, () => {
  it('forwards bytes unchanged both ways when there is no plan', async () => {
    const { proxy, client, server } = await setUp({});
    client.socket.write('ping\n');
    await waitForBytes(server, 5);
    server.socket.write('pong\n');
    await waitForBytes(client, 5);
    expect(received(server).toString()).toBe('ping\n');
    expect(received(client).toString()).toBe('pong\n');
    expect(proxy.stats()).toMatchObject({ connections: 1, up: { bytes: 5 }, down: { bytes: 5 } });
  });

  it('split: one write arrives as many separate reads, every byte identical and in order', async () => {
    for (const seed of [1, 7, 42, 1000, 123_456]) {
      const payload = randomPayload(createRandom(seed));
      const { proxy, client, server } = await setUp({ upstream: { split: { min: 1, max: 4 } } }, createRandom(seed));
      client.socket.write(payload);
      await waitForBytes(server, payload.length);
      await sleep(10);

      expect(received(server).equals(payload), `seed ${seed}`).toBe(true);
      const { writesOut } = proxy.stats().up;
      expect(writesOut).toBeGreaterThanOrEqual(Math.ceil(payload.length / 4));
      // The receiver really sees the pieces one by one (allowing for an occasional merge).
      expect(server.chunks.length, `seed ${seed}`).toBeGreaterThanOrEqual(writesOut / 2);
    }
  });

  it('split: the same seed cuts the same stream into the same pieces', async () => {
    const payload = randomPayload(createRandom(3));
    const writesFor = async (seed: number): Promise<number> => {
      const { proxy, client, server } = await setUp({ upstream: { split: { min: 1, max: 8, pauseMs: 0 } } }, createRandom(seed));
      client.socket.write(payload);
      await waitForBytes(server, payload.length);
      expect(proxy.stats().up.chunksIn).toBe(1);
      return proxy.stats().up.writesOut;
    };
    expect(await writesFor(99)).toBe(await writesFor(99));
    const counts = new Set(await Promise.all([1, 2, 3, 4, 5].map(writesFor)));
    expect(counts.size).toBeGreaterThan(1);
  });

  it('split into 1-byte pieces delivers a multi-byte UTF-8 text that decodes back the same', async () => {
    const text = 'ü€👋🏽𝄞 ok\n';
    const { client, server } = await setUp({ upstream: { split: { min: 1, max: 1 } } });
    client.socket.write(text);
    await waitForBytes(server, Buffer.byteLength(text));
    expect(received(server).toString('utf8')).toBe(text);
    expect(server.chunks.length).toBeGreaterThan(Buffer.byteLength(text) / 2);
  });

  it('split works downstream too (target → client)', async () => {
    const payload = randomPayload(createRandom(5));
    const { proxy, client, server } = await setUp({ downstream: { split: { min: 2, max: 5 } } });
    server.socket.write(payload);
    await waitForBytes(client, payload.length);
    expect(received(client).equals(payload)).toBe(true);
    expect(client.chunks.length).toBeGreaterThan(5);
    expect(proxy.stats().up.writesOut).toBe(0);
  });

  it('keeps every byte of a large transfer in order while the sender is throttled', async () => {
    const random = createRandom(8);
    const payload = Buffer.alloc(4 * 1024 * 1024, 0);
    for (let i = 0; i < payload.length; i += 4) payload.writeUInt32BE(i, i); // any misplaced byte shows
    const { client, server } = await setUp({ upstream: { split: { min: 16_384, max: 65_536, pauseMs: 0 } } }, random);
    client.socket.end(payload);
    await waitFor(() => server.ended, () => `end at the target (${received(server).length} bytes)`, 8000);
    expect(received(server).equals(payload)).toBe(true);
  });

  it('join: several separate writes arrive in one read', async () => {
    const { proxy, client, server } = await setUp({ upstream: { join: { windowMs: 150 } } });
    for (const line of ['one\n', 'two\n', 'three\n']) {
      await writeAndFlush(client.socket, line);
      await sleep(5);
    }
    await waitForBytes(server, 'one\ntwo\nthree\n'.length);
    await sleep(20);
    expect(server.chunks.map(String)).toEqual(['one\ntwo\nthree\n']);
    expect(proxy.stats().up.chunksIn).toBeGreaterThanOrEqual(2);
    expect(proxy.stats().up.writesOut).toBe(1);
  });

  it('join: what arrives after the window goes in a later write', async () => {
    const { client, server } = await setUp({ upstream: { join: { windowMs: 30 } } });
    await writeAndFlush(client.socket, 'first');
    await waitForBytes(server, 5);
    await writeAndFlush(client.socket, 'second');
    await waitForBytes(server, 11);
    expect(server.chunks.map(String)).toEqual(['first', 'second']);
  });

  it('delay: holds each chunk back and keeps the order', async () => {
    const { proxy, client, server } = await setUp({ upstream: { delayMs: 120 } });
    await writeAndFlush(client.socket, 'one');
    // Taken in but not passed on. No clock is read: the poll that sees the chunk taken in is a timer
    // armed before the chunk arrived, so it fires before the chunk's release, however loaded the machine.
    // (How long the delay really is: bench/grader-tools.ts.)
    await waitFor(() => proxy.stats().up.chunksIn >= 1, () => 'the proxy to take in the first chunk');
    expect(proxy.stats().up.writesOut).toBe(0);
    expect(server.chunks).toEqual([]);
    for (const word of ['two', 'three']) {
      await writeAndFlush(client.socket, word);
      await sleep(10);
    }
    await waitForBytes(server, 'onetwothree'.length);
    expect(received(server).toString()).toBe('onetwothree');
  });

  it('cut with FIN: the receiver gets exactly N bytes, then end; the sender gets end too', async () => {
    const { client, server } = await setUp({ downstream: { cutAfterBytes: 10, cutWith: 'fin' } });
    await writeAndFlush(server.socket, 'abcdef');
    await sleep(5);
    await writeAndFlush(server.socket, 'ghijklmnop');
    await waitFor(() => client.ended && server.ended, () => `both ends (client ${describeObserved(client)})`);
    expect(received(client).toString()).toBe('abcdefghij');
    expect(client.error).toBeUndefined();
    expect(server.error).toBeUndefined();
  });

  it('cut with FIN counts the bytes exactly even when they are split', async () => {
    const { client, server } = await setUp({ upstream: { split: { min: 1, max: 3 }, cutAfterBytes: 7 } });
    client.socket.write('0123456789');
    await waitFor(() => server.ended, () => `end at the target (${describeObserved(server)})`);
    expect(received(server).toString()).toBe('0123456');
    await waitFor(() => client.ended, () => 'end at the client');
  });

  it('cut after 0 bytes drops the connection as soon as it exists', async () => {
    const target = await startTarget();
    const proxy = await startProxy(target.port, { upstream: { cutAfterBytes: 0 } });
    const client = await connectClient(proxy.port);
    await waitFor(() => client.ended, () => `end at the client (${describeObserved(client)})`);
    expect(client.chunks).toEqual([]);
  });

  it('cut with reset: both parties see the connection reset', async () => {
    const { client, server } = await setUp({ downstream: { cutAfterBytes: 5, cutWith: 'reset' } });
    server.socket.write('hello world');
    await waitFor(
      () => client.closed && server.closed,
      () => `both closed (client ${describeObserved(client)}; target ${describeObserved(server)})`,
    );
    expect(client.error?.code === 'ECONNRESET' || client.closedWithError).toBe(true);
    expect(server.error?.code === 'ECONNRESET' || server.closedWithError).toBe(true);
    // Whatever got through before the reset is a prefix of the first 5 bytes, never more.
    expect('hello'.startsWith(received(client).toString())).toBe(true);
  });

  it('forwards a half-close (FIN) after the pending bytes and keeps the other direction open', async () => {
    const { client, server } = await setUp({ upstream: { delayMs: 50 }, downstream: { split: { min: 1, max: 2 } } });
    client.socket.end('question\n');
    await waitFor(() => server.ended, () => `end at the target (${describeObserved(server)})`);
    expect(received(server).toString()).toBe('question\n');

    server.socket.end('answer\n');
    await waitFor(() => client.ended, () => `end at the client (${describeObserved(client)})`);
    expect(received(client).toString()).toBe('answer\n');
    await waitFor(() => client.closed && server.closed, () => 'both sockets closed');
    expect(client.error).toBeUndefined();
    expect(server.error).toBeUndefined();
  });

  it('a reset by the client resets the target side', async () => {
    const { client, server } = await setUp({});
    client.socket.write('hi');
    await waitForBytes(server, 2);
    client.socket.resetAndDestroy();
    await waitFor(() => server.closed, () => `target closed (${describeObserved(server)})`);
    expect(server.error?.code === 'ECONNRESET' || server.closedWithError).toBe(true);
  });

  it('a reset by the target resets the client side', async () => {
    const { client, server } = await setUp({ downstream: { delayMs: 10 } });
    server.socket.write('hi');
    await waitForBytes(client, 2);
    server.socket.resetAndDestroy();
    await waitFor(() => client.closed, () => `client closed (${describeObserved(client)})`);
    expect(client.error?.code === 'ECONNRESET' || client.closedWithError).toBe(true);
  });

  it('gives every client its own connection to the target', async () => {
    const target = await startTarget();
    const proxy = await startProxy(target.port, { upstream: { split: { min: 1, max: 2 } } });
    const alice = await connectClient(proxy.port);
    const bob = await connectClient(proxy.port);
    alice.socket.write('alice');
    bob.socket.write('bob');
    await waitFor(() => target.accepted.length === 2, () => 'two connections at the target');
    const [first, second] = target.accepted as [Observed, Observed];
    await waitFor(() => received(first).length + received(second).length === 8, () => 'both names');
    expect([received(first).toString(), received(second).toString()].sort()).toEqual(['alice', 'bob']);

    for (const side of target.accepted) side.socket.write(received(side).toString().toUpperCase());
    await waitForBytes(alice, 5);
    await waitForBytes(bob, 3);
    expect(received(alice).toString()).toBe('ALICE');
    expect(received(bob).toString()).toBe('BOB');
    expect(proxy.stats().connections).toBe(2);
  });

  it('resets the client when the target cannot be reached', async () => {
    const target = await startTarget();
    const port = target.port;
    for (const server of openServers) await new Promise<void>((resolve) => server.close(() => resolve()));
    openServers.clear();
    const proxy = await startProxy(port, {});
    const client = await connectClient(proxy.port);
    await waitFor(() => client.closed, () => `client closed (${describeObserved(client)})`);
    expect(client.chunks).toEqual([]);
  });

  it('close() with live connections and held-back bytes resolves and drops them', async () => {
    const { proxy, client, server } = await setUp({ downstream: { delayMs: 10_000 }, upstream: { split: { min: 1, max: 1, pauseMs: 50 } } });
    server.socket.write('too late');
    client.socket.write('a long message that takes a while to trickle through');
    await sleep(20);
    // How soon close() resolves is a figure of bench/grader-tools.ts; that it ended both connections
    // and sent none of the held bytes is checked here.
    await proxy.close();
    // The parties are half-open capable, so a FIN shows as 'end' and a reset as 'close'.
    const gone = (side: Observed): boolean => side.ended || side.closed;
    await waitFor(() => gone(client) && gone(server), () => 'both parties to see the connection go');
    expect(client.chunks).toEqual([]);
    await proxy.close(); // a second close is harmless
  });

  it('rejects a plan that makes no sense', async () => {
    const random = createRandom(1);
    const target = { host: HOST, port: 1 };
    await expect(startFaultProxy({ target, random, upstream: { split: { min: 0, max: 3 } } })).rejects.toThrow(RangeError);
    await expect(startFaultProxy({ target, random, downstream: { split: { min: 4, max: 3 } } })).rejects.toThrow(RangeError);
    await expect(startFaultProxy({ target, random, upstream: { delayMs: -1 } })).rejects.toThrow(RangeError);
    await expect(startFaultProxy({ target, random, upstream: { cutWith: 'reset' } })).rejects.toThrow(RangeError);
  });
});
