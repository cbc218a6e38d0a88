// The moves of Lab 05's peer checks: the student's peer runs with a --history-db, the grader plays the
// tracker and the other peers, chats, tears sessions down, and has the same pair meet again.
import { join } from 'node:path';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { Message } from '../../engine/json-party.ts';
import { NOISE, otherDials, type Other, type PeerRun } from '../03-roster-and-direct/peer-harness.ts';
import { startFilePeer, type FilePeer } from '../04-file-transfer/file-harness.ts';

/** One chat line: who says it, and what. */
export type Line = [from: string, text: string];

/** A fresh path for the peer's transcript, kept across restarts within the check. */
export async function historyPath(ctx: CheckContext): Promise<string> {
  return join(await ctx.tempDir(), 'alice-history.db');
}

/** Starts the student's peer as `me` (alice by default) with `--history-db path` (and Lab 04's folders). */
export function startHistoryPeer(ctx: CheckContext, path: string, me = 'alice'): Promise<FilePeer> {
  return startFilePeer(ctx, {}, ['--history-db', path], { me });
}

/** Chats line by line, each seen by the other side before the next, so the order is certain. */
export async function chat(run: PeerRun, other: Other, lines: Line[]): Promise<void> {
  for (const [from, text] of lines) {
    if (from === (run.me ?? 'alice')) {
      run.peer.type(text);
      await other.party.expect('chat', { text }, { why: 'chat text goes to the current session', skip: NOISE });
    } else {
      other.party.send({ type: 'chat', text });
      await run.peer.expectEvent('message', { session: other.session, from, text }, { why: 'a chat arrives' });
    }
  }
}

/** `name` dials the student's peer again: the peer must show the earlier conversation with them. */
export async function meetAgain(ctx: CheckContext, run: PeerRun, name: string, session: string, earlier: Line[], why: string): Promise<Other> {
  const other = await otherDials(ctx, run, name, session);
  await expectHistory(run, name, earlier, why);
  return other;
}

/** The chat_history event for a session with `name` that just started holds exactly `earlier`. */
export async function expectHistory(run: PeerRun, name: string, earlier: Line[], why: string): Promise<void> {
  const event = await run.peer.expectEvent('chat_history', { with: name }, { why });
  const messages = Array.isArray(event.messages) ? (event.messages as Message[]) : [];
  const got = messages.map((m) => [m.from, m.text]);
  if (JSON.stringify(got) !== JSON.stringify(earlier) || messages.some((m) => typeof m.at !== 'string')) {
    fail({
      expected: `chat_history with ${name}: ${describeLines(earlier)}`,
      got: describeLines(got as Line[]),
      why,
    });
  }
}

/** Lines as the report shows them; a long conversation by its first and last lines. */
function describeLines(lines: Line[]): string {
  const shown = (part: Line[]) => part.map(([from, text]) => `${from}: ${JSON.stringify(text)}`).join(', ');
  return lines.length <= 8 ? `[${shown(lines)}]` : `${lines.length} lines [${shown(lines.slice(0, 3))}, …, ${shown(lines.slice(-3))}]`;
}

