// Lab 05's checks of the peer (README steps 5 and 6): every way a session can end on the student's
// peer, with its transcript (--history-db) shown again when the same pair meets. The teardowns are
// those of steps 2 to 4, but each check ends with the pair meeting again, which needs step 6's
// transcript: they are step 6's checks (the goodbyes when the tracker is lost are step 5's).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../../engine/check-failure.ts';
import type { Message } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { dialOther, NOISE, otherDials, reply } from '../03-roster-and-direct/peer-harness.ts';
import { receiveDataFrames, seededBytes, sendDataFrames, sha256 } from '../04-file-transfer/file-harness.ts';
import { sameData } from '../../engine/same-data.ts';
import { chat, historyPath, meetAgain, startHistoryPeer, type Line } from './peer-harness.ts';

const KEPT = 'the transcript (--history-db) holds every message, however the last session ended (assignment A4, see docs/COURSE.md: history reloaded)';

/** Expects close_session for `session` with this count and these file reports (in any key order). */
async function expectReport(run: Awaited<ReturnType<typeof startHistoryPeer>>, session: string, messages: number, files: Message[], why: string): Promise<void> {
  const close = await run.tracker.expect('close_session', { session, messages_sent: messages }, { why, skip: NOISE });
  if (!sameData(close.files, files)) fail({ expected: `files ${JSON.stringify(files)}`, got: JSON.stringify(close.files), why });
  reply(run.tracker, close, { type: 'ok', re: 'close_session' });
  await run.peer.expectEvent('session_ended', { session }, { why: 'the tracker said ok: the session is over' });
}

