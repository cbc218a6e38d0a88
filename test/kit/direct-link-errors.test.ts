// The kit's DirectLink answers what is not valid protocol on a direct connection (docs/PROTOCOL.md
// §2.4): each error echoes the `re` and `id` of the line it answers, a broken error is never answered,
// and a data header that cannot be followed gets BAD_MESSAGE naming its bad field before the close.
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { DirectLink } from '#kit/peer/direct-link.ts';
import { FrameReader } from '../../solutions/04-file-transfer/frame-reader.ts';
import { JsonLines } from '../json-lines.ts';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A DirectLink on the accepting side of a real connection, and the JSON-lines party that dialled it. */
async function linked(): Promise<{ link: DirectLink; party: JsonLines }> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const party = await JsonLines.dial((server.address() as { port: number }).port);
  const link = new DirectLink((await accepted)[0] as Socket, new FrameReader());
  cleanups.push(() => party.close(), () => link.socket.destroy(), () => server.close());
  return { link, party };
}

describe('a line that is not valid protocol', () => {
  test('is answered with an error that echoes its re and id, and the link goes on', async () => {
    const { link, party } = await linked();
    party.send({ type: 'chat', text: 5, id: 7 });
    expect(await party.next()).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', field: 'text', re: 'chat', id: 7 });
    party.send({ type: 'no_such_thing', id: 'x' });
    expect(await party.next()).toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE', re: 'no_such_thing', id: 'x' });
    party.send({ type: 'chat', text: 'ok', id: -1 });
    const badId = await party.next();
    expect(badId).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', field: 'id', re: 'chat' });
    expect(badId).not.toHaveProperty('id');

    const arrived = once(link, 'message');
    party.send({ type: 'chat', text: 'still here' });
    expect((await arrived)[0]).toEqual({ type: 'chat', text: 'still here' });
  });

  test('an error that is itself invalid is not answered', async () => {
    const { party } = await linked();
    party.send({ type: 'error', code: 'NOT_A_CODE', message: 'broken', id: 1 });
    party.sendRaw('not json\n');
    // The first answer is to the line after the broken error.
    expect(await party.next()).toEqual({ type: 'error', code: 'BAD_JSON', message: expect.any(String) });
  });
});

describe('a data header that cannot be followed', () => {
  test('is BAD_MESSAGE about data, naming the bad field and echoing the id, then the link closes', async () => {
    const { party } = await linked();
    party.send({ type: 'data', xfer: 'k3', len: 0, id: 9 });
    expect(await party.next()).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', re: 'data', field: 'len', id: 9 });
    await party.whenClosed();
  });

  test('with a bad xfer, names xfer', async () => {
    const { party } = await linked();
    party.send({ type: 'data', xfer: 5, len: 10 });
    expect(await party.next()).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', re: 'data', field: 'xfer' });
    await party.whenClosed();
  });
});
