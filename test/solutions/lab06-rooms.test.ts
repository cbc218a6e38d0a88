// The Lab 06 reference tracker's rooms (docs/PROTOCOL.md §3.3, §3.5), over real sockets: a code only
// members see, presence to the other members only, one order for every member, guesses counted, and
// a member that stops reading removed while the others go on; and the reference peer's room commands,
// asking a room who has a file and downloading from the holder picked included.
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_ROOM_GUESSES, ROOM_CODE_PATTERN } from '#kit/protocol/limits.ts';
import { validateMessage } from '#kit/protocol/messages.ts';
import { startProgram, type Started } from '../final/final-processes.ts';
import { JsonLines, ofType, type Msg } from '../json-lines.ts';
import { typedPeer } from './reference-peer.ts';

/**
 * The slow-member test: one member sends a round of this many messages of 8 kB every second (under
 * the tracker's 100 lines per second per connection) until the paused reader is removed. How much the
 * kernel buffers for a reader that stopped, before the tracker sees anything pile up, depends on the
 * machine: here it took up to 5.6 MB. One sender keeps the test light on a loaded machine.
 */
const ROUND = 90;
const MAX_ROUNDS = 25;
let tracker: Started;
let dir: string;
const clients: JsonLines[] = [];
let port = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab06-rooms-'));
  // The room rate raised: the slow-member test sends far more than 20 messages in 10 s.
  tracker = await startProgram('solutions/06-rooms-and-relay/tracker.ts', ['--port', '0', '--db', join(dir, 'tracker.db'), '--scrypt-n', '1024', '--room-rate', String(ROUND * MAX_ROUNDS), '--json']);
  port = tracker.ready.port as number;
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await tracker?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let users = 0;
/** A new user, logged in; every message it receives must be valid protocol. */
async function online(name = `user${++users}`): Promise<JsonLines & { name: string }> {
  const client = await JsonLines.dial(port);
  clients.push(client);
  await client.next(ofType('hello'));
  const welcome = await client.request({ type: 'register', username: name, password: 'correct horse battery', port: 5555 });
  expect(welcome).toMatchObject({ type: 'welcome', username: name });
  return Object.assign(client, { name });
}

function valid(message: Msg): Msg {
  const result = validateMessage(message, 'tracker-to-peer');
  expect(result.ok, JSON.stringify(message)).toBe(true);
  return message;
}

