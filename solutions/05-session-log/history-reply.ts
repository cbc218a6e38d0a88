// A history reply must fit in one line (MAX_LINE_BYTES): newest sessions first, as many as fit.
import { MAX_ESCAPED_BYTES_PER_BYTE, MAX_ID_BYTES, MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import type { MessageOf, PastSession } from '#kit/protocol/messages.ts';

// Room kept for the "id" the connection adds to the reply: a string id of 64 bytes, escaped at worst.
const ID_ROOM = ',"id":""'.length + MAX_ID_BYTES * MAX_ESCAPED_BYTES_PER_BYTE;

/** `candidates` newest first; `more` when the log holds older ones beyond them. */
export function historyReply(candidates: readonly PastSession[], more: boolean): MessageOf<'tracker-to-peer', 'history'> {
  const sessions: PastSession[] = [];
  // The reply without sessions, plus a comma between entries, plus each entry's JSON.
  let bytes = Buffer.byteLength(JSON.stringify({ type: 'history', sessions: [], truncated: false })) + ID_ROOM;
  for (const session of candidates) {
    const entry = Buffer.byteLength(JSON.stringify(session)) + (sessions.length > 0 ? 1 : 0);
    if (bytes + entry > MAX_LINE_BYTES) break;
    bytes += entry;
    sessions.push(session);
  }
  return { type: 'history', sessions, truncated: more || sessions.length < candidates.length };
}
