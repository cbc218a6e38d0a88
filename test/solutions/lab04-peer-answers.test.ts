// What the reference peer of Lab 04 answers about files (docs/PROTOCOL.md §2.2, §3.4, §4.4): an offer
// whose xfer is in use in either direction is refused with WRONG_STATE and leaves the first transfer and
// the downloads folder as they were; replies have their request's id; a holder's errors to a get echo
// its re and id, a file gone since it was shared is DISK_ERROR, not a crash; and a holder answers pings
// on a download connection.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JsonLines, ofType } from '../json-lines.ts';
import { callPeer, startReferencePeer, type ReferencePeer } from './reference-peer.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab04-answers-'));
const shared = join(dir, 'shared');
const downloads = join(dir, 'downloads');
let alice: ReferencePeer;
const others: JsonLines[] = [];

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
// Files end with "\n" so that the JSON-lines reader of these tests finds the next line after them.
const BEE = 'bee\n';

beforeAll(async () => {
  mkdirSync(shared);
  writeFileSync(join(shared, 'bee.txt'), BEE);
  writeFileSync(join(shared, 'gone.txt'), 'here at login\n');
  // Room for every download these tests leave unfinished, so none is refused AT_CAPACITY.
  alice = await startReferencePeer('04-file-transfer', 'alice', ['--shared', shared, '--downloads', downloads, '--max-uploads', '8']);
  await alice.event((e) => e.event === 'shared' && e.count === 2);
}, 30_000);

afterAll(async () => {
  for (const other of others) other.close();
  await alice?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function session(from: string, id: string): Promise<JsonLines> {
  const party = await callPeer(alice, from, id);
  others.push(party);
  return party;
}

async function downloader(): Promise<JsonLines> {
  const party = await JsonLines.dial(alice.port);
  others.push(party);
  return party;
}

describe('an offer whose xfer is in use (§3.4 offer)', () => {
  test('on a transfer alice receives: WRONG_STATE with re and id; the first goes on, nothing is left over', async () => {
    const bob = await session('bob', 's-in-use');
    const bytes = Buffer.alloc(1_000, 7);
    bob.send({ type: 'offer', xfer: 'x1', name: 'one.bin', size: bytes.length, sha256: sha256(bytes) });
    await bob.next(ofType('accept'));
    bob.send({ type: 'offer', xfer: 'x1', name: 'two.bin', size: 5, sha256: sha256('other'), id: 4 });
    expect(await bob.next()).toMatchObject({ type: 'error', code: 'WRONG_STATE', re: 'offer', id: 4 });
    expect(readdirSync(downloads).filter((name) => name.endsWith('.part'))).toHaveLength(1);

    bob.sendRaw(`${JSON.stringify({ type: 'data', xfer: 'x1', len: bytes.length })}\n`);
    bob.sendRaw(bytes);
    expect(await bob.next(ofType('file_ok'))).toMatchObject({ xfer: 'x1', sha256: sha256(bytes) });
    await alice.event((e) => e.event === 'file_received' && e.name === 'one.bin');
    expect(readdirSync(downloads)).toEqual(['one.bin']);
  });

  test('on a transfer alice sends: WRONG_STATE with re and id; her own transfer goes on', async () => {
    const carol = await session('carol', 's-own-xfer');
    alice.type(`/send carol ${join(shared, 'bee.txt')}`);
    const offer = await carol.next(ofType('offer'));
    carol.send({ type: 'offer', xfer: offer.xfer, name: 'mine.txt', size: 1, sha256: sha256('x'), id: 'o2' });
    expect(await carol.next()).toMatchObject({ type: 'error', code: 'WRONG_STATE', re: 'offer', id: 'o2' });
    carol.send({ type: 'accept', xfer: offer.xfer });
    expect(await carol.next(ofType('data'))).toMatchObject({ xfer: offer.xfer, len: BEE.length });
    carol.send({ type: 'file_ok', xfer: offer.xfer, sha256: sha256(BEE) });
    await alice.event((e) => e.event === 'file_sent' && e.name === 'bee.txt');
  });
});

describe('replies about files have the id of their request (§2.2)', () => {
  test('accept and decline answer an offer, an offer answers a get', async () => {
    const hank = await session('hank', 's-reply-ids');
    hank.send({ type: 'offer', xfer: 'r1', name: 'empty.txt', size: 0, sha256: sha256(''), id: 11 });
    expect(await hank.next()).toEqual({ type: 'accept', xfer: 'r1', id: 11 });
    hank.send({ type: 'offer', xfer: 'r2', name: '..', size: 1, sha256: sha256('x'), id: 'twelve' });
    expect(await hank.next(ofType('decline'))).toMatchObject({ xfer: 'r2', reason: 'BAD_NAME', id: 'twelve' });
    const ivy = await downloader();
    ivy.send({ type: 'get', xfer: 'r3', name: 'bee.txt', id: 13 });
    expect(await ivy.next()).toEqual({ type: 'offer', xfer: 'r3', name: 'bee.txt', size: BEE.length, sha256: sha256(BEE), id: 13 });
  });
});

describe('a holder on a download connection', () => {
  test('errors to a get echo re and id', async () => {
    const nope = await downloader();
    nope.send({ type: 'get', xfer: 'g1', name: 'nope.txt', id: 5 });
    expect(await nope.next()).toMatchObject({ type: 'error', code: 'NO_SUCH_FILE', re: 'get', id: 5 });
    await nope.whenClosed();
    const path = await downloader();
    path.send({ type: 'get', xfer: 'g2', name: '../bee.txt', id: 'six' });
    expect(await path.next()).toMatchObject({ type: 'error', code: 'BAD_NAME', re: 'get', id: 'six' });
    await path.whenClosed();
  });

  test('a shared file gone since it was shared is DISK_ERROR, and the holder lives on', async () => {
    unlinkSync(join(shared, 'gone.txt'));
    const dan = await downloader();
    dan.send({ type: 'get', xfer: 'g3', name: 'gone.txt', id: 7 });
    expect(await dan.next()).toMatchObject({ type: 'error', code: 'DISK_ERROR', re: 'get', id: 7 });
    await dan.whenClosed();
    const again = await downloader();
    again.send({ type: 'get', xfer: 'g4', name: 'bee.txt' });
    expect(await again.next()).toMatchObject({ type: 'offer', xfer: 'g4', name: 'bee.txt' });
  });

  test('answers a ping during a transfer and between gets, echoing its id', async () => {
    const eve = await downloader();
    eve.send({ type: 'get', xfer: 'g5', name: 'bee.txt' });
    await eve.next(ofType('offer'));
    await eve.next(ofType('data'));
    eve.send({ type: 'ping', id: 8 });
    expect(await eve.next(ofType('pong'))).toEqual({ type: 'pong', id: 8 });
    eve.send({ type: 'file_ok', xfer: 'g5', sha256: sha256(BEE) });
    eve.send({ type: 'ping', id: 'nine' });
    expect(await eve.next(ofType('pong'))).toEqual({ type: 'pong', id: 'nine' });
    eve.send({ type: 'get', xfer: 'g6', name: 'bee.txt' });
    expect(await eve.next(ofType('offer'))).toMatchObject({ xfer: 'g6' });
  });
});