describe('rooms on the Lab 06 reference tracker', () => {
  test('create, join by a code typed loosely, presence to the others only, leave', async () => {
    const [alice, bob, carol] = [await online(), await online(), await online()];
    const room = valid(await alice.request({ type: 'room_create', topic: 'study 🙂' }));
    expect(room).toMatchObject({ type: 'room', topic: 'study 🙂', members: [alice.name] });
    const code = room.code as string;
    expect(code).toMatch(ROOM_CODE_PATTERN);
    const typed = code.toUpperCase().replace(/-/g, ' ').replace(/0/g, 'O').replace(/1/g, 'l');
    expect(valid(await bob.request({ type: 'room_join', code: typed }))).toMatchObject({ type: 'room', code, members: [alice.name, bob.name] });
    expect(valid(await alice.next(ofType('room_presence')))).toEqual({ type: 'room_presence', code, event: 'joined', username: bob.name });
    expect(await bob.request({ type: 'room_leave', code })).toMatchObject({ type: 'ok', re: 'room_leave' });
    expect(await alice.next(ofType('room_presence'))).toEqual({ type: 'room_presence', code, event: 'left', username: bob.name, reason: 'left' });
    // carol, never a member, heard nothing of it, and bob nothing of his own comings and goings.
    await alice.request({ type: 'ping' });
    expect([...carol.received, ...bob.received].filter((m) => String(m.type).startsWith('room'))).toEqual([]);
  });

  test('a non-member gets the answer of a code no room has, for every request, and guesses are counted', async () => {
    const [alice, mallory] = [await online(), await online()];
    const { code } = await alice.request({ type: 'room_create' });
    const nothing = await mallory.request({ type: 'room_join', code: 'zzzz-zzzz-zzzz' });
    expect(nothing).toMatchObject({ type: 'error', code: 'NO_SUCH_ROOM', re: 'room_join' });
    for (const request of [{ type: 'room_say', code, text: 'hi' }, { type: 'room_leave', code }]) {
      const answer = await mallory.request(request);
      expect({ code: answer.code, message: answer.message }).toEqual({ code: nothing.code, message: nothing.message });
    }
    for (let guess = 4; guess <= MAX_ROOM_GUESSES; guess++) expect(await mallory.request({ type: 'room_join', code: `${guess}zzz-zzzz-zzzz` })).toMatchObject({ code: 'NO_SUCH_ROOM' });
    expect(await mallory.request({ type: 'room_join', code: 'yyyy-yyyy-yyyy' })).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    await mallory.whenClosed();
  });

  test('messages from several senders at once: one order, seq 1, 2, 3 … with no gap, for every member, the senders included', async () => {
    const members = [await online(), await online(), await online(), await online()];
    const { code } = await members[0]!.request({ type: 'room_create' });
    for (const member of members.slice(1)) await member.request({ type: 'room_join', code });
    const perSender = 15;
    for (let i = 0; i < perSender; i++) for (const member of members) member.send({ type: 'room_say', code, text: `${member.name} ${i}`, id: `${member.name}-${i}` });
    const total = perSender * members.length;
    const seen = await Promise.all(members.map(async (member) => {
      const lines: string[] = [];
      for (let n = 0; n < total; n++) {
        const message = valid(await member.next(ofType('room_message')));
        expect(message.seq).toBe(n + 1);
        lines.push(`${String(message.seq)} ${String(message.from)} ${String(message.text)}`);
      }
      return lines;
    }));
    for (const lines of seen) expect(lines).toEqual(seen[0]);
    // Each sender's own messages keep the order it sent them in, and its oks name their seq.
    for (const member of members) {
      const mine = seen[0]!.filter((line) => line.split(' ')[1] === member.name).map((line) => line.split(' ').slice(2).join(' '));
      expect(mine).toEqual(Array.from({ length: perSender }, (_, i) => `${member.name} ${i}`));
      const oks = member.received.filter((m) => m.type === 'ok' && m.re === 'room_say');
      expect(oks).toHaveLength(perSender);
    }
  }, 30_000);

  test('who has a file, asked of the room: members are asked, and a member\'s answer reaches the asker once, with its address', async () => {
    const [asker, holder, outsider] = [await online(), await online(), await online()];
    const { code } = await asker.request({ type: 'room_create' });
    await holder.request({ type: 'room_join', code });
    const asked = valid(await asker.request({ type: 'room_whohas', code, name: 'notes.txt' }));
    expect(asked).toMatchObject({ type: 'room_asked', code, name: 'notes.txt' });
    const ask = asked.ask as string;
    expect(valid(await holder.next(ofType('room_ask')))).toEqual({ type: 'room_ask', code, ask, from: asker.name, name: 'notes.txt' });
    const answer = { type: 'room_have', code, ask, name: 'notes.txt', size: 6, sha256: 'ab'.repeat(32) };
    expect(await outsider.request(answer)).toMatchObject({ type: 'error', code: 'NO_SUCH_ROOM' });
    expect(await holder.request(answer)).toMatchObject({ type: 'ok', re: 'room_have' });
    expect(await holder.request(answer)).toMatchObject({ type: 'ok', re: 'room_have' });
    expect(valid(await asker.next(ofType('room_answer')))).toEqual({ type: 'room_answer', code, ask, from: holder.name, name: 'notes.txt', size: 6, sha256: 'ab'.repeat(32), host: '127.0.0.1', port: 5555 });
    await asker.request({ type: 'ping' });
    expect(asker.received.filter((m) => m.type === 'room_answer' || m.type === 'room_ask')).toEqual([]);
  });

  test('a member who stops reading is removed (too_slow) while the others get every message; a lost member leaves as lost', async () => {
    const [alice, bob, sleepy] = [await online(), await online(), await online()];
    const { code } = await alice.request({ type: 'room_create' });
    await bob.request({ type: 'room_join', code });
    await sleepy.request({ type: 'room_join', code });
    sleepy.socket.pause();
    const text = 'x'.repeat(8000);
    const isRemoval = (m: Msg) => m.type === 'room_presence' && m.username === sleepy.name && m.event === 'left';
    let sent = 0;
    for (let round = 0; round < MAX_ROUNDS && !alice.received.some(isRemoval); round++) {
      for (let i = 0; i < ROUND; i++) alice.send({ type: 'room_say', code, text });
      sent += ROUND;
      await alice.next(isRemoval, 1_500).then((removal) => alice.received.unshift(removal), () => {});
    }
    const removed = await alice.next(isRemoval, 1_000);
    expect(removed, JSON.stringify(removed)).toMatchObject({ reason: 'too_slow' });
    for (let n = 1; n <= sent; n++) expect((await bob.next(ofType('room_message'), 30_000)).seq).toBe(n);
    sleepy.socket.resume();
    await sleepy.next(ofType('room_removed'), 30_000);
    bob.socket.destroy();
    expect(await alice.next((m) => m.type === 'room_presence' && m.username === bob.name && m.event === 'left', 15_000)).toMatchObject({ reason: 'lost' });
  }, 90_000);
});

