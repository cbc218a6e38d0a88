// What the reference peer of Lab 03 answers on a direct connection (docs/PROTOCOL.md §2.2, §2.4, §3.1,
// §3.4): every reply (pong, welcome) has its request's id, every error echoes the `re` and `id` of what
// it answers, an error is never answered, and the longest legal chat fits in one line however JSON
// escapes it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_CHAT_TEXT, MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { JsonLines, ofType } from '../json-lines.ts';
import { callPeer, startReferencePeer, type ReferencePeer } from './reference-peer.ts';

let alice: ReferencePeer;
const callers: JsonLines[] = [];

beforeAll(async () => {
  alice = await startReferencePeer('03-roster-and-direct', 'alice');
}, 30_000);

afterAll(async () => {
  for (const caller of callers) caller.close();
  await alice?.stop();
});

async function dial(): Promise<JsonLines> {
  const caller = await JsonLines.dial(alice.port);
  callers.push(caller);
  return caller;
}

async function session(from: string, id: string): Promise<JsonLines> {
  const caller = await callPeer(alice, from, id);
  callers.push(caller);
  return caller;
}

describe('pong on a session connection', () => {
  test('echoes the id of the ping, a number or a string, and has none when the ping had none', async () => {
    const bob = await session('bob', 's-ping');
    bob.send({ type: 'ping', id: 31 });
    expect(await bob.next()).toEqual({ type: 'pong', id: 31 });
    bob.send({ type: 'ping', id: 'p-7' });
    expect(await bob.next()).toEqual({ type: 'pong', id: 'p-7' });
    bob.send({ type: 'ping' });
    expect(await bob.next()).toEqual({ type: 'pong' });
  });
});

describe('a welcome answers a hello', () => {
  test('with the id of the hello', async () => {
    const ticket = alice.expectCaller('gina', 's-welcome-id');
    const gina = await dial();
    gina.send({ type: 'hello', from: 'gina', ticket, id: 'w-1' });
    expect(await gina.next()).toEqual({ type: 'welcome', session: 's-welcome-id', username: 'alice', id: 'w-1' });
  });
});

describe('errors on a direct connection echo re and id', () => {
  test('BAD_TICKET to a hello, then the callee closes', async () => {
    const ticket = alice.expectCaller('bob', 's-for-bob');
    const carol = await dial();
    carol.send({ type: 'hello', from: 'carol', ticket, id: 41 });
    expect(await carol.next()).toMatchObject({ type: 'error', code: 'BAD_TICKET', re: 'hello', id: 41 });
    await carol.whenClosed();
  });

  test('WRONG_STATE to a first message that is neither hello nor get', async () => {
    const caller = await dial();
    caller.send({ type: 'chat', text: 'hi', id: 3 });
    expect(await caller.next()).toMatchObject({ type: 'error', code: 'WRONG_STATE', re: 'chat', id: 3 });
    await caller.whenClosed();
  });

  test('an error as the first message is not answered: the connection just closes', async () => {
    const caller = await dial();
    caller.send({ type: 'error', code: 'INTERNAL', message: 'who are you?' });
    await caller.whenClosed();
    expect(caller.received).toEqual([]);
  });

  test('WRONG_STATE to a hello inside an open session, BAD_MESSAGE to a bad field, nothing to a bad error', async () => {
    const dave = await session('dave', 's-states');
    dave.send({ type: 'hello', from: 'dave', ticket: 'zhLPilOWSqqHDsJUmHFsnQ', id: 'h1' });
    expect(await dave.next()).toMatchObject({ type: 'error', code: 'WRONG_STATE', re: 'hello', id: 'h1' });
    dave.send({ type: 'error', code: 'NOT_A_CODE', message: 'a broken error', id: 1 });
    dave.send({ type: 'chat', text: 5, id: 9 });
    // The next thing dave hears answers the chat: the broken error got nothing.
    expect(await dave.next()).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', field: 'text', re: 'chat', id: 9 });
  });

  test('a ticket that is not a string is BAD_MESSAGE about "ticket", not BAD_TICKET (§3.4 hello)', async () => {
    const caller = await dial();
    caller.send({ type: 'hello', from: 'erin', ticket: 12345, id: 2 });
    expect(await caller.next()).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', field: 'ticket', re: 'hello', id: 2 });
    await caller.whenClosed();
  });
});

describe('the longest chat, every byte a control character (§1, text limits)', () => {
  const worst = '\u0001'.repeat(MAX_CHAT_TEXT);

  test('arrives whole, and goes out in one line within MAX_LINE_BYTES', async () => {
    const frank = await session('frank', 's-worst');
    frank.send({ type: 'chat', text: worst });
    expect(await alice.event((e) => e.event === 'message' && e.from === 'frank')).toMatchObject({ text: worst });

    const lines: Buffer[] = [];
    frank.socket.on('data', (chunk: Buffer) => lines.push(chunk));
    alice.type(worst);
    expect(await frank.next(ofType('chat'))).toEqual({ type: 'chat', text: worst });
    const line = Buffer.concat(lines);
    expect(line.indexOf(0x0a)).toBe(line.length - 1);
    expect(line.length - 1).toBeLessThanOrEqual(MAX_LINE_BYTES);
  });
});
