// The lossy UDP relay with real sockets on 127.0.0.1: a test client ⇄ relay ⇄ a test echo target.
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startLossyUdpProxy, type LossyUdpProxy, type LossyUdpProxyOptions } from '../../grader/engine/lossy-udp-proxy.ts';
import { createRandom } from '../../grader/engine/seeded-random.ts';

const HOST = '127.0.0.1';
const WAIT_MS = 3000;

const openSockets = new Set<dgram.Socket>();
const openProxies = new Set<LossyUdpProxy>();

afterEach(async () => {
  await Promise.all([...openProxies].map((proxy) => proxy.close()));
  openProxies.clear();
  for (const socket of openSockets) socket.close();
  openSockets.clear();
});

/** A bound socket that records what it receives; with `echo`, it sends every datagram back. */
async function endpoint({ echo = false } = {}): Promise<{ socket: dgram.Socket; port: number; got: Buffer[] }> {
  const socket = dgram.createSocket('udp4');
  openSockets.add(socket);
  const got: Buffer[] = [];
  socket.on('message', (datagram, from) => {
    got.push(datagram);
    if (echo) socket.send(datagram, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
  return { socket, port: socket.address().port, got };
}

async function relay(targetPort: number, options: Partial<LossyUdpProxyOptions> = {}, seed = 1): Promise<LossyUdpProxy> {
  const proxy = await startLossyUdpProxy({ target: { host: HOST, port: targetPort }, random: createRandom(seed), ...options });
  openProxies.add(proxy);
  return proxy;
}

async function waitFor(condition: () => boolean, what: () => string, ms = WAIT_MS): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await sleep(2);
  }
}

const numbered = (i: number) => Buffer.from(`datagram ${String(i).padStart(3, '0')}`);

describe('lossy UDP relay', () => {
  it('with no faults relays every datagram both ways, unchanged and in order, and counts them', async () => {
    const target = await endpoint({ echo: true });
    const client = await endpoint();
    const proxy = await relay(target.port);
    for (let i = 0; i < 20; i += 1) client.socket.send(numbered(i), proxy.port, HOST);
    await waitFor(() => client.got.length === 20, () => `20 echoes, got ${client.got.length}`);
    expect(target.got).toEqual(Array.from({ length: 20 }, (_, i) => numbered(i)));
    expect(client.got).toEqual(target.got);
    const stats = proxy.stats();
    expect(stats.clients).toBe(1);
    expect(stats.up).toMatchObject({ received: 20, forwarded: 20, dropped: 0, duplicated: 0, reordered: 0, corrupted: 0, cut: 0 });
    expect(stats.down).toMatchObject({ received: 20, forwarded: 20 });
  });

  it('drops every datagram at rate 1 and counts each', async () => {
    const target = await endpoint();
    const client = await endpoint();
    const proxy = await relay(target.port, { upstream: { drop: 1 } });
    for (let i = 0; i < 10; i += 1) client.socket.send(numbered(i), proxy.port, HOST);
    await waitFor(() => proxy.stats().up.received === 10, () => JSON.stringify(proxy.stats().up));
    // A marker sent straight to the target after the relay handled all ten: it must be the only arrival.
    client.socket.send(Buffer.from('marker'), target.port, HOST);
    await waitFor(() => target.got.length > 0, () => 'the marker');
    expect(target.got.map(String)).toEqual(['marker']);
    expect(proxy.stats().up).toMatchObject({ received: 10, forwarded: 0, dropped: 10 });
  });

  it('duplicates every datagram at rate 1', async () => {
    const target = await endpoint();
    const client = await endpoint();
    const proxy = await relay(target.port, { upstream: { duplicate: 1 } });
    for (let i = 0; i < 5; i += 1) client.socket.send(numbered(i), proxy.port, HOST);
    await waitFor(() => target.got.length === 10, () => `10 datagrams, got ${target.got.length}`);
    expect(target.got).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4].map(numbered));
    expect(proxy.stats().up).toMatchObject({ received: 5, forwarded: 10, duplicated: 5 });
  });

  it('corrupts exactly one byte of every datagram at rate 1, keeping its length', async () => {
    const target = await endpoint();
    const client = await endpoint();
    const proxy = await relay(target.port, { upstream: { corrupt: 1 } });
    for (let i = 0; i < 30; i += 1) client.socket.send(numbered(i), proxy.port, HOST);
    await waitFor(() => target.got.length === 30, () => `30 datagrams, got ${target.got.length}`);
    target.got.forEach((got, i) => {
      const sent = numbered(i);
      expect(got.length).toBe(sent.length);
      expect([...got].filter((byte, k) => byte !== sent[k])).toHaveLength(1);
    });
    expect(proxy.stats().up.corrupted).toBe(30);
  });

  it('reorders: held datagrams are overtaken, yet every one arrives', async () => {
    const target = await endpoint();
    const client = await endpoint();
    const proxy = await relay(target.port, { upstream: { reorder: 0.3 } }, 7);
    for (let i = 0; i < 100; i += 1) client.socket.send(numbered(i), proxy.port, HOST);
    await waitFor(() => target.got.length === 100, () => `100 datagrams, got ${target.got.length}`);
    const order = target.got.map((d) => Number(String(d).slice(-3)));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(proxy.stats().up.reordered).toBeGreaterThan(10);
  });

  it('releases a held datagram by itself when nothing overtakes it', async () => {
    const target = await endpoint();
    const client = await endpoint();
    const proxy = await relay(target.port, { upstream: { reorder: 1 } });
    client.socket.send(Buffer.from('alone'), proxy.port, HOST);
    await waitFor(() => target.got.length === 1, () => 'the held datagram', 1000);
    expect(proxy.stats().up).toMatchObject({ received: 1, forwarded: 1, reordered: 1 });
  });

  it('cuts the path after cutAfter datagrams', async () => {
    const target = await endpoint();
    const client = await endpoint();
    const proxy = await relay(target.port, { upstream: { cutAfter: 4 } });
    for (let i = 0; i < 10; i += 1) client.socket.send(numbered(i), proxy.port, HOST);
    await waitFor(() => proxy.stats().up.received === 10, () => JSON.stringify(proxy.stats().up));
    await waitFor(() => target.got.length === 4, () => `4 datagrams, got ${target.got.length}`);
    expect(proxy.stats().up).toMatchObject({ forwarded: 4, cut: 6 });
  });

  it('gives the n-th datagram the same fate for the same seed', async () => {
    const faults = { drop: 0.3, duplicate: 0.3, corrupt: 0.3 };
    const runOnce = async () => {
      const target = await endpoint();
      const client = await endpoint();
      const proxy = await relay(target.port, { upstream: faults }, 42);
      for (let i = 0; i < 40; i += 1) {
        client.socket.send(numbered(i), proxy.port, HOST);
        await waitFor(() => proxy.stats().up.received === i + 1, () => `datagram ${i} handled`);
      }
      await waitFor(() => target.got.length === proxy.stats().up.forwarded, () => 'every forwarded datagram');
      return { got: target.got.map((d) => d.toString('hex')), stats: proxy.stats().up };
    };
    const first = await runOnce();
    const second = await runOnce();
    expect(second).toEqual(first);
    expect(first.stats.dropped).toBeGreaterThan(0);
    expect(first.stats.duplicated).toBeGreaterThan(0);
    expect(first.stats.corrupted).toBeGreaterThan(0);
  });

  it('sends each client its own replies', async () => {
    const target = await endpoint({ echo: true });
    const alice = await endpoint();
    const bob = await endpoint();
    const proxy = await relay(target.port);
    alice.socket.send(Buffer.from('from alice'), proxy.port, HOST);
    bob.socket.send(Buffer.from('from bob'), proxy.port, HOST);
    await waitFor(() => alice.got.length === 1 && bob.got.length === 1, () => 'both echoes');
    expect(alice.got.map(String)).toEqual(['from alice']);
    expect(bob.got.map(String)).toEqual(['from bob']);
    expect(proxy.stats().clients).toBe(2);
  });

  it('refuses rates outside 0..1', async () => {
    await expect(startLossyUdpProxy({ target: { host: HOST, port: 9 }, random: createRandom(1), upstream: { drop: 1.5 } })).rejects.toThrow(RangeError);
    await expect(startLossyUdpProxy({ target: { host: HOST, port: 9 }, random: createRandom(1), downstream: { cutAfter: -1 } })).rejects.toThrow(RangeError);
  });

  it('closes, twice if asked, frees its port and drops what it held', async () => {
    const target = await endpoint({ echo: true });
    const client = await endpoint();
    const proxy = await relay(target.port, { upstream: { reorder: 1 } });
    client.socket.send(Buffer.from('held while closing'), proxy.port, HOST);
    await waitFor(() => proxy.stats().up.received === 1, () => 'the datagram handled');
    // How soon it closes is a figure of bench/grader-tools.ts, not a bound here.
    await Promise.all([proxy.close(), proxy.close()]);
    const again = dgram.createSocket('udp4');
    openSockets.add(again);
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(proxy.port, HOST, resolve);
    });
    await sleep(50); // the held datagram's release time has passed: it must not be sent after close
    expect(target.got).toEqual([]);
  });
});

