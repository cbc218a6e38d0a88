// Lab 03's checks of what the terminal peer does inside and around its sessions (README steps 4 to 6):
// the grader plays the tracker and the other peers. Names, session ids, request ids, texts, orders,
// roles and which refusal or ending happens come from the check's seed.
import { MAX_CHAT_TEXT } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import { JsonParty, type Message } from '../../engine/json-party.ts';
import { drawRequestId } from '../../engine/monitor/request-ids.ts';
import { showBytes, showText } from '../../engine/show-bytes.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { drawTextOfBytes } from '../01-two-peers/chat-texts.ts';
import { dialOther, NOISE, otherDials, reply, sendAsIs, startPeer, ticketFor, type Other, type PeerRun } from './peer-harness.ts';
import { drawBadCommands, drawBadFirstLines, drawOptionalId, drawSaying, drawToken, drawTokens } from './peer-session-inputs.ts';

/** Who dialled: the student's peer (`/connect`, it is the caller) or the other peer (it is the callee). */
type Role = 'caller' | 'callee';

interface Started {
  run: PeerRun;
  others: Other[];
}

/**
 * Starts the peer as a drawn user and opens `count` sessions with drawn users, in drawn roles; with
 * `bothRoles`, the first two sessions (in a drawn order) have the peer as caller once and as callee once.
 */
async function startWithSessions(ctx: CheckContext, count: number, { bothRoles = false } = {}): Promise<Started> {
  const [me, ...names] = drawUsernames(ctx.random, count + 1) as [string, ...string[]];
  const sessions = drawTokens(ctx.random, count);
  const roles: Role[] = names.map(() => ctx.random.pick<Role>(['caller', 'callee']));
  if (bothRoles && count >= 2) roles.splice(0, 2, ...shuffled(ctx.random, ['caller', 'callee'] as Role[]));
  const run = await startPeer(ctx, me);
  const server = await ctx.listen();
  const others: Other[] = [];
  for (const [i, name] of names.entries()) {
    others.push(roles[i] === 'caller' ? await dialOther(ctx, run, server, name, sessions[i]!) : await otherDials(ctx, run, name, sessions[i]!));
  }
  return { run, others };
}

/** How a session the peer is in can end from the other side (§5.5). */
type Ending = 'bye, then session_ended' | 'session_ended alone' | 'the direct connection resets';

async function endFromOtherSide(ctx: CheckContext, run: PeerRun, other: Other, how: Ending): Promise<void> {
  ctx.note(`${other.name}'s session ends: ${how}`);
  if (how === 'the direct connection resets') {
    other.party.socket.reset();
    const report = await run.tracker.expect('close_session', { session: other.session }, { why: '§5.5: a direct connection that breaks without bye is reported to the tracker', skip: NOISE });
    reply(run.tracker, report, { type: 'ok', re: 'close_session' });
  } else {
    if (how === 'bye, then session_ended') {
      other.party.send({ type: 'bye', reason: 'closed' });
      other.party.socket.end();
    }
    const reason = how === 'bye, then session_ended' ? 'closed' : ctx.random.pick(['lost', 'disconnected']);
    run.tracker.send({ type: 'session_ended', session: other.session, reason, by: other.name });
  }
  await run.peer.expectEvent('session_ended', { session: other.session }, { why: `${other.name}'s session ended (§5.5)` });
}

/** The file names a `get` may ask for (§1: safe names), for a `get` sent where none is allowed. */
const FILE_NAMES = ['notes.txt', 'photo 1.jpg', 'résumé.pdf', '数据.csv', 'a', '.profile-not-hidden.md'];

const CONNECT_REFUSALS = ['BAD_TICKET', 'a welcome for another session', 'a hang-up'] as const;