describe('rooms on the Lab 06 reference peer, typed at a terminal', () => {
  const peerOnline = (name: string, extraArgs: string[] = []) => typedPeer('06-rooms-and-relay', port, name, peers, extraArgs);
  const peers: Started[] = [];
  afterAll(async () => {
    for (const peer of peers) await peer.stop();
  });

  test('/room new, /room join with the code as read aloud, /room say to everyone, /rooms, /room leave', async () => {
    const [ana, ben] = [await peerOnline('peer-ana'), await peerOnline('peer-ben')];
    ana.type('/room new lab 06');
    const made = await ana.event((e) => e.event === 'room_joined');
    expect(made).toMatchObject({ topic: 'lab 06', members: ['peer-ana'] });
    const code = String(made.code);
    ben.type(`/room join ${code.toUpperCase().replace(/-/g, ' ')}`);
    expect(await ben.event((e) => e.event === 'room_joined')).toMatchObject({ code, members: ['peer-ana', 'peer-ben'] });
    expect(await ana.event((e) => e.event === 'room_presence')).toEqual({ event: 'room_presence', code, change: 'joined', username: 'peer-ben' });
    ana.type(`/room say ${code}  two  spaces inside, kept `);
    for (const peer of [ana, ben]) expect(await peer.event((e) => e.event === 'room_message')).toMatchObject({ code, seq: 1, from: 'peer-ana', text: 'two  spaces inside, kept' });
    ben.type('/rooms');
    expect(await ben.event((e) => e.event === 'rooms')).toEqual({ event: 'rooms', rooms: [{ code, topic: 'lab 06', members: ['peer-ana', 'peer-ben'] }] });
    ben.type(`/room leave ${code}`);
    expect(await ben.event((e) => e.event === 'room_left')).toEqual({ event: 'room_left', code, reason: 'left' });
    expect(await ana.event((e) => e.event === 'room_presence')).toMatchObject({ code, change: 'left', username: 'peer-ben', reason: 'left' });
    ben.type(`/room say ${code} still here?`);
    expect(await ben.event((e) => e.event === 'error')).toMatchObject({ code: 'NO_SUCH_ROOM' });
    ben.type('/room dance');
    expect(await ben.event((e) => e.event === 'error')).toMatchObject({ code: 'BAD_COMMAND' });
  }, 60_000);

  test('/room get asks the others, their answers are numbered, /pick downloads from the one picked and verifies it', async () => {
    const folder = (name: string) => join(dir, name);
    const notes = Buffer.from('the notes of lab 06, as both holders have them\n');
    for (const holder of ['ada', 'bo']) {
      mkdirSync(folder(`${holder}-shared`), { recursive: true });
      writeFileSync(join(folder(`${holder}-shared`), 'lab notes.txt'), notes);
    }
    const ada = await peerOnline('peer-ada', ['--shared', folder('ada-shared')]);
    const bo = await peerOnline('peer-bo', ['--shared', folder('bo-shared')]);
    const cy = await peerOnline('peer-cy', ['--downloads', folder('cy-downloads')]);
    ada.type('/room new files');
    const code = String((await ada.event((e) => e.event === 'room_joined')).code);
    for (const peer of [bo, cy]) {
      peer.type(`/room join ${code}`);
      await peer.event((e) => e.event === 'room_joined');
    }
    cy.type(`/room get ${code}  lab notes.txt `);
    const asked = await cy.event((e) => e.event === 'room_asked');
    expect(asked).toMatchObject({ code, name: 'lab notes.txt' });
    const answers = [await cy.event((e) => e.event === 'room_answer'), await cy.event((e) => e.event === 'room_answer')];
    expect(answers.map((a) => a.n)).toEqual([1, 2]);
    expect(answers.map((a) => a.from).sort()).toEqual(['peer-ada', 'peer-bo']);
    expect(answers[1]).toMatchObject({ ask: asked.ask, name: 'lab notes.txt', size: notes.length, sha256: createHash('sha256').update(notes).digest('hex') });
    cy.type('/pick 2');
    const received = await cy.event((e) => e.event === 'file_received');
    expect(readFileSync(String(received.path))).toEqual(notes);
    expect(await cy.event((e) => e.event === 'download_attempt')).toEqual({ event: 'download_attempt', name: 'lab notes.txt', from: answers[1]!.from, ok: true });
    cy.type('/pick 3');
    expect(await cy.event((e) => e.event === 'error')).toMatchObject({ code: 'BAD_COMMAND' });
  }, 60_000);

  test('/pick N udp: the file comes over UDP (Selective Repeat), verified against the answer; a holder at capacity is passed over', async () => {
    const folder = (name: string) => join(dir, name);
    // Several windows of 1200-byte packets, the last one short.
    const bytes = Buffer.from(Array.from({ length: 150_001 }, (_, i) => (i * 7919) % 251));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    for (const holder of ['dee', 'eli']) {
      mkdirSync(folder(`${holder}-shared`), { recursive: true });
      writeFileSync(join(folder(`${holder}-shared`), 'big 🙂.bin'), bytes);
    }
    const dee = await peerOnline('peer-dee', ['--shared', folder('dee-shared'), '--max-uploads', '1']);
    const eli = await peerOnline('peer-eli', ['--shared', folder('eli-shared')]);
    const fay = await peerOnline('peer-fay', ['--downloads', folder('fay-downloads')]);
    dee.type('/room new udp');
    const code = String((await dee.event((e) => e.event === 'room_joined')).code);
    for (const peer of [eli, fay]) {
      peer.type(`/room join ${code}`);
      await peer.event((e) => e.event === 'room_joined');
    }
    fay.type(`/room get ${code} big 🙂.bin`);
    const answers = [await fay.event((e) => e.event === 'room_answer'), await fay.event((e) => e.event === 'room_answer')];
    expect(answers.map((a) => a.sha256)).toEqual([sha256, sha256]);
    // dee's one UDP slot is taken by a downloader whose UDP socket never answers.
    const watcher = await online();
    const where = await watcher.request({ type: 'lookup', username: 'peer-dee' });
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const busy = await JsonLines.dial(where.port as number);
    clients.push(busy);
    busy.send({ type: 'get', xfer: 'busy', name: 'big 🙂.bin', udp_port: silent.address().port });
    expect(await busy.next(ofType('offer'))).toMatchObject({ xfer: 'busy', size: bytes.length, sha256 });
    const atDee = answers.find((a) => a.from === 'peer-dee')!;
    fay.type(`/pick ${String(atDee.n)} udp`);
    expect(await fay.event((e) => e.event === 'download_attempt')).toEqual({ event: 'download_attempt', name: 'big 🙂.bin', from: 'peer-dee', ok: false, reason: 'AT_CAPACITY' });
    const received = await fay.event((e) => e.event === 'file_received', 20_000);
    expect(readFileSync(String(received.path))).toEqual(bytes);
    expect(received).toMatchObject({ name: 'big 🙂.bin', size: bytes.length, sha256 });
    expect(await fay.event((e) => e.event === 'download_attempt')).toEqual({ event: 'download_attempt', name: 'big 🙂.bin', from: 'peer-eli', ok: true });
    silent.close();
    fay.type('/pick 1 tcp');
    expect(await fay.event((e) => e.event === 'error')).toMatchObject({ code: 'BAD_COMMAND' });
  }, 60_000);
});
