// The tracker's batched lines: every line arrives, in order; lines added in one turn of the event
// loop leave in one write; a large batch does not wait for the turn to end; flush() before an end()
// loses nothing; a destroyed socket is not written to.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LINE_BATCH_FLUSH_BYTES, LineBatch } from '../../kit/tracker/line-batch.ts';

const opened: net.Socket[] = [];
let server: net.Server | undefined;

async function pair(): Promise<{ local: net.Socket; remote: net.Socket; writes: () => number }> {
  const accepted = new Promise<net.Socket>((resolve) => {
    server = net.createServer(resolve);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const local = net.connect((server?.address() as net.AddressInfo).port, '127.0.0.1');
  const remote = await accepted;
  opened.push(local, remote);
  let count = 0;
  const write = local.write.bind(local) as (...args: unknown[]) => boolean;
  local.write = ((...args: unknown[]) => {
    count += 1;
    return write(...args);
  }) as typeof local.write;
  return { local, remote, writes: () => count };
}

function received(socket: net.Socket, lines: number): Promise<string[]> {
  let text = '';
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const got = text.split('\n').slice(0, -1);
      if (got.length >= lines) resolve(got);
    });
  });
}

afterEach(() => {
  for (const socket of opened.splice(0)) socket.destroy();
  server?.close();
});

describe('LineBatch', () => {
  it('writes the lines of one turn in one write, in order, and calls back after it', async () => {
    const { local, remote, writes } = await pair();
    let after = 0;
    const batch = new LineBatch(local, () => (after += 1));
    const arriving = received(remote, 500);
    for (let i = 0; i < 500; i += 1) batch.add(`line ${i}\n`);
    expect(writes()).toBe(0);
    expect(batch.pendingBytes).toBeGreaterThan(0);
    expect(await arriving).toEqual(Array.from({ length: 500 }, (_, i) => `line ${i}`));
    expect(writes()).toBe(1);
    expect(after).toBe(1);
    expect(batch.pendingBytes).toBe(0);
  });

  it('writes a batch that reaches the threshold at once, keeping the order with what follows', async () => {
    const { local, remote, writes } = await pair();
    const batch = new LineBatch(local);
    const big = `${'x'.repeat(LINE_BATCH_FLUSH_BYTES)}\n`;
    const arriving = received(remote, 3);
    batch.add('first\n');
    batch.add(big);
    expect(writes()).toBe(1);
    batch.add('last\n');
    const got = await arriving;
    expect(got.map((line) => line.slice(0, 5))).toEqual(['first', 'xxxxx', 'last']);
    expect(writes()).toBe(2);
  });

  it('flush() hands everything over before an end(), and nothing goes to a destroyed socket', async () => {
    const { local, remote, writes } = await pair();
    const batch = new LineBatch(local);
    const arriving = received(remote, 2);
    batch.add('bye 1\n');
    batch.add('bye 2\n');
    batch.flush();
    local.end();
    expect(await arriving).toEqual(['bye 1', 'bye 2']);
    const after = writes();
    local.destroy();
    batch.add('too late\n');
    batch.flush();
    expect(writes()).toBe(after);
  });
});