export const peerChecks: CheckDefinition[] = [
  {
    id: 'peer.close',
    step: 6,
    title: '/close NAME: bye, close_session with the messages sent and the file received, and the chat is kept',
    hint: 'keep each chat line in the transcript as it is sent or received (chatSent, chatReceived); on session start, show the last ones with that user',
    timeoutMs: 20_000,
    async run(ctx) {
      const run = await startHistoryPeer(ctx, await historyPath(ctx));
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-close');
      const lines: Line[] = [['alice', 'hi bob'], ['alice', 'how are you?'], ['bob', 'fine: here are my notes']];
      await chat(run, bob, lines);
      const notes = seededBytes(ctx, 70_000);
      bob.party.send({ type: 'offer', xfer: 'n1', name: 'notes.txt', size: notes.length, sha256: sha256(notes) });
      await bob.party.expect('accept', { xfer: 'n1' }, { why: 'a file in the session, as in Lab 04', skip: NOISE });
      await sendDataFrames(bob.party, 'n1', notes);
      await bob.party.expect('file_ok', { xfer: 'n1' }, { why: 'verified', skip: NOISE, timeoutMs: 10_000 });
      run.peer.type('/close bob');
      const why = '/close tells the other peer (bye) and the tracker, with this peer\'s counts for the log (\\CLOSE_SESSION)';
      await bob.party.expect('bye', {}, { why, skip: NOISE });
      await expectReport(run, 's-close', 2, [{ name: 'notes.txt', size: notes.length, sha256: sha256(notes), verified: true, direction: 'received' }], why);
      await bob.party.socket.expectClosedByPeer({ why });
      await meetAgain(ctx, run, 'bob', 's-again', lines, `bob calls again: ${KEPT}`);
    },
  },
  {
    id: 'peer.close-alias',
    step: 6,
    title: '\\CLOSE_SESSION ends the current session, reporting the file sent; the chat is kept',
    hint: '\\CLOSE_SESSION (assignment A2) is /close without a name: the current session',
    buildsOn: { lab: '04', step: 1, concept: 'file report of a session' },
    timeoutMs: 20_000,
    async run(ctx) {
      const run = await startHistoryPeer(ctx, await historyPath(ctx));
      const carol = await otherDials(ctx, run, 'carol', 's-alias');
      const slides = seededBytes(ctx, 100_000);
      const path = join(await ctx.tempDir(), 'slides.pdf');
      await writeFile(path, slides);
      run.peer.type(`/send carol ${path}`);
      const offer = await carol.party.expect('offer', { name: 'slides.pdf', size: slides.length, sha256: sha256(slides) }, { why: '/send offers the file', skip: NOISE });
      carol.party.send({ type: 'accept', xfer: offer.xfer });
      await receiveDataFrames(carol.party, String(offer.xfer), slides.length, 'the file comes in data frames');
      carol.party.send({ type: 'file_ok', xfer: offer.xfer, sha256: sha256(slides) });
      await run.peer.expectEvent('file_sent', { name: 'slides.pdf' }, { why: 'carol verified it' });
      const lines: Line[] = [['alice', 'did it arrive?'], ['carol', 'yes, thanks']];
      await chat(run, carol, lines);
      run.peer.type('\\CLOSE_SESSION');
      const why = '\\CLOSE_SESSION (assignment A2): bye to carol, and the report with the file alice sent';
      await carol.party.expect('bye', {}, { why, skip: NOISE });
      await expectReport(run, 's-alias', 1, [{ name: 'slides.pdf', size: slides.length, sha256: sha256(slides), verified: true, direction: 'sent' }], why);
      await meetAgain(ctx, run, 'carol', 's-alias-2', lines, `carol calls again: ${KEPT}`);
    },
  },
  {
    id: 'peer.disconnect',
    step: 6,
    title: '\\DISCONNECT_CLIENT: bye, logout, exit 0; the chat is there on the next run',
    hint: 'write each message when it happens: a peer that quits ends no session itself, so nothing is saved "at the end"',
    timeoutMs: 25_000,
    async run(ctx) {
      const path = await historyPath(ctx);
      const run = await startHistoryPeer(ctx, path);
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-quit');
      const lines: Line[] = [['alice', 'I have to go'], ['bob', 'see you']];
      await chat(run, bob, lines);
      run.peer.type('\\DISCONNECT_CLIENT');
      const why = '\\DISCONNECT_CLIENT (assignment A2) is /quit: bye to every session, logout, exit 0';
      await bob.party.expect('bye', {}, { why, skip: NOISE });
      const logout = await run.tracker.expect('logout', {}, { why, skip: [...NOISE, 'close_session'] });
      reply(run.tracker, logout, { type: 'ok', re: 'logout' });
      await run.peer.expectExit(0, { why });
      ctx.note('starting your peer again on the same --history-db');
      await meetAgain(ctx, await startHistoryPeer(ctx, path), 'bob', 's-back', lines, `bob calls the next day: ${KEPT}`);
    },
  },
  {
    id: 'peer.ctrl-c',
    step: 6,
    title: 'Ctrl+C (SIGINT): bye, logout, exit 0; the chat is there on the next run',
    hint: 'Ctrl+C must take the same road as /quit (the kit calls your quit()): bye, logout, then exit 0',
    timeoutMs: 25_000,
    async run(ctx) {
      const path = await historyPath(ctx);
      const run = await startHistoryPeer(ctx, path);
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-sigint');
      const lines: Line[] = [['bob', 'are you still there?'], ['alice', 'not for long']];
      await chat(run, bob, lines);
      run.peer.signal('SIGINT');
      const why = 'Ctrl+C is /quit: the others must not be left waiting';
      await bob.party.expect('bye', {}, { why, skip: NOISE });
      const logout = await run.tracker.expect('logout', {}, { why, skip: [...NOISE, 'close_session'] });
      reply(run.tracker, logout, { type: 'ok', re: 'logout' });
      await run.peer.expectExit(0, { why });
      ctx.note('starting your peer again on the same --history-db');
      await meetAgain(ctx, await startHistoryPeer(ctx, path), 'bob', 's-back', lines, KEPT);
    },
  },
  {
    id: 'peer.killed',
    step: 6,
    title: 'killed outright (SIGKILL): the other peer sees the connection drop, and no message is lost',
    hint: 'a killed process runs no code at all: a message is only safe once it is committed to the database',
    timeoutMs: 25_000,
    async run(ctx) {
      const path = await historyPath(ctx);
      const run = await startHistoryPeer(ctx, path);
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-kill');
      const lines: Line[] = [['alice', 'one'], ['bob', 'two'], ['alice', 'three'], ['bob', 'four']];
      await chat(run, bob, lines);
      run.peer.signal('SIGKILL');
      await bob.party.socket.expectClosedByPeer({ why: 'the operating system closes a killed process\'s connections: that is how bob (and the tracker) notice' });
      await run.peer.expectEnd({ why: 'SIGKILL ends any process' });
      ctx.note('starting your peer again on the same --history-db');
      await meetAgain(ctx, await startHistoryPeer(ctx, path), 'bob', 's-back', lines, 'every message shown on screen before the crash was already committed');
    },
  },
  {
    id: 'peer.tracker-lost',
    step: 5,
    title: 'when the tracker goes away, the peer says bye to its sessions, then TRACKER_LOST and exit 1',
    hint: 'the kit exits as soon as the tracker connection closes: run your goodbyes before its listener (prependListener)',
    async run(ctx) {
      const run = await startHistoryPeer(ctx, await historyPath(ctx));
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-lost');
      run.tracker.socket.end();
      const why = 'a peer without its tracker cannot go on (PROTOCOL §5.5); bob should hear why alice vanishes';
      await bob.party.expect('bye', {}, { why, skip: NOISE });
      await bob.party.socket.expectClosedByPeer({ why });
      await run.peer.expectEvent('error', { code: 'TRACKER_LOST' }, { why });
      await run.peer.expectExit(1, { why });
    },
  },
  {
    id: 'peer.history',
    step: 6,
    title: '/history asks the tracker and shows every session of the reply',
    hint: 'send history, print the history event with the sessions of the reply',
    async run(ctx) {
      const run = await startHistoryPeer(ctx, await historyPath(ctx));
      run.peer.type('/history');
      const request = await run.tracker.expect('history', {}, { why: '/history reads the tracker\'s log', skip: NOISE });
      const sessions = [
        { session: 's-two', peers: ['carol', 'alice'], started_at: '2026-03-02T09:00:00.000Z', ended_at: '2026-03-02T09:30:00.000Z', reason: 'lost', by: 'carol', messages: { alice: 1 }, files: [] },
        {
          session: 's-one', peers: ['alice', 'bob'], started_at: '2026-03-01T10:03:00.000Z', ended_at: '2026-03-01T10:09:12.000Z', reason: 'closed', by: 'alice', messages: { alice: 4, bob: 3 },
          files: [{ name: 'notes.txt', size: 6, sha256: sha256(Buffer.from('notes\n')), verified: true, direction: 'sent', reported_by: 'alice' }],
        },
      ];
      reply(run.tracker, request, { type: 'history', sessions, truncated: false });
      const event = await run.peer.expectEvent('history', {}, { why: 'the user sees their past sessions' });
      if (!sameData(event.sessions, sessions)) fail({ expected: `a history event with sessions ${JSON.stringify(sessions)}`, got: JSON.stringify(event), why: 'every session of the reply, as the tracker sent it' });
    },
  },
  {
    id: 'peer.transcript',
    step: 6,
    title: 'on the next run, each partner gets back exactly their own earlier conversation',
    hint: 'select the transcript by the other user (and by who you are): a chat_history for carol holds nothing of bob',
    timeoutMs: 25_000,
    async run(ctx) {
      const path = await historyPath(ctx);
      const run = await startHistoryPeer(ctx, path);
      const bob = await otherDials(ctx, run, 'bob', 's-b1');
      const withBob: Line[] = [['bob', 'hello alice'], ['alice', 'hi bob']];
      await chat(run, bob, withBob);
      const carol = await otherDials(ctx, run, 'carol', 's-c1');
      const withCarol: Line[] = [['carol', 'first time here'], ['alice', 'welcome, carol']];
      await chat(run, carol, withCarol);
      run.peer.expectNoEvent('chat_history', 'neither bob nor carol had talked with alice before: there is nothing to show');
      run.peer.type('/quit');
      const logout = await run.tracker.expect('logout', {}, { why: '/quit logs out', skip: [...NOISE, 'close_session'] });
      reply(run.tracker, logout, { type: 'ok', re: 'logout' });
      await run.peer.expectExit(0, { why: '/quit exits 0' });
      ctx.note('starting your peer again on the same --history-db');
      const again = await startHistoryPeer(ctx, path);
      await meetAgain(ctx, again, 'carol', 's-c2', withCarol, 'carol sees her own conversation with alice, nothing of bob\'s');
      await meetAgain(ctx, again, 'bob', 's-b2', withBob, 'and bob his');
    },
  },
];
