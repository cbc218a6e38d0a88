// Presentation mode's pace: a paced socket still hands its peer every byte, in order, before 'end'
// and 'close'; in pieces no larger than one tick's share of the rate; never while the peer has paused
// it; and nothing queued once the peer destroyed it.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { paceReading } from '../../final/peer/watchable-pace.ts';

const RATE = 200_000; // bytes per second: 10,000 per 50 ms tick
const open: net.Socket[] = [];
let server: net.Server | undefined;

async function pair(): Promise<{ sender: net.Socket; receiver: net.Socket }> {
  const accepted = new Promise<net.Socket>((resolve) => {
    server = net.createServer(resolve);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const sender = net.connect((server?.address() as net.AddressInfo).port, '127.0.0.1');
  const receiver = await accepted;
  open.push(sender, receiver);
  return { sender, receiver };
}

afterEach(() => {
  for (const socket of open.splice(0)) socket.destroy();
  server?.close();
});

describe('paceReading', () => {
  it('delivers every byte in order, in pieces of one tick at most, then end, then close', async () => {
    const { sender, receiver } = await pair();
    paceReading(receiver, RATE);
    const bytes = randomBytes(120_000);
    const pieces: Buffer[] = [];
    const order: string[] = [];
    receiver.on('data', (piece: Buffer) => pieces.push(piece));
    receiver.on('end', () => order.push(`end after ${Buffer.concat(pieces).length}`));
    const closed = new Promise<void>((resolve) => receiver.on('close', () => resolve()));
    sender.end(bytes);
    await closed;
    expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(10_000);
    expect(order).toEqual([`end after ${bytes.length}`]);
  });

  it('hands nothing over while the peer has paused the socket, and goes on when it resumes', async () => {
    const { sender, receiver } = await pair();
    paceReading(receiver, RATE);
    let got = 0;
    let pausedOnce = false;
    receiver.on('data', (piece: Buffer) => {
      got += piece.length;
      if (got >= 20_000 && !pausedOnce) {
        pausedOnce = true;
        receiver.pause();
      }
    });
    sender.write(randomBytes(60_000));
    for (let waited = 0; !pausedOnce && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const whilePaused = got;
    expect(whilePaused).toBeLessThan(60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(got).toBe(whilePaused);
    receiver.resume();
    for (let waited = 0; got < 60_000 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(got).toBe(60_000);
  });

  it('drops what is queued when the peer destroys the socket', async () => {
    const { sender, receiver } = await pair();
    paceReading(receiver, RATE);
    let got = 0;
    receiver.on('data', (piece: Buffer) => {
      got += piece.length;
      receiver.destroy();
    });
    const closed = new Promise<void>((resolve) => receiver.on('close', () => resolve()));
    sender.write(randomBytes(100_000));
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(got).toBeLessThanOrEqual(10_000);
  });
});
