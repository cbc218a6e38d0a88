// Lab 03's checks of the terminal peer (README steps 4 and 6): the grader plays the tracker and the
// other peers.
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { JsonParty, type Message } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import { TICKET_TTL_MS } from '#kit/protocol/limits.ts';
import { drawRoster, ROSTER_SHAPES } from './drawn-roster.ts';
import { dialOther, NOISE, otherDials, reply, startPeer, ticketFor, type PeerRun } from './peer-harness.ts';

/** A callee that knows the ticket answers in milliseconds; the 2 s grace is for unknown tickets only. */
const PROMPT_ANSWER_MS = 1_500;

/**
 * Expects a welcome that comes within PROMPT_ANSWER_MS of `since`, measured on arrival: a timer alone
 * could fire late on a busy machine and let a welcome sent at the end of the grace through.
 */
async function expectPromptWelcome(party: JsonParty, fields: Message, since: number, why: string): Promise<void> {
  await party.expect('welcome', fields, { why, timeoutMs: 5_000 });
  const took = Math.round(performance.now() - since);
  if (took > PROMPT_ANSWER_MS) fail({ expected: `the welcome within ${PROMPT_ANSWER_MS / 1000} s`, got: `it came after ${took} ms`, why });
}
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
    title: '/list asks the tracker for every page of the roster and shows everyone',
    hint: 'send list; while the users you have are fewer than total, ask again with offset = how many you have (stop at an empty page); print one roster event with all of them',
    async run(ctx) {
      const run = await startPeer(ctx);
      // Every shape of §3.2 roster in one run, in a drawn order, each with drawn users and page sizes.
      for (const shape of shuffled(ctx.random, ROSTER_SHAPES)) {
        const roster = drawRoster(ctx, shape);
        run.peer.type('/list');
        let served = 0;
        for (const page of roster.pages) {
          const why = served === 0 ? '/list is answered by the tracker' : `the roster has ${roster.total ?? 'more'} users and ${served} came so far: PROTOCOL §3.2 roster says to ask again from offset ${served}`;
          const list = await run.tracker.expect('list', {}, { why, skip: NOISE });
          const offset = list.offset ?? 0;
          if (offset !== served) fail({ expected: `list with offset ${served}${served === 0 ? ' (or none)' : ''}`, got: JSON.stringify(list), why: 'the offset is how many users of the roster the peer already has' });
          reply(run.tracker, list, { type: 'roster', users: page, ...(roster.total === undefined ? {} : { total: roster.total }) });
          served += page.length;
        }
        await run.peer.expectEvent('roster', { users: roster.pages.flat() }, { why: `the user sees everyone online, from every page, and nothing is asked after the last (${roster.description})` });
      }
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
    title: 'callers with the tickets the tracker announced are welcomed at once, however many wait',
    hint: 'remember every incoming push (not only the last); on hello, find its ticket, check it is for this caller, answer welcome without waiting when you know it',
    async run(ctx) {
      const run = await startPeer(ctx);
      // 2 to 4 callers announced before any dials, then dialling in a drawn order.
      const callers = drawUsernames(ctx.random, ctx.random.int(2, 4) + 1).filter((name) => name !== 'alice').slice(0, 4);
      const announced = callers.map((name, i) => ({ name, ticket: ticketFor(ctx), session: `s-in-${i}` }));
      for (const { name, ticket, session } of announced) run.tracker.send({ type: 'incoming', from: name, ticket, session, expires_in_ms: TICKET_TTL_MS });
      for (const { name, ticket, session } of shuffled(ctx.random, announced)) {
        const party = new JsonParty(await ctx.connect(run.port, name), 'peer-to-peer');
        const since = performance.now();
        party.send({ type: 'hello', from: name, ticket });
        const why = `${announced.length} caller(s) were announced; each ticket stays valid until used or expired. A known ticket needs no wait: the grace of TICKET_GRACE_MS is only for a push that has not arrived yet`;
        await expectPromptWelcome(party, { session, username: 'alice' }, since, why);
        const started = await run.tracker.expect('session_started', { session }, { why: 'the callee confirms the session too', skip: NOISE });
        reply(run.tracker, started, { type: 'ok', re: 'session_started' });
      }
    },
  },
  {
    id: 'peer.ticket-grace',
    step: 4,
    title: 'a hello that arrives before the incoming push is still accepted (grace of 2 s), whatever other pushes come first',
    hint: 'two connections race: if the ticket is unknown, wait up to TICKET_GRACE_MS for the incoming push with that ticket (other tickets arriving meanwhile do not end the wait)',
    async run(ctx) {
      const run = await startPeer(ctx);
      const ticket = ticketFor(ctx);
      const party = new JsonParty(await ctx.connect(run.port, 'carol'), 'peer-to-peer');
      party.send({ type: 'hello', from: 'carol', ticket });
      const others = ctx.random.int(1, 3);
      await ctx.waitOut(ctx.random.int(30, 100), 'the tracker\'s push is late: it races with the caller\'s dial');
      for (let i = 0; i < others; i += 1) run.tracker.send({ type: 'incoming', from: `other${i}`, ticket: ticketFor(ctx), session: `s-other-${i}`, expires_in_ms: TICKET_TTL_MS });
      await ctx.waitOut(ctx.random.int(30, 100), `${others} push(es) for other callers came first`);
      const pushed = performance.now();
      run.tracker.send({ type: 'incoming', from: 'carol', ticket, session: 's-late', expires_in_ms: TICKET_TTL_MS });
      const why = 'the protocol gives the push of this ticket TICKET_GRACE_MS (2 s) to arrive, and once it has, the wait is over: the welcome follows at once, not at the end of the grace';
      await expectPromptWelcome(party, { session: 's-late', username: 'alice' }, pushed, why);
    },
  },
  {
    id: 'peer.refuses-expired',
    step: 4,
    title: 'a ticket used after its expires_in_ms is refused',
    hint: 'an incoming push says how long its ticket lives (expires_in_ms): remember when it expires and refuse a hello after that',
    async run(ctx) {
      const run = await startPeer(ctx);
      const ticket = ticketFor(ctx);
      const lifetime = ctx.random.int(100, 500);
      run.tracker.send({ type: 'incoming', from: 'carol', ticket, session: 's-expired', expires_in_ms: lifetime });
      await ctx.waitOut(lifetime + 700, `the ticket lived ${lifetime} ms (expires_in_ms)`);
      await expectRefused(ctx, run, 'carol', ticket, 'an expired ticket is refused (PROTOCOL §3.3 hello): a hello recorded long ago must not open a session');
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
    id: 'peer.reports-lost',
    step: 6,
    title: 'a direct connection that breaks without bye is reported to the tracker as lost',
    hint: 'when the session\'s connection ends without a bye (FIN or reset), send close_session with reason "lost" and print session_ended with reason lost',
    async run(ctx) {
      const run = await startPeer(ctx);
      // Both ways a connection breaks, one session each, in a drawn order.
      for (const how of shuffled(ctx.random, ['reset', 'end'] as const)) {
        const session = `s-lost-${how}`;
        const other = await dialOther(ctx, run, await ctx.listen(), how === 'reset' ? 'bob' : 'carol', session);
        const sent = ctx.random.int(0, 3);
        for (let i = 0; i < sent; i += 1) run.peer.type(`/to ${other.name} before the break ${i}`);
        for (let i = 0; i < sent; i += 1) await other.party.expect('chat', { text: `before the break ${i}` }, { why: 'chat first', skip: NOISE });
        if (how === 'reset') other.party.socket.reset();
        else other.party.socket.end();
        const why = `${other.name}'s connection ${how === 'reset' ? 'was reset' : 'closed (FIN)'} without a bye: PROTOCOL §3.3 close_session says reason "lost" when the direct connection broke without bye, and the session log keeps that apart from a clean close`;
        const close = await run.tracker.expect('close_session', { session, reason: 'lost', messages_sent: sent }, { why, skip: NOISE });
        reply(run.tracker, close, { type: 'ok', re: 'close_session' });
        await run.peer.expectEvent('session_ended', { session, reason: 'lost' }, { why });
      }
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
      await run.peer.expectEvent('bye', {}, { why: 'PROTOCOL §9.4: the peer prints bye as it leaves' });
      await run.peer.expectExit(0, { why });
      run.peer.expectNoEvent('bye', 'the peer leaves once: a second bye means it ran its quit twice (after /quit, and again at the end of input)');
    },
  },
];
