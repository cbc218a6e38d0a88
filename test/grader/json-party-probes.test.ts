// The probing pings a grader party adds after requests (grader/engine/json-party.ts) draw their ids
// from the whole id space, so two probes can carry the same id (0 and "" are drawn often). Each
// pong must be counted as the answer to one probe: a pong left over from an earlier probe must not
// be taken for the reply to a later request. Found when the Lab 03 reference failed for two seeds.
import net from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { JsonParty } from '../../grader/engine/json-party.ts';
import { ProtocolWatch } from '../../grader/engine/monitor/protocol-watch.ts';
import type { Random } from '../../grader/engine/seeded-random.ts';
import { ScriptedSocket } from '../../grader/engine/scripted-socket.ts';
import { StepLog } from '../../grader/engine/step-log.ts';
import { Watch } from '../../grader/engine/watch.ts';

const HELLO = { type: 'hello', server: 'sharing-is-caring', version: 1, question: 'new or returning?', options: ['register', 'login'] };

/** Always the first choice: every probe is made, and every drawn request id is 0. */
const FIRST_CHOICE: Random = { next: () => 0, int: (min) => min, pick: (items) => items[0]!, chance: (p) => p > 0 };

let server: net.Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** A tracker that answers every request in order: lookups with NO_SUCH_USER, logout with ok. */
async function answeringTracker(): Promise<number> {
  server = net.createServer((socket) => {
    socket.write(`${JSON.stringify(HELLO)}\n`);
    let rest = '';
    socket.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line) as { type: string; id?: unknown };
        if (message.type === 'ping') socket.write(`${JSON.stringify({ type: 'pong', id: message.id })}\n`);
        if (message.type === 'lookup') socket.write(`${JSON.stringify({ type: 'error', code: 'NO_SUCH_USER', message: 'nobody', re: 'lookup', id: message.id })}\n`);
        if (message.type === 'logout') socket.write(`${JSON.stringify({ type: 'ok', re: 'logout', id: message.id })}\n`);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

test('two probes with the same id: each pong answers one of them, and the next reply is the reply', async () => {
  const log = new StepLog();
  const watch = new ProtocolWatch(1, log);
  Object.defineProperty(watch, 'random', { value: FIRST_CHOICE });
  const socket = await ScriptedSocket.connect(await answeringTracker(), 'alice', log, new Watch(), watch);
  const alice = new JsonParty(socket, 'tracker-to-peer');
  try {
    await alice.expect('hello');
    // Each lookup is followed by a probing ping with id 0; its pong arrives after the lookup's reply.
    await alice.request({ type: 'lookup', username: 'bob' }, 'error', { code: 'NO_SUCH_USER' });
    await alice.request({ type: 'lookup', username: 'carol' }, 'error', { code: 'NO_SUCH_USER' });
    // logout is never probed: the pong of the second probe comes before its reply and is no reply.
    await alice.request({ type: 'logout' }, 'ok', { re: 'logout' });
    expect(log.steps.filter((s) => s.text.includes('(the answer to the probe)'))).toHaveLength(2);
  } finally {
    socket.reset();
  }
});
