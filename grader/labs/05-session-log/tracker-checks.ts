// Lab 05's checks of the tracker's log (README steps 1 to 4): scripted peers open and end sessions in
// every way the protocol knows, and read the record back with history.
import { createHash } from 'node:crypto';
import { fail } from '../../engine/check-failure.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { logout } from '../02-tracker-auth/tracker-harness.ts';
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { expectEntry, history, ids, online, opts, PUSHES, rawReply, report, startLogTracker, startSession, type FileLine } from './log-harness.ts';

function fileLine(name: string, verified: boolean, direction: FileLine['direction']): FileLine {
  return { name, size: name.length * 1000, sha256: createHash('sha256').update(name).digest('hex'), verified, direction };
}

const TOLD = { skip: ['presence', 'ping', 'pong', 'incoming'] };

export const trackerChecks: CheckDefinition[] = [
  {
    id: 'log.record',
    step: 1,
    title: 'a closed session is in the log: peers, times, how it ended, both reports with their files',
    hint: 'insert a row when a session becomes active, complete it when it ends, and store each close_session report (count and files) under the peer that sent it',
    async run(ctx) {
      const { port } = await startLogTracker(ctx);
      const alice = await online(ctx, port, 'alice');
      const bob = await online(ctx, port, 'bob');
      const session = await startSession(alice, bob, 'bob');
      const sent = [fileLine('notes.txt', true, 'sent'), fileLine('draft.pdf', false, 'sent')];
      const received = [fileLine('notes.txt', true, 'received')];
      await report(alice, session, 3, sent, 'alice closes with her side of the story: 3 messages, 2 files (one never verified)');
      await bob.expect('session_ended', { session, reason: 'closed', by: 'alice' }, { why: 'bob is told', ...TOLD });
      await report(bob, session, 2, received, 'bob, told, sends his own report');
      const why = 'the log keeps what each peer said of the session: who, when, how it ended, what was exchanged, verified or not';
      const want = {
        peers: ['alice', 'bob'] as [string, string],
        reason: 'closed',
        by: 'alice',
        messages: { alice: 3, bob: 2 },
        files: [...sent.map((f) => ({ ...f, reported_by: 'alice' })), ...received.map((f) => ({ ...f, reported_by: 'bob' }))],
      };
      expectEntry(await history(alice, why), session, want, why);
      expectEntry(await history(bob, why), session, want, 'bob sees the same record in his history');
    },
  },
  {
    id: 'log.one-line',
    step: 1,
    title: 'a history too long for one line keeps the newest sessions that fit, and says truncated',
    hint: 'add sessions newest first while the encoded reply stays within MAX_LINE_BYTES; set truncated when you stop early',
    async run(ctx) {
      const { port } = await startLogTracker(ctx);
      const alice = await online(ctx, port, 'alice');
      const bob = await online(ctx, port, 'bob');
      const sessions: string[] = [];
      ctx.note('six sessions, each with 20 files reported by both peers (long names): about 15 KB of history each');
      for (let i = 1; i <= 6; i += 1) {
        const session = await startSession(alice, bob, 'bob');
        const files = Array.from({ length: 20 }, (_, f) => fileLine(`${'a-rather-long-file-name-'.repeat(8)}${i}-${f}.bin`, true, 'sent'));
        await report(alice, session, i, files, `alice closes session ${i} with her 20 files`);
        await bob.expect('session_ended', { session }, { why: 'bob is told', ...TOLD });
        await report(bob, session, i, files.map((f) => ({ ...f, direction: 'received' as const })), 'bob reports the same 20 files, received');
        sessions.push(session);
      }
      alice.send({ type: 'history' });
      const why = 'a reply is one line, and a line has at most MAX_LINE_BYTES (65536) bytes, or the peer drops the connection';
      const line = await rawReply(alice, 'history', why);
      const bytes = Buffer.byteLength(line);
      if (bytes > MAX_LINE_BYTES) fail({ expected: `a history line of at most ${MAX_LINE_BYTES} bytes`, got: `${bytes} bytes`, why });
      const reply = JSON.parse(line) as { sessions?: Array<Record<string, unknown>>; truncated?: unknown };
      const got = ids(reply.sessions ?? []);
      const ended = (reply.sessions ?? []).map((s) => String(s.ended_at));
      const newestFirst = ended.every((at, i) => i === 0 || at <= (ended[i - 1] ?? ''));
      if (reply.truncated !== true || !got.includes(sessions[5] ?? '') || got.includes(sessions[0] ?? '') || !newestFirst) {
        fail({ expected: `truncated: true and the newest sessions that fit, newest first: ${sessions[5]} in, ${sessions[0]} out`, got: `truncated: ${String(reply.truncated)}, sessions ${got.join(', ')}`, why: 'the newest sessions matter most; truncated tells the user there is more' });
      }
    },
  },
  {
    id: 'close.caller',
    step: 2,
    title: 'the caller closes: the callee is told, the session leaves the active set, both reports are logged',
    hint: 'a report that arrives after the session ended (the second peer\'s) still goes into the log',
    async run(ctx) {
      const { port } = await startLogTracker(ctx);
      const alice = await online(ctx, port, 'alice');
      const bob = await online(ctx, port, 'bob');
      const carol = await online(ctx, port, 'carol');
      const session = await startSession(alice, bob, 'bob');
      await report(alice, session, 1, [], 'alice types /close bob (\\CLOSE_SESSION)');
      await bob.expect('session_ended', { session, reason: 'closed', by: 'alice' }, { why: 'bob must learn that alice closed it', ...TOLD });
      await alice.request({ type: 'sessions' }, 'sessions', { active: [] }, opts('a closed session leaves the active set'));
      await bob.request({ type: 'sessions' }, 'sessions', { active: [] }, opts('for both peers'));
      await report(bob, session, 4, [], 'bob reports his side after being told');
      const next = await startSession(alice, carol, 'carol');
      await startSession(bob, carol, 'carol');
      const listed = await alice.request({ type: 'sessions' }, 'sessions', {}, opts('both can still chat with others'));
      const active = (listed.active as Array<Record<string, unknown>>).map((s) => s.session);
      if (JSON.stringify(active) !== JSON.stringify([next])) fail({ expected: `alice's only active session: ${next}`, got: JSON.stringify(listed), why: 'closing one session must not touch the others' });
      const why = 'both reports belong in the record, also the one that came after the end';
      expectEntry(await history(alice, why), session, { peers: ['alice', 'bob'], reason: 'closed', by: 'alice', messages: { alice: 1, bob: 4 } }, why);
    },
  },
  {
    id: 'close.callee',
    step: 2,
    title: 'the callee closes: the caller is told, and the log says who closed it',
    hint: 'by is whoever sent the close_session that ended the session, caller or callee',
    async run(ctx) {
      const { port } = await startLogTracker(ctx);
      const alice = await online(ctx, port, 'alice');
      const bob = await online(ctx, port, 'bob');
      const session = await startSession(alice, bob, 'bob');
      await report(bob, session, 2, [], 'bob, the callee, closes');
      await alice.expect('session_ended', { session, reason: 'closed', by: 'bob' }, { why: 'alice must learn that bob closed it', ...TOLD });
      await alice.request({ type: 'sessions' }, 'sessions', { active: [] }, opts('it left the active set'));
      await report(alice, session, 5, [], 'alice reports her side');
      const why = 'the log says who ended the session';
      expectEntry(await history(bob, why), session, { peers: ['alice', 'bob'], reason: 'closed', by: 'bob', messages: { alice: 5, bob: 2 } }, why);
    },
  },
  {
    id: 'disconnect.logout',
    step: 3,
    title: 'a logout ends all the user\'s sessions as disconnected; the others are told; the quitter never reported',
    hint: 'a peer that logs out sends no close_session: its count is unknown, not 0, so its name has no key in messages',
    async run(ctx) {
      const { port } = await startLogTracker(ctx);
      const alice = await online(ctx, port, 'alice');
      const bob = await online(ctx, port, 'bob');
      const carol = await online(ctx, port, 'carol');
      const withBob = await startSession(alice, bob, 'bob');
      const withCarol = await startSession(carol, alice, 'alice');
      await logout(alice);
      const why = 'alice typed /quit (\\DISCONNECT_CLIENT): every session of hers ends, and her partners are told';
      await bob.expect('session_ended', { session: withBob, reason: 'disconnected', by: 'alice' }, { why, ...TOLD });
      await carol.expect('session_ended', { session: withCarol, reason: 'disconnected', by: 'alice' }, { why, ...TOLD });
      await report(bob, withBob, 2, [], 'bob reports');
      await report(carol, withCarol, 1, [], 'carol reports');
      const roster = await bob.request({ type: 'list' }, 'roster', {}, opts('alice is gone from the roster'));
      if ((roster.users as Array<Record<string, unknown>>).some((u) => u.username === 'alice')) fail({ expected: 'a roster without alice', got: JSON.stringify(roster), why });
      await carol.request({ type: 'sessions' }, 'sessions', { active: [] }, opts('nothing is active any more'));
      expectEntry(await history(bob, why), withBob, { peers: ['alice', 'bob'], reason: 'disconnected', by: 'alice', messages: { bob: 2 } }, why);
      expectEntry(await history(carol, why), withCarol, { peers: ['carol', 'alice'], reason: 'disconnected', by: 'alice', messages: { carol: 1 } }, why);
    },
  },
  {
    id: 'lost.reset',
    step: 4,
    title: 'a connection reset, or a broken direct connection, ends the session as lost, and the other peer is told',
    hint: 'whatever ends a session (close, logout, loss) goes through the same end of the session table: log it there',
    async run(ctx) {
      const { port } = await startLogTracker(ctx);
      const alice = await online(ctx, port, 'alice');
      const bob = await online(ctx, port, 'bob');
      const carol = await online(ctx, port, 'carol');
      const crashed = await startSession(alice, bob, 'bob');
      const broken = await startSession(carol, bob, 'bob');
      alice.socket.reset();
      const why = "alice's machine crashed: her tracker connection was reset";
      await bob.expect('session_ended', { session: crashed, reason: 'lost', by: 'alice' }, { why, ...TOLD });
      await report(bob, crashed, 3, [], 'bob reports');
      await report(bob, broken, 1, [], "bob's direct connection to carol broke without bye: he reports it lost", 'lost');
      await carol.expect('session_ended', { session: broken, reason: 'lost', by: 'bob' }, { why: 'carol is told bob lost their connection', ...TOLD });
      await bob.request({ type: 'sessions' }, 'sessions', { active: [] }, opts('neither session is active'));
      const sessions = await history(bob, why);
      expectEntry(sessions, crashed, { peers: ['alice', 'bob'], reason: 'lost', by: 'alice', messages: { bob: 3 } }, why);
      expectEntry(sessions, broken, { peers: ['carol', 'bob'], reason: 'lost', by: 'bob', messages: { bob: 1 } }, 'a lost direct connection is logged as lost, by the peer who reported it');
    },
  },
  {
    id: 'lost.silent',
    step: 4,
    title: 'a peer silent past --heartbeat-timeout is dropped and its sessions end as lost; a pinging one stays',
    hint: 'the Lab 02 heartbeat timer drops the silent peer; its sessions then end like any other lost connection',
    buildsOn: { lab: '02', step: 9, concept: 'heartbeat timeout' },
    timeoutMs: 20_000,
    async run(ctx) {
      const { port } = await startLogTracker(ctx, ['--heartbeat-timeout', '800']);
      const alice = await online(ctx, port, 'alice');
      const bob = await online(ctx, port, 'bob');
      const session = await startSession(alice, bob, 'bob');
      ctx.note('bob now pings every 200 ms; alice sends nothing at all (her laptop lid is closed)');
      const pinger = setInterval(() => bob.socket.sendQuietly(Buffer.from('{"type":"ping"}\n')), 200);
      ctx.defer(() => clearInterval(pinger));
      const why = 'a peer that vanished without a FIN is only noticed by its silence (--heartbeat-timeout 800)';
      await alice.expectError('TIMEOUT', {}, { why, timeoutMs: 5_000, skip: PUSHES });
      await alice.socket.expectClosedByPeer({ why });
      await bob.expect('session_ended', { session, reason: 'lost', by: 'alice' }, { why: 'bob is told; he kept pinging, so he is still here', ...TOLD });
      clearInterval(pinger);
      await report(bob, session, 1, [], 'bob reports');
      expectEntry(await history(bob, why), session, { peers: ['alice', 'bob'], reason: 'lost', by: 'alice', messages: { bob: 1 } }, why);
    },
  },
];