export const peerSessionChecks: CheckDefinition[] = [
  {
    id: 'peer.connect-refused',
    step: 4,
    title: '/connect that the callee refuses (BAD_TICKET, a welcome for another session, a hang-up) starts no session',
    hint: 'after hello, wait for the answer: only a welcome with the session of peer_info starts the session; an error is printed with its code, anything else as CONNECT_FAILED, and nothing goes to the tracker',
    async run(ctx) {
      // Three callees, and after each refusal a user the next /connect asks for (offline).
      const [me, ...others] = drawUsernames(ctx.random, 7) as [string, ...string[]];
      const [callees, probes] = [others.slice(0, 3), others.slice(3)];
      const [elsewhere, ...sessions] = drawTokens(ctx.random, 4) as [string, ...string[]];
      const run = await startPeer(ctx, me);
      const server = await ctx.listen();
      for (const [i, refusal] of shuffled(ctx.random, CONNECT_REFUSALS).entries()) {
        const [callee, session, ticket] = [callees[i]!, sessions[i]!, ticketFor(ctx)];
        run.peer.type(`/connect ${callee}`);
        const lookup = await run.tracker.expect('lookup', { username: callee }, { why: '/connect starts with a lookup', skip: NOISE });
        reply(run.tracker, lookup, { type: 'peer_info', username: callee, host: '127.0.0.1', port: server.port, ticket, session, expires_in_ms: 30000 });
        const party = new JsonParty(await server.accept(callee, { from: run.peer, why: 'the peer dials the host and port of peer_info' }), 'peer-to-peer');
        const hello = await party.expect('hello', { from: me, ticket }, { why: 'the caller shows the ticket the tracker gave it' });
        let code = 'CONNECT_FAILED';
        if (refusal === 'BAD_TICKET') {
          reply(party, hello, { type: 'error', code: 'BAD_TICKET', message: 'this ticket is not valid for you here', re: 'hello' });
          party.socket.end();
          code = 'BAD_TICKET';
        } else if (refusal === 'a welcome for another session') {
          reply(party, hello, { type: 'welcome', session: elsewhere, username: callee });
        } else if (ctx.random.chance(0.5)) {
          party.socket.end();
        } else {
          party.socket.reset();
        }
        const why = `${callee} answered the hello with ${refusal}: only a welcome for session ${session} (the one of peer_info) opens it (§3.4, §4.3)`;
        // The user tries someone else: that lookup is the next request, and it is answered only once
        // the refusal has been printed, so the two error events cannot come in either order.
        const probe = probes[i]!;
        run.peer.type(`/connect ${probe}`);
        const next = await run.tracker.expect('lookup', { username: probe }, { why: `${why}, so there is no session to confirm: the next request is the lookup of the next /connect, not session_started`, skip: NOISE });
        await run.peer.expectEvent('error', { code }, { why: `${why}; the user learns why (${code === 'BAD_TICKET' ? 'the callee\'s code, §5.4' : 'CONNECT_FAILED, §7: the callee could not be connected to'})` });
        reply(run.tracker, next, { type: 'error', code: 'USER_OFFLINE', message: `${probe} is not online`, re: 'lookup' });
        await run.peer.expectEvent('error', { code: 'USER_OFFLINE' }, { why: 'the peer carries on after a refused /connect: the next one is looked up, and its error printed' });
        run.peer.expectNoEvent('session_started', why);
      }
    },
  },
  {
    id: 'peer.chat-limit',
    step: 4,
    title: `a chat text of exactly ${MAX_CHAT_TEXT} UTF-8 bytes is sent; one byte more is refused and not sent`,
    hint: `count the text's UTF-8 bytes (Buffer.byteLength), not its characters: ${MAX_CHAT_TEXT} is allowed, more is an error event and nothing sent`,
    async run(ctx) {
      const { run, others } = await startWithSessions(ctx, 1);
      const other = others[0]!;
      const atLimit = drawTextOfBytes(ctx.random, MAX_CHAT_TEXT);
      const over = drawTextOfBytes(ctx.random, MAX_CHAT_TEXT + 1);
      const after = drawSaying(ctx.random);
      const typed = (text: string) => (ctx.random.chance(0.5) ? text : `/to ${other.name} ${text}`);
      for (const text of [...shuffled(ctx.random, [atLimit, over]), after]) {
        ctx.note(`a text of ${Buffer.byteLength(text)} UTF-8 bytes in ${[...text].length} characters`);
        run.peer.type(typed(text));
      }
      const limit = `§3.4 chat: text(${MAX_CHAT_TEXT}) counts the UTF-8 bytes of the text itself, not its characters nor its JSON escapes`;
      await other.party.expect('chat', { text: atLimit }, { why: `a text of exactly ${MAX_CHAT_TEXT} bytes is within the limit: ${limit}`, skip: NOISE });
      await other.party.expect('chat', { text: after }, { why: `the text of ${MAX_CHAT_TEXT + 1} bytes is never sent (the other peer would answer BAD_MESSAGE): ${limit}`, skip: NOISE });
      await run.peer.expectEvent('error', { code: 'BAD_COMMAND' }, { why: `the user learns that the text of ${MAX_CHAT_TEXT + 1} bytes was not sent (PROTOCOL §9.4: a chat text over MAX_CHAT_TEXT prints error BAD_COMMAND)` });
    },
  },
  {
    id: 'peer.session-ping',
    step: 4,
    title: 'a ping on a session connection is answered pong with the same id, on either side of the session',
    hint: 'in a session, answer every ping with a pong on the same connection that carries the ping\'s id exactly (none when it had none)',
    async run(ctx) {
      const { run, others } = await startWithSessions(ctx, 2, { bothRoles: true });
      const rounds = [...shuffled(ctx.random, others), ...Array.from({ length: ctx.random.int(1, 4) }, () => ctx.random.pick(others))];
      for (const other of rounds) {
        const id = drawOptionalId(ctx.random);
        const ping: Message = id === undefined ? { type: 'ping' } : { type: 'ping', id };
        const chat = ctx.random.chance(0.4) ? { type: 'chat', text: drawSaying(ctx.random) } : undefined;
        if (chat) sendAsIs(other.party, chat, ping);
        else sendAsIs(other.party, ping);
        const why = '§3.1: the receiver of ping MUST answer pong with the same id (none if the ping had none), on session connections too: with no heartbeat there, a ping is how a peer learns the other is still there';
        await other.party.expect('pong', { id }, { why });
        if (chat) await run.peer.expectEvent('message', { session: other.session, from: other.name, text: chat.text }, { why: 'a chat and a ping in one read are both handled' });
      }
    },
  },
  {
    id: 'peer.session-wrong-state',
    step: 4,
    title: 'hello, welcome or get inside an open session gets WRONG_STATE (with re and id), and the session goes on',
    hint: 'in an open session, hello, welcome and get are answered error WRONG_STATE that echoes the message\'s type as re and its id; do not close the session for it',
    async run(ctx) {
      const { run, others } = await startWithSessions(ctx, 2, { bothRoles: true });
      for (const other of shuffled(ctx.random, others)) {
        // All three in every session, in a drawn order: each is answered on its own.
        for (const type of shuffled(ctx.random, ['hello', 'welcome', 'get'] as const)) {
          const wrong: Message = {
            hello: { type: 'hello', from: other.name, ticket: ctx.random.chance(0.5) ? other.ticket : ticketFor(ctx) },
            welcome: { type: 'welcome', session: other.session, username: other.name },
            get: { type: 'get', xfer: drawToken(ctx.random), name: ctx.random.pick(FILE_NAMES) },
          }[type];
          const id = drawOptionalId(ctx.random);
          const pingId = drawRequestId(ctx.random);
          sendAsIs(other.party, id === undefined ? wrong : { ...wrong, id }, { type: 'ping', id: pingId });
          const why = `§4.3: ${type} is not allowed in an open session; §2.4: the error names it (re) and echoes its id${id === undefined ? ' (none here)' : ''}`;
          await other.party.expectError('WRONG_STATE', { re: type, id }, { why });
          await other.party.expect('pong', { id: pingId }, { why: '§2.4: after WRONG_STATE the connection keeps serving' });
        }
        // What is never answered (§3.1): a pong and an error, then a ping whose pong must come next.
        const unanswered = shuffled(ctx.random, [{ type: 'pong', id: drawRequestId(ctx.random) }, { type: 'error', code: ctx.random.pick(['INTERNAL', 'BAD_MESSAGE', 'TIMEOUT']), message: 'a stray error', re: 'chat' }]);
        const nextPing = drawRequestId(ctx.random);
        sendAsIs(other.party, ...unanswered, { type: 'ping', id: nextPing });
        await other.party.expect('pong', { id: nextPing }, { why: '§3.1: a pong and an error are never answered, so the next line is the pong to the ping that followed them' });
        const text = drawSaying(ctx.random);
        run.peer.type(`/to ${other.name} ${text}`);
        const goesOn = `a message in the wrong state is answered, not a reason to end ${other.name}'s session`;
        await other.party.expect('chat', { text }, { why: goesOn, skip: NOISE });
        const back = drawSaying(ctx.random);
        other.party.send({ type: 'chat', text: back });
        await run.peer.expectEvent('message', { session: other.session, from: other.name, text: back }, { why: goesOn });
      }
    },
  },
  {
    id: 'peer.bad-first-line',
    step: 4,
    title: 'a direct connection whose first line is not a hello (not JSON, an unknown type, a bad hello, another message) gets its error and is closed',
    hint: 'the first line of a direct connection decides: if it is not valid protocol or not hello (or get), answer the error of §2.4 (an error gets no answer) and close the connection',
    async run(ctx) {
      const run = await startPeer(ctx, drawUsernames(ctx.random, 1)[0]!);
      for (const bad of shuffled(ctx.random, drawBadFirstLines(ctx.random))) {
        const party = new JsonParty(await ctx.connect(run.port, `a caller (${bad.kind})`), 'peer-to-peer', { probe: false });
        party.socket.send(`${bad.line}\n`);
        const why = `§2.4 and §3.4: ${bad.kind} as the first message of a direct connection is answered${bad.answer ? ` ${bad.answer.code}` : ' with nothing (§3.1)'}, then the acceptor closes: there is no session to go on with`;
        if (bad.answer) {
          const { code, ...fields } = bad.answer;
          await party.expectError(code, fields, { why });
        }
        await party.socket.expectClosedByPeer({ why });
        if (!bad.answer && party.socket.unreadBytes > 0) {
          const extra = await party.socket.readBytes(party.socket.unreadBytes);
          fail({ expected: `${showText(bad.line)} to go unanswered before the close`, got: showBytes(extra), why: '§3.1: a program never answers an error with an error' });
        }
      }
    },
  },
  {
    id: 'peer.bad-command',
    step: 6,
    title: 'an unknown command or one missing its argument (/ and \\ forms) prints BAD_COMMAND and the peer carries on',
    hint: 'a command you do not know, or /connect, /info, /to, \\GET_CLIENT_INFO without their argument, is error BAD_COMMAND; never act on it (no request, no quit)',
    async run(ctx) {
      const run = await startPeer(ctx, drawUsernames(ctx.random, 1)[0]!);
      const commands = drawBadCommands(ctx.random);
      for (const command of commands) run.peer.type(command);
      run.peer.type(ctx.random.pick(['/list', '\\GET_CLIENT_LIST']));
      const why = '§9.4: an unknown command or a missing argument prints error BAD_COMMAND, and the peer carries on';
      const list = await run.tracker.expect('list', {}, { why: `${why}: the first request after them is the one for /list`, skip: NOISE });
      reply(run.tracker, list, { type: 'roster', users: [] });
      for (const command of commands) await run.peer.expectEvent('error', { code: 'BAD_COMMAND' }, { why: `${showText(command)}: ${why}` });
      await run.peer.expectEvent('roster', { users: [] }, { why });
    },
  },
  {
    id: 'peer.current-session',
    step: 6,
    title: 'plain text goes to the session last used with /to, also after another session ended',
    hint: 'the current session changes only when a session starts, when /to picks one, or when the current one itself ends; another session ending leaves it alone',
    async run(ctx) {
      const count = ctx.random.int(3, 4);
      const { run, others } = await startWithSessions(ctx, count);
      // The current one is never the newest left after the end: there the two readings of §9.4 agree.
      const picked = ctx.random.int(0, count - 2);
      const ends = ctx.random.pick(others.map((_, i) => i).filter((i) => i !== picked && !(i === count - 1 && picked === count - 2)));
      const [current, ending] = [others[picked]!, others[ends]!];
      // Inner runs of spaces and tabs are the user's text; the spaces around it are not (§9.4 /to).
      const chosen = `${drawSaying(ctx.random)}${ctx.random.pick(['  ', '\t', ' \t ', '   '])}${drawSaying(ctx.random)}`;
      run.peer.type(`/to ${current.name}${ctx.random.pick([' ', '  ', '\t'])}${chosen}${ctx.random.pick(['', ' ', '  '])}`);
      await current.party.expect('chat', { text: chosen }, { why: '§9.4: /to NAME text sends the rest of the line after NAME (inner spaces kept, surrounding ones not) in the session with NAME, and makes it the current one', skip: NOISE });
      await endFromOtherSide(ctx, run, ending, ctx.random.pick<Ending>(['bye, then session_ended', 'session_ended alone', 'the direct connection resets']));
      const text = drawSaying(ctx.random);
      let marker = drawSaying(ctx.random);
      while (marker === text) marker = `${marker} ${drawSaying(ctx.random)}`;
      run.peer.type(text);
      run.peer.type(`/to ${current.name} ${marker}`);
      const why = `§9.4: plain text goes to the current session, the one last used with /to (${current.name}); ${ending.name}'s session ending does not change that`;
      await current.party.expect('chat', { text }, { why, skip: NOISE });
      await current.party.expect('chat', { text: marker }, { why, skip: NOISE });
      for (const other of others.filter((o) => o !== current && o !== ending)) {
        const id = drawRequestId(ctx.random);
        sendAsIs(other.party, { type: 'ping', id });
        await other.party.expect('pong', { id }, { why: `${why}: nothing goes to ${other.name}` });
      }
    },
  },
  {
    id: 'peer.quit-no-ok',
    step: 6,
    title: '/quit exits 0 within about 2 s even when the tracker never answers the logout',
    hint: 'wait for the ok to logout at most LOGOUT_WAIT_MS (2 s): race the reply against a timer, then close and exit 0 either way',
    async run(ctx) {
      const { run, others } = await startWithSessions(ctx, ctx.random.int(0, 2));
      const how = ctx.random.pick(['/quit', '\\DISCONNECT_CLIENT', 'the end of input', 'Ctrl+C']);
      if (how === 'the end of input') run.peer.closeInput();
      else if (how === 'Ctrl+C') run.peer.signal('SIGINT');
      else run.peer.type(how);
      const why = `§9.4: ${how} means /quit: bye to every direct connection, logout, wait at most 2 s for the ok, exit 0`;
      for (const other of others) await other.party.expect('bye', {}, { why, skip: NOISE });
      await run.tracker.expect('logout', {}, { why, skip: [...NOISE, 'close_session'] });
      ctx.note('the tracker never answers the logout (it hangs, or the ok is lost)');
      await run.peer.expectExit(0, { timeoutMs: 5_000, why: `${why}: a tracker that never answers must not keep the user from leaving` });
    },
  },
  {
    id: 'peer.same-name-twice',
    step: 6,
    title: 'with two sessions with the same user, /to NAME and /close NAME take the newer one, then the older one is left',
    hint: 'keep sessions in the order they started; a NAME picks the newest session with that user',
    async run(ctx) {
      const [me, name] = drawUsernames(ctx.random, 2) as [string, string];
      const [older, newer] = drawTokens(ctx.random, 2) as [string, string];
      const run = await startPeer(ctx, me);
      const server = await ctx.listen();
      // The two sessions in drawn roles: the peer dials, or is dialled, each time.
      const open = async (session: string) => (ctx.random.chance(0.5) ? dialOther(ctx, run, server, name, session) : otherDials(ctx, run, name, session));
      const first = await open(older);
      const second = await open(newer);
      const why = `PROTOCOL §9.4: a NAME names the most recently started session with that user (${newer}, not ${older})`;
      const text = drawSaying(ctx.random);
      run.peer.type(`/to ${name} ${text}`);
      await second.party.expect('chat', { text }, { why, skip: NOISE });
      run.peer.type(ctx.random.pick([`/close ${name}`, `\\CLOSE_SESSION ${name}`]));
      await second.party.expect('bye', {}, { why, skip: NOISE });
      const report = await run.tracker.expect('close_session', { session: newer }, { why, skip: NOISE });
      reply(run.tracker, report, { type: 'ok', re: 'close_session' });
      await run.peer.expectEvent('session_ended', { session: newer }, { why });
      const after = drawSaying(ctx.random);
      run.peer.type(`/to ${name} ${after}`);
      await first.party.expect('chat', { text: after }, { why: `once ${newer} ended, the session with ${name} is ${older}` });
    },
  },
];
