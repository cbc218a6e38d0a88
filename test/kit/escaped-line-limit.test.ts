// The text limits of docs/PROTOCOL.md §1 count the decoded string; JSON may write each byte of it as six
// (a control character becomes \u0001). The longest legal chat, written that way with the longest
// escaped id, must still be one line of at most MAX_LINE_BYTES, and pass a real socket whole.
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { DirectLink } from '#kit/peer/direct-link.ts';
import { LinesOnly } from '#kit/peer/frames.ts';
import { MAX_CHAT_TEXT, MAX_ESCAPED_BYTES_PER_BYTE, MAX_ID_BYTES, MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { encode, parseLine } from '#kit/protocol/messages.ts';
import { LineDecoder } from '../../solutions/01-two-peers/line-decoder.ts';
import { JsonLines } from '../json-lines.ts';

const worstChat = { type: 'chat' as const, text: '\u0001'.repeat(MAX_CHAT_TEXT), id: '\u001f'.repeat(MAX_ID_BYTES) };

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

test('every byte of text costs at most MAX_ESCAPED_BYTES_PER_BYTE once written as JSON', () => {
  const everyByte = Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code)).join('') + 'é€😀\ud800';
  for (const character of everyByte) {
    const written = Buffer.byteLength(JSON.stringify(character)) - 2;
    expect(written, JSON.stringify(character)).toBeLessThanOrEqual(MAX_ESCAPED_BYTES_PER_BYTE * Buffer.byteLength(character));
  }
});

test('the longest chat, all control characters, with the longest id, is a valid line within the limit', () => {
  const line = encode(worstChat);
  expect(Buffer.byteLength(line) - 1).toBeLessThanOrEqual(MAX_LINE_BYTES);
  expect(parseLine(line.slice(0, -1), 'peer-to-peer')).toMatchObject({ ok: true });
});

test('it arrives whole over a real connection cut by the reference line decoder', async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const party = await JsonLines.dial((server.address() as { port: number }).port);
  const link = new DirectLink((await accepted)[0] as Socket, new LinesOnly(new LineDecoder()));
  cleanups.push(() => party.close(), () => link.socket.destroy(), () => server.close());
  const outcome = Promise.race([once(link, 'message').then(([message]) => message), once(link, 'closed').then(() => 'the link closed')]);
  party.send(worstChat);
  expect(await outcome).toEqual(worstChat);
});
