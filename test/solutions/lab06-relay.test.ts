// The Lab 06 reference relay (docs/PROTOCOL.md §3.6), over real sockets: only tokens signed with the
// shared secret, unexpired and unused, are paired; bytes go both ways unchanged; a receiver that stops
// reading slows its sender down instead of filling the relay's memory; and the reference tracker's
// tokens (§3.3 relay) are the ones the relay pairs.
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startProgram, type Started } from '../final/final-processes.ts';
import { JsonLines, ofType } from '../json-lines.ts';
import { typedPeer } from './reference-peer.ts';
import { directionKeys, newKeyPair, open, RecordReader, seal } from '../../solutions/06-rooms-and-relay/sealed-records.ts';

const secret = randomBytes(32).toString('base64url');
let dir: string;
let relay: Started;
const peers: Started[] = [];
let tracker: Started;
let trackerPort = 0;
let port = 0;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab06-relay-'));
  writeFileSync(join(dir, 'secret'), `${secret}\n`);
  relay = await startProgram('solutions/06-rooms-and-relay/relay.ts', ['--port', '0', '--secret-file', join(dir, 'secret'), '--json']);
  port = relay.ready.port as number;
  tracker = await startProgram('solutions/06-rooms-and-relay/tracker.ts', ['--port', '0', '--db', join(dir, 'tracker.db'), '--scrypt-n', '1024', '--relay', `127.0.0.1:${port}`, '--relay-secret-file', join(dir, 'secret'), '--json']);
  trackerPort = tracker.ready.port as number;
}, 30_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  for (const peer of peers) await peer.stop();
  await relay?.stop();
  await tracker?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function token(session: string, side: string, expiresAt = Date.now() + 60_000, key = secret): string {
  const signed = `${session}.${side}.${expiresAt}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}

/** A connection to the relay that has sent relay_join; `received` collects every byte. */
async function joinRelay(tokenText: string): Promise<{ socket: net.Socket; received: () => Buffer; until: (bytes: number) => Promise<void> }> {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  let received = Buffer.alloc(0);
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    for (const wake of waiters.splice(0)) wake();
  });
  socket.write(`${JSON.stringify({ type: 'relay_join', token: tokenText })}\n`);
  const until = async (bytes: number) => {
    const deadline = Date.now() + 10_000;
    while (received.length < bytes && Date.now() < deadline) await new Promise<void>((resolve) => waiters.push(resolve) && setTimeout(resolve, 50));
  };
  return { socket, received: () => received, until };
}

const firstLine = (bytes: Buffer) => JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString()) as Record<string, unknown>;

describe('the Lab 06 reference relay', () => {
  test('refuses a forged, an expired and a used token; pairs the real two and copies both ways', async () => {
    const callee = await joinRelay(token('s-one', 'callee'));
    for (const forged of [token('s-one', 'caller', Date.now() + 60_000, 'another secret, as long'), token('s-one', 'caller', Date.now() - 1), token('s-one', 'callee')]) {
      const forger = await joinRelay(forged);
      await forger.until(1);
      expect(firstLine(forger.received())).toMatchObject({ type: 'error', code: 'BAD_TOKEN' });
    }
    const caller = await joinRelay(token('s-one', 'caller'));
    const paired = `${JSON.stringify({ type: 'relay_paired', session: 's-one' })}\n`;
    await Promise.all([caller.until(paired.length), callee.until(paired.length)]);
    expect(callee.received().toString()).toBe(paired);
    const there = randomBytes(200_000);
    const back = randomBytes(3_000);
    caller.socket.write(there);
    callee.socket.write(back);
    await Promise.all([callee.until(paired.length + there.length), caller.until(paired.length + back.length)]);
    expect(callee.received().subarray(paired.length)).toEqual(there);
    expect(caller.received().subarray(paired.length)).toEqual(back);
    caller.socket.end();
    callee.socket.end();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.output()).toContain('"event":"ended","session":"s-one","caller_bytes":200000,"callee_bytes":3000');
  }, 30_000);

  test('the tracker gives the caller of a pending session, and only it, the two tokens the relay pairs', async () => {
    const peer = async (name: string) => {
      const client = await JsonLines.dial(trackerPort);
      sockets.push(client.socket);
      await client.next(ofType('hello'));
      expect(await client.request({ type: 'register', username: name, password: 'correct horse battery', port: 5555 })).toMatchObject({ type: 'welcome' });
      return client;
    };
    const [ana, ben] = [await peer('relay-ana'), await peer('relay-ben')];
    const info = await ana.request({ type: 'lookup', username: 'relay-ben' });
    const session = String(info.session);
    expect(await ben.request({ type: 'relay', session })).toMatchObject({ type: 'error', code: 'NO_SUCH_SESSION' });
    const given = await ana.request({ type: 'relay', session });
    expect(given).toMatchObject({ type: 'relay_info', session, host: '127.0.0.1', port });
    const told = await ben.next(ofType('relay_incoming'));
    expect(told).toMatchObject({ session, from: 'relay-ana', port });
    expect(await ana.request({ type: 'relay', session })).toMatchObject({ type: 'error', code: 'NO_SUCH_SESSION' });
    const [caller, callee] = [await joinRelay(String(given.token)), await joinRelay(String(told.token))];
    await Promise.all([caller.until(1), callee.until(1)]);
    expect(firstLine(caller.received())).toEqual({ type: 'relay_paired', session });
    expect(firstLine(callee.received())).toEqual({ type: 'relay_paired', session });
  }, 30_000);

  test('a peer that cannot be dialled is reached through the relay: /connect, session_relayed on both sides, a chat both ways', async () => {
    const peer = (name: string, extra: string[] = []) => typedPeer('06-rooms-and-relay', trackerPort, name, peers, extra);
    // Bea listens on 127.0.0.2 only; the tracker names the address it sees her come from, 127.0.0.1,
    // where nothing listens: Ari's dial is refused, as behind a router that lets nobody in.
    const [ari, bea] = [await peer('peer-ari'), await peer('peer-bea', ['--host', '127.0.0.2'])];
    ari.type('/connect peer-bea');
    const relayed = await ari.event((e) => e.event === 'session_relayed', 15_000);
    expect(relayed).toMatchObject({ with: 'peer-bea' });
    expect(await bea.event((e) => e.event === 'session_relayed')).toEqual({ event: 'session_relayed', session: relayed.session, with: 'peer-ari' });
    for (const side of [ari, bea]) expect(await side.event((e) => e.event === 'session_started')).toMatchObject({ session: relayed.session });
    ari.type('hello through the relay');
    expect(await bea.event((e) => e.event === 'message')).toMatchObject({ from: 'peer-ari', text: 'hello through the relay' });
    bea.type('and back');
    expect(await ari.event((e) => e.event === 'message')).toMatchObject({ from: 'peer-bea', text: 'and back' });
    expect(relay.output()).toContain(`"event":"paired","session":"${String(relayed.session)}"`);
  }, 40_000);

  test('a receiver that reads nothing slows the sender down: the relay holds little of what was offered', async () => {
    const caller = await joinRelay(token('s-two', 'caller'));
    const callee = await joinRelay(token('s-two', 'callee'));
    await Promise.all([caller.until(1), callee.until(1)]);
    callee.socket.pause();
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${relay.child.pid}/status`, 'utf8'))?.[1]) * 1024;
    const before = rss();
    const block = randomBytes(1024 * 1024);
    for (let i = 0; i < 48; i += 1) caller.socket.write(block);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(rss() - before).toBeLessThan(24 * 1024 * 1024);
    expect(caller.socket.writableLength).toBeGreaterThan(16 * 1024 * 1024);
  }, 30_000);

  test('sealed records: both sides derive the same keys; a record opens only as sealed, with its number and key', () => {
    const [a, b] = [newKeyPair(), newKeyPair()];
    const fromA = directionKeys(a.privateKey, b.publicRaw, 'the-ticket-1234567890', 's-1');
    const fromB = directionKeys(b.privateKey, a.publicRaw, 'the-ticket-1234567890', 's-1');
    expect(fromA).toEqual(fromB);
    expect(fromA.fromCaller.equals(fromA.fromCallee)).toBe(false);
    const record = seal(fromA.fromCaller, 7n, Buffer.from('hello through the relay'));
    const [body] = new RecordReader().push(record) as Buffer[];
    expect(open(fromA.fromCaller, 7n, body!)?.toString()).toBe('hello through the relay');
    const flipped = Buffer.from(body!);
    flipped[3]! ^= 1;
    for (const [key, n, bytes] of [[fromA.fromCaller, 7n, flipped], [fromA.fromCaller, 8n, body!], [fromA.fromCallee, 7n, body!]] as const) expect(open(key, n, bytes)).toBeUndefined();
  });
});
