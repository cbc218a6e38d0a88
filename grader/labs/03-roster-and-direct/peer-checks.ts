// Lab 03's checks of the terminal peer (README steps 4 and 6): the grader plays the tracker and the
// other peers.
import type { CheckContext } from '../../engine/check-context.ts';
import { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { dialOther, NOISE, otherDials, reply, startPeer, ticketFor, type PeerRun } from './peer-harness.ts';

const REFUSE_WHY = 'anyone can dial a port; only the ticket proves the tracker introduced this caller';

/** A caller shows `ticket` as `from` and must be refused with BAD_TICKET and a closed connection. */
async function expectRefused(ctx: CheckContext, run: PeerRun, from: string, ticket: string, why = REFUSE_WHY): Promise<void> {
  const party = new JsonParty(await ctx.connect(run.port, from), 'peer-to-peer');
  party.send({ type: 'hello', from, ticket });
  await party.expectError('BAD_TICKET', {}, { why, timeoutMs: 5_000 });
  await party.socket.expectClosedByPeer({ why });
}

export const peerChecks: CheckDefinition[] = [
  {
    id: 'peer.list',
    step: 6,
    title: '/list asks the tracker and shows the roster',
    hint: 'send list and print the roster event with the users of the reply',
    async run(ctx) {
      const run = await startPeer(ctx);
      run.peer.type('/list');
      const list = await run.tracker.expect('list', {}, { why: '/list is answered by the tracker', skip: NOISE });
      const users = [{ username: 'alice', since: '2026-01-01T10:00:00.000Z', busy: false }, { username: 'bob', since: '2026-01-01T10:01:00.000Z', busy: true }];
      reply(run.tracker, list, { type: 'roster', users });
      await run.peer.expectEvent('roster', { users }, { why: 'the user sees who is online' });
    },
  },
  {
    id: 'peer.info',
    step: 6,
    title: '/info NAME looks the user up and shows where they listen',
    hint: 'send lookup and print peer_info with the reply\'s fields',
    async run(ctx) {
      const run = await startPeer(ctx);
      run.peer.type('/info bob');
      const lookup = await run.tracker.expect('lookup', { username: 'bob' }, { why: '/info NAME is a lookup', skip: NOISE });
      const ticket = ticketFor(ctx);
      reply(run.tracker, lookup, { type: 'peer_info', username: 'bob', host: '127.0.0.1', port: 40999, ticket, session: 's-info', expires_in_ms: 30000 });
      await run.peer.expectEvent('peer_info', { username: 'bob', host: '127.0.0.1', port: 40999 }, { why: 'the user sees the address' });
    },
  },
  {
    id: 'peer.aliases',
    step: 6,
    title: "the \\GET_CLIENT_LIST and \\GET_CLIENT_INFO of assignment A2 work too",
    hint: 'map each backslash command of assignment A2 to its /command before handling it',
    async run(ctx) {
      const run = await startPeer(ctx);
      const why = 'the assignment names these commands; people who read it will type them';
      run.peer.type('\\GET_CLIENT_LIST');
      reply(run.tracker, await run.tracker.expect('list', {}, { why, skip: NOISE }), { type: 'roster', users: [] });
      run.peer.type('\\GET_CLIENT_INFO bob');
      await run.tracker.expect('lookup', { username: 'bob' }, { why, skip: NOISE });
    },
  },
  {
    id: 'peer.dials',
    step: 4,
    title: '/connect NAME dials the address from peer_info, shows the ticket, confirms the session',
    hint: 'lookup → connect to host:port → hello {from, ticket} → welcome → session_started to the tracker',
    async run(ctx) {
      const run = await startPeer(ctx);
      await dialOther(ctx, run, await ctx.listen(), 'bob', 's-dial');
    },
  },
  {
    id: 'peer.chat-both-ways',
    step: 4,
    title: 'chat flows both ways at once over the direct connection',
    hint: 'send chat messages on the session\'s connection; print every chat that arrives as a message event',
    async run(ctx) {
      const run = await startPeer(ctx);
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-chat');
      for (let i = 1; i <= 5; i += 1) {
        run.peer.type(`to bob ${i}`);
        bob.party.send({ type: 'chat', text: `to alice ${i}` });
      }
      const why = 'chat goes straight between the peers, both directions at the same time';
      for (let i = 1; i <= 5; i += 1) await bob.party.expect('chat', { text: `to bob ${i}` }, { why, skip: NOISE });
      for (let i = 1; i <= 5; i += 1) await run.peer.expectEvent('message', { session: 's-chat', from: 'bob', text: `to alice ${i}` }, { why });
    },
  },
  {
    id: 'peer.accepts-ticket',
    step: 4,
    title: 'a caller with the ticket the tracker announced is welcomed',
    hint: 'remember each incoming push; on hello, find its ticket, check it is for this caller, answer welcome',
    async run(ctx) {
      const run = await startPeer(ctx);
      await otherDials(ctx, run, 'carol', 's-in');
    },
  },
  {
    id: 'peer.ticket-grace',
    step: 4,
    title: 'a hello that arrives before the incoming push is still accepted (grace of 2 s)',
    hint: 'two connections race: if the ticket is unknown, wait a little for the incoming push before refusing',
    async run(ctx) {
      const run = await startPeer(ctx);
      const ticket = ticketFor(ctx);
      const party = new JsonParty(await ctx.connect(run.port, 'carol'), 'peer-to-peer');
      party.send({ type: 'hello', from: 'carol', ticket });
      await ctx.waitOut(300, 'the tracker\'s push is late: it races with the caller\'s dial');
      run.tracker.send({ type: 'incoming', from: 'carol', ticket, session: 's-late', expires_in_ms: 30000 });
      await party.expect('welcome', { session: 's-late', username: 'alice' }, { why: 'the protocol gives the push 2 s to arrive (TICKET_GRACE_MS)' });
    },
  },
  {
    id: 'peer.refuses-unknown',
    step: 4,
    title: 'a caller with a ticket nobody announced gets BAD_TICKET and is cut off',
    hint: 'no incoming push for this ticket within the grace period: refuse',
    timeoutMs: 20_000,
    async run(ctx) {
      const run = await startPeer(ctx);
      await expectRefused(ctx, run, 'mallory', ticketFor(ctx));
    },
  },
  {
    id: 'peer.refuses-borrowed',
    step: 4,
    title: "a ticket issued for another caller is refused",
    hint: 'a ticket belongs to one caller: compare hello.from with the incoming push\'s from',
    async run(ctx) {
      const run = await startPeer(ctx);
      const ticket = ticketFor(ctx);
      run.tracker.send({ type: 'incoming', from: 'carol', ticket, session: 's-borrowed', expires_in_ms: 30000 });
      await ctx.waitOut(100, 'the push reaches your peer');
      await expectRefused(ctx, run, 'dave', ticket, "dave saw carol's ticket; it must not let him pose as her");
    },
  },
  {
    id: 'peer.refuses-reused',
    step: 4,
    title: 'a ticket works once: the second hello with it is refused',
    hint: 'mark a ticket used when it opens a session',
    async run(ctx) {
      const run = await startPeer(ctx);
      const carol = await otherDials(ctx, run, 'carol', 's-once');
      await expectRefused(ctx, run, 'carol', carol.ticket, 'a recorded hello replayed later must not open another session');
    },
  },
  {
    id: 'peer.two-sessions',
    step: 4,
    title: 'two sessions at once keep their messages apart',
    hint: 'keep one object per session; /to NAME picks the session; each incoming chat belongs to its connection',
    async run(ctx) {
      const run = await startPeer(ctx);
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-bob');
      const carol = await otherDials(ctx, run, 'carol', 's-carol');
      run.peer.type('/to bob for bob only');
      run.peer.type('/to carol for carol only');
      const why = 'each message goes to the one session it was meant for';
      await bob.party.expect('chat', { text: 'for bob only' }, { why, skip: NOISE });
      await carol.party.expect('chat', { text: 'for carol only' }, { why, skip: NOISE });
      carol.party.send({ type: 'chat', text: 'from carol' });
      bob.party.send({ type: 'chat', text: 'from bob' });
      await run.peer.expectEvent('message', { session: 's-carol', from: 'carol', text: 'from carol' }, { why });
      await run.peer.expectEvent('message', { session: 's-bob', from: 'bob', text: 'from bob' }, { why });
    },
  },
  {
    id: 'peer.close',
    step: 6,
    title: '/close NAME says bye to the peer and close_session to the tracker',
    hint: 'send bye on the direct connection, close it, send close_session with your message count',
    async run(ctx) {
      const run = await startPeer(ctx);
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-close');
      run.peer.type('one message');
      await bob.party.expect('chat', { text: 'one message' }, { why: 'a message first', skip: NOISE });
      run.peer.type('/close bob');
      const why = 'closing tells both the other peer and the tracker, which ends the session (\\CLOSE_SESSION)';
      await bob.party.expect('bye', {}, { why, skip: NOISE });
      const close = await run.tracker.expect('close_session', { session: 's-close', messages_sent: 1 }, { why, skip: NOISE });
      reply(run.tracker, close, { type: 'ok', re: 'close_session' });
      await run.peer.expectEvent('session_ended', { session: 's-close' }, { why });
    },
  },
  {
    id: 'peer.told-ended',
    step: 6,
    title: 'when the tracker says a session ended, the peer shows it and closes the connection',
    hint: 'on a session_ended push, print it, close that direct connection, and send your own close_session report',
    async run(ctx) {
      const run = await startPeer(ctx);
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-told');
      run.tracker.send({ type: 'session_ended', session: 's-told', reason: 'lost', by: 'bob' });
      const why = 'the other peer may vanish; the tracker notices and tells you';
      await run.peer.expectEvent('session_ended', { session: 's-told', reason: 'lost' }, { why });
      await bob.party.socket.expectClosedByPeer({ why });
    },
  },
  {
    id: 'peer.quit',
    step: 6,
    title: '/quit says bye to every session, logs out, and exits with code 0',
    hint: 'bye on every direct connection, then logout and wait for ok, then exit 0',
    async run(ctx) {
      const run = await startPeer(ctx);
      const bob = await dialOther(ctx, run, await ctx.listen(), 'bob', 's-quit');
      run.peer.type('/quit');
      const why = 'leaving politely lets everyone know at once (\\DISCONNECT_CLIENT)';
      await bob.party.expect('bye', {}, { why, skip: NOISE });
      const logout = await run.tracker.expect('logout', {}, { why, skip: [...NOISE, 'close_session'] });
      reply(run.tracker, logout, { type: 'ok', re: 'logout' });
      await run.peer.expectExit(0, { why });
    },
  },
];
