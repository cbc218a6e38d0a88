// The kit's tracker client accepts only the hello of a tracker of this protocol's version (§3.2): a
// newer tracker, another program on the port, or silence ends the connection with a sentence.
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { TrackerClient } from '#kit/tracker/tracker-client.ts';

const HELLO = { type: 'hello', server: 'sharing-is-caring', version: 1, question: 'new or returning?', options: ['register', 'login'] };
const cleanups: Array<() => void> = [];

/** The smallest line splitter: the client under test is the kit's, not any lab's decoder. */
class Lines {
  private rest = '';
  push(chunk: Buffer): string[] {
    const lines = (this.rest + chunk.toString('utf8')).split('\n');
    this.rest = lines.pop() ?? '';
    return lines;
  }
}
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A client connected to a server that answers with `first` (bytes) and then, optionally, closes. */
async function greetedWith(first: string, close = false): Promise<{ client: TrackerClient; socket: Socket }> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const client = await TrackerClient.connect('127.0.0.1', (server.address() as { port: number }).port, new Lines());
  const socket = (await accepted)[0] as Socket;
  socket.on('error', () => {});
  cleanups.push(() => client.close(), () => socket.destroy(), () => server.close());
  if (first) socket.write(first);
  if (close) socket.end();
  return { client, socket };
}

test('the hello of this protocol is the greeting', async () => {
  const { client } = await greetedWith(`${JSON.stringify(HELLO)}\n`);
  await expect(client.greeting).resolves.toMatchObject({ server: 'sharing-is-caring', version: 1 });
});

test.each([
  ['a newer version', `${JSON.stringify({ ...HELLO, version: 2 })}\n`, /version 2/],
  ['another server', `${JSON.stringify({ ...HELLO, server: 'someone-else' })}\n`, /"someone-else"/],
  ['another program', 'HTTP/1.1 400 Bad Request\r\n\r\n', /first line was not a hello/],
  ['a message before the hello', '{"type":"ping","id":1}\n', /first line was not a hello/],
])('%s is refused and the connection closed', async (_what, first, reason) => {
  const { client, socket } = await greetedWith(first);
  await expect(client.greeting).rejects.toThrow(/is not a Sharing is Caring tracker/);
  await expect(client.greeting).rejects.toThrow(reason);
  if (!socket.destroyed) await once(socket, 'close');
  expect(client.closedAlready).toBe(true);
});

test('a connection closed before any greeting is refused too', async () => {
  const { client } = await greetedWith('', true);
  await expect(client.greeting).rejects.toThrow(/before greeting/);
});
