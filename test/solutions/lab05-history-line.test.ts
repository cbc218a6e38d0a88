// The Lab 05 history reply is filled up to one line (docs/PROTOCOL.md §3.2 history): the room it keeps
// for the request's id must hold the longest id once JSON escapes it (§1: 64 bytes, 6 bytes each).
import { expect, test } from 'vitest';
import { MAX_ID_BYTES, MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { encode, type PastSession } from '#kit/protocol/messages.ts';
import { historyReply } from '../../solutions/05-session-log/history-reply.ts';

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

const file = (name: string) => ({ name, size: 1, sha256: '0'.repeat(64), verified: true, direction: 'sent' as const, reported_by: 'alice' });
const LONGEST_NAME = 255;

/** A past session whose JSON is exactly `bytes` long: as few files as can make it, their names filling the rest. */
function sessionOf(bytes: number, n: number): PastSession {
  const entry: PastSession = {
    session: `s-${n}`, peers: ['alice', 'bob'], started_at: '2025-03-01T10:00:00.000Z', ended_at: '2025-03-01T10:09:00.000Z',
    reason: 'closed', messages: {}, files: [],
  };
  const shortest = size(file('a'));
  const count = Math.ceil((bytes - size(entry) + 1) / (shortest + LONGEST_NAME));
  let extra = bytes - size(entry) - count * shortest - (count - 1);
  for (let index = 0; index < count; index += 1) {
    const longer = Math.min(extra, LONGEST_NAME - 1);
    entry.files.push(file('a'.repeat(1 + longer)));
    extra -= longer;
  }
  if (size(entry) !== bytes) throw new Error(`cannot make a session of ${bytes} bytes`);
  return entry;
}

test('a reply filled to the brim still fits in one line with the longest escaped id', () => {
  // Sessions that fill the line to 144 bytes short of the limit: room for an id escaped twice over, not
  // six times. A reply that keeps too little room takes them all, and the id then overflows the line.
  const base = size({ type: 'history', sessions: [], truncated: false });
  const target = MAX_LINE_BYTES - 144 - base;
  const count = 5;
  const each = Math.floor((target - (count - 1)) / count);
  const sessions = Array.from({ length: count }, (_, n) => sessionOf(n === count - 1 ? target - (count - 1) - each * (count - 1) : each, n));
  const reply = historyReply(sessions, false);
  const line = encode({ ...reply, id: '\u0001'.repeat(MAX_ID_BYTES) });
  expect(Buffer.byteLength(line) - 1).toBeLessThanOrEqual(MAX_LINE_BYTES);
  expect(reply.truncated).toBe(true);
});
