// What the reference tracker (Lab 05, the most complete) answers where docs/PROTOCOL.md had to decide:
// a bad port (§3.3 register), a malformed username in a lookup (§3.3 lookup), a pong (§3.1), and the
// `re` of an error when the type is too long in bytes though short in characters (§2.4).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JsonLines, ofType, type Msg } from '../json-lines.ts';
import { PASSWORD, startReferenceTracker, stopTracker, type TrackerRun } from '../hardening/tracker-process.ts';

let tracker: TrackerRun;
const clients: JsonLines[] = [];

beforeAll(async () => {
  tracker = await startReferenceTracker();
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await stopTracker(tracker);
});

async function open(): Promise<JsonLines> {
  const client = await JsonLines.dial(tracker.port);
  clients.push(client);
  await client.next(ofType('hello'));
  return client;
}

const register = (username: string, port: unknown): Msg => ({ type: 'register', username, password: PASSWORD, port });

describe('port in register and login (§3.3 register)', () => {
  test('a number that is not a port is BAD_PORT; a port that is not a number is BAD_MESSAGE; 80.0 is 80', async () => {
    const client = await open();
    for (const port of [5.5, 0, 70_000]) {
      expect(await client.request(register('portia', port)), `port ${port}`).toMatchObject({ type: 'error', code: 'BAD_PORT', re: 'register' });
    }
    expect(await client.request(register('portia', '80'))).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', field: 'port', re: 'register' });
    const line = JSON.stringify(register('portia', 0)).replace('"port":0', '"port":80.0').replace('}', ',"id":"dot-zero"}');
    client.sendRaw(`${line}\n`);
    expect(await client.next((m) => m.id === 'dot-zero')).toMatchObject({ type: 'welcome', username: 'portia', port: 80 });
  });
});

describe('lookup of a malformed username (§3.3 lookup)', () => {
  test('is BAD_MESSAGE about "username", not BAD_USERNAME', async () => {
    const client = await open();
    await client.request(register('looker', 5555));
    expect(await client.request({ type: 'lookup', username: 'Bob!' })).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', field: 'username', re: 'lookup' });
  });
});

describe('what answers echo (§2.4, §3.1)', () => {
  test('a pong has the id of its ping', async () => {
    const client = await open();
    client.send({ type: 'ping', id: 'before-login' });
    expect(await client.next()).toEqual({ type: 'pong', id: 'before-login' });
  });

  test('an error echoes a type as re only when it has at most 32 bytes, and the id always', async () => {
    const client = await open();
    const short = 'é'.repeat(16); // 32 bytes
    const long = 'é'.repeat(17); // 17 characters, 34 bytes
    client.send({ type: short, id: 1 });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE', re: short, id: 1 });
    client.send({ type: long, id: 2 });
    const error = await client.next();
    expect(error).toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE', id: 2 });
    expect(error).not.toHaveProperty('re');
  });
});
