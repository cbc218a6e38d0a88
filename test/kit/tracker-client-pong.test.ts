// The kit's tracker client answers the tracker's ping with a pong that echoes its id (docs/PROTOCOL.md
// §3.1), over a real socket to a tracker played here.
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { TrackerClient } from '#kit/tracker/tracker-client.ts';
import { LineDecoder } from '../../solutions/01-two-peers/line-decoder.ts';
import { JsonLines } from '../json-lines.ts';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

test('a pong has the id of the ping, whatever its kind, and none when the ping had none', async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const client = await TrackerClient.connect('127.0.0.1', (server.address() as { port: number }).port, new LineDecoder());
  const tracker = new JsonLines((await accepted)[0] as Socket);
  cleanups.push(() => client.close(), () => tracker.close(), () => server.close());

  tracker.send({ type: 'hello', server: 'sharing-is-caring', version: 1, question: 'new or returning?', options: ['register', 'login'] });
  await client.greeting;
  for (const id of [31, 'p-1', 0]) {
    tracker.send({ type: 'ping', id });
    expect(await tracker.next()).toEqual({ type: 'pong', id });
  }
  tracker.send({ type: 'ping' });
  expect(await tracker.next()).toEqual({ type: 'pong' });
});