describe('what the relay tells about each datagram', () => {
  it('names, per direction, every datagram as it came in with what was done to it, matching its totals', async () => {
    const target = await endpoint({ echo: true });
    const seen: Array<{ way: string; text: string; fates: string[] }> = [];
    const proxy = await relay(target.port, {
      upstream: { drop: 0.3, duplicate: 0.2, corrupt: 0.2 },
      downstream: { reorder: 0.3 },
      onDatagram: (way, datagram, fates) => seen.push({ way, text: datagram.toString(), fates }),
    }, 5);
    const client = await endpoint();
    for (let i = 0; i < 200; i++) client.socket.send(numbered(i), proxy.port, HOST);
    await waitFor(() => seen.filter((d) => d.way === 'up').length === 200, () => `${seen.length} datagrams seen`);
    // The bytes as they came in: a corrupted one is reported before its byte is flipped.
    expect(seen.filter((d) => d.way === 'up').map((d) => d.text)).toEqual(Array.from({ length: 200 }, (_, i) => numbered(i).toString()));
    const up = proxy.stats().up;
    const count = (fate: string) => seen.filter((d) => d.way === 'up' && d.fates.includes(fate)).length;
    expect({ dropped: count('dropped'), duplicated: count('duplicated'), corrupted: count('corrupted') }).toEqual({ dropped: up.dropped, duplicated: up.duplicated, corrupted: up.corrupted });
    expect(count('dropped')).toBeGreaterThan(0);
    await waitFor(() => seen.filter((d) => d.way === 'down').length === proxy.stats().down.received, () => 'the answers');
    expect(seen.filter((d) => d.way === 'down' && d.fates.includes('held back')).length).toBe(proxy.stats().down.reordered);
  });
});
