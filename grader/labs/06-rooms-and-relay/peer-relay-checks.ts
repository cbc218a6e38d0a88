// Lab 06's checks of the peer's side of the relay (README step 9, PROTOCOL §9.4 "Through the relay",
// §3.6 sealed records): a /connect whose dial fails asks the tracker for a relay and meets the callee
// there; a relay_incoming push takes the callee there; once paired the two seal everything, and the
// sealed stream is an ordinary session. The grader plays the tracker, the relay and the other peer.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RELAY_RECORD_MAX_PLAINTEXT } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import { JsonParty } from '../../engine/json-party.ts';
import { freePort, type ScriptedServer, type ScriptedSocket } from '../../engine/scripted-socket.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { dialOther, NOISE, reply, ticketFor, type PeerRun } from '../03-roster-and-direct/peer-harness.ts';
import { drawChatText } from '../01-two-peers/chat-texts.ts';
import { receiveDataFrames, seededBytes, sendDataFrames, sha256, startFilePeer, type FilePeer } from '../04-file-transfer/file-harness.ts';
import { startRoomPeer } from './room-moves.ts';
import { drawSession, mintToken } from './relay-moves.ts';
import type { Tampering } from './grader-seal.ts';
import { expectNothingInClear, graderKeyRecord, sealAsGrader, sealedSteps, type SealedEnd } from './sealed-moves.ts';

const CALLER_WHY = 'PROTOCOL §9.4 (through the relay): when the dial fails, the caller asks the tracker relay {session}, joins the relay with its token, and once paired and sealed says hello as if it had dialled';
const CALLEE_WHY = 'PROTOCOL §9.4 (through the relay): relay_incoming takes the callee to the relay with its token; once paired and sealed the connection is one dialled in (the caller\'s key record may come in the same read as relay_paired)';

const FILES_WHY = 'PROTOCOL §3.6 (sealed records): through the relay the session is an ordinary one, files included (§5.6); a peer MUST seal what it sends in records of at most RELAY_RECORD_MAX_PLAINTEXT bytes of plaintext each, however much it writes at once';

/**
 * A file size over RELAY_RECORD_MAX_PLAINTEXT, drawn: at a multiple of it, one byte short of one or one
 * byte past one (2 to 12 records' worth), or anywhere from 20 KiB to 200 KiB.
 */
function drawFileSize(ctx: CheckContext): number {
  if (ctx.random.chance(0.5)) return ctx.random.int(20 * 1024, 200 * 1024);
  return ctx.random.int(2, 12) * RELAY_RECORD_MAX_PLAINTEXT + ctx.random.pick([-1, 0, 1]);
}

/** The student's Lab 06 peer with a shared and a downloads folder (empty), logged in, its share answered. */
function startRelayPeer(ctx: CheckContext, me: string): Promise<FilePeer> {
  return startFilePeer(ctx, {}, [], { me });
}

/**
 * A file each way through the sealed session, each of a drawn size over RELAY_RECORD_MAX_PLAINTEXT:
 * the grader offers one (sent in records of exactly the limit, the last shorter), then the user types
 * /send for another; both must arrive byte-identical. The grader's reader (sealed-moves.ts) refuses
 * any record of the peer's over the limit.
 */
async function filesThrough(ctx: CheckContext, run: FilePeer, end: SealedEnd, other: string): Promise<void> {
  const incoming = seededBytes(ctx, drawFileSize(ctx));
  const inName = `relayed-in-${ctx.random.int(1, 99_999)}.bin`;
  const xfer = `x-relayed-${ctx.random.int(1, 99_999)}`;
  ctx.note(`${other} offers ${inName} (${incoming.length} bytes) through the relay`);
  end.party.send({ type: 'offer', xfer, name: inName, size: incoming.length, sha256: sha256(incoming) });
  await end.party.expect('accept', { xfer }, { why: `${FILES_WHY}: an offer through the relay is accepted like any other`, skip: NOISE });
  await sendDataFrames(end.party, xfer, incoming);
  await end.party.expect('file_ok', { xfer, sha256: sha256(incoming) }, { why: `${FILES_WHY}: records of exactly RELAY_RECORD_MAX_PLAINTEXT bytes of plaintext are within the limit, and open`, skip: NOISE, timeoutMs: 10_000 });
  await run.peer.expectEvent('file_received', { name: inName, size: incoming.length, sha256: sha256(incoming) }, { why: FILES_WHY, timeoutMs: 10_000 });
  const saved = await readFile(join(run.downloads, inName)).catch(() => undefined);
  if (!saved?.equals(incoming)) fail({ expected: `${join(run.downloads, inName)} with the ${incoming.length} bytes sent`, got: saved ? `${saved.length} bytes with SHA-256 ${sha256(saved)}` : 'no such file', why: FILES_WHY });

  const outgoing = seededBytes(ctx, drawFileSize(ctx));
  const outName = `relayed-out-${ctx.random.int(1, 99_999)}.bin`;
  const path = join(run.shared, outName);
  await writeFile(path, outgoing);
  ctx.note(`the user sends ${outName} (${outgoing.length} bytes) to ${other} through the relay`);
  run.peer.type(`/send ${other} ${path}`);
  const offer = await end.party.expect('offer', { name: outName, size: outgoing.length, sha256: sha256(outgoing) }, { why: `${FILES_WHY}: /send offers the file through the relay`, skip: NOISE });
  end.party.send({ type: 'accept', xfer: offer.xfer });
  const received = await receiveDataFrames(end.party, String(offer.xfer), outgoing.length, FILES_WHY);
  if (!received.equals(outgoing)) fail({ expected: `the ${outgoing.length} bytes of ${outName}`, got: `${received.length} bytes with SHA-256 ${sha256(received)}`, why: FILES_WHY });
  end.party.send({ type: 'file_ok', xfer: offer.xfer, sha256: sha256(outgoing) });
  await run.peer.expectEvent('file_sent', { name: outName, size: outgoing.length, sha256: sha256(outgoing) }, { why: FILES_WHY, timeoutMs: 10_000 });
}

/** A token of the §3.6 form for the grader's relay: the peer must send it back exactly. */
function drawRelayToken(ctx: CheckContext, session: string, side: 'caller' | 'callee'): string {
  return mintToken(Buffer.from(ticketFor(ctx)), session, side, Date.now() + 60_000);
}

/** The peer's connection to the grader's relay, and its relay_join with exactly `token`. */
async function expectJoin(ctx: CheckContext, run: PeerRun, relay: ScriptedServer, token: string, why: string): Promise<ScriptedSocket> {
  const socket = await relay.accept('the relay (played by the grader)', { from: run.peer, why });
  await new JsonParty(socket, 'peer-to-relay', { probe: false }).expect('relay_join', { token }, { why: `${why}: the first line to the relay is relay_join with the token the tracker gave, unchanged` });
  return socket;
}

/** The tracker (the grader) announces `caller`, then sends the student's peer to the grader's relay. */
async function invitedToRelay(ctx: CheckContext, run: PeerRun, caller: string): Promise<{ session: string; ticket: string; socket: ScriptedSocket }> {
  const relay = await ctx.listen();
  const session = drawSession(ctx.random);
  const ticket = ticketFor(ctx);
  const token = drawRelayToken(ctx, session, 'callee');
  run.tracker.send({ type: 'incoming', from: caller, ticket, session, expires_in_ms: 30000 });
  run.tracker.send({ type: 'relay_incoming', session, from: caller, host: '127.0.0.1', port: relay.port, token });
  return { session, ticket, socket: await expectJoin(ctx, run, relay, token, CALLEE_WHY) };
}

/** After the handshake through the relay: session_relayed, the session confirmed, a chat each way. */
async function relayedSessionGoesOn(ctx: CheckContext, run: PeerRun, end: SealedEnd, session: string, other: string): Promise<string> {
  await run.peer.expectEvent('session_relayed', { session, with: other }, { why: 'PROTOCOL §9.4: session_relayed once the relay paired the two and the keys are agreed' });
  const started = await run.tracker.expect('session_started', { session }, { why: 'a relayed session is confirmed to the tracker like any other, by both peers', skip: NOISE });
  reply(run.tracker, started, { type: 'ok', re: 'session_started' });
  await run.peer.expectEvent('session_started', { session, with: other }, { why: 'the user sees the session begin' });
  return chatThrough(ctx, run, end.party, session, other);
}

/** Both sides chat through the paired connection, a drawn text each way. */
async function chatThrough(ctx: CheckContext, run: PeerRun, party: JsonParty, session: string, other: string): Promise<string> {
  const theirs = drawChatText(ctx.random, { maxChars: 30 }) || 'hi';
  party.send({ type: 'chat', text: theirs });
  await run.peer.expectEvent('message', { session, from: other, text: theirs }, { why: 'through the relay the session is an ordinary one: chat arrives as message events' });
  // One word: /to takes the rest of the line, and how a peer treats the spaces in it is Lab 03's business.
  const mine = `through-the-relay-${ctx.random.int(1, 99_999)}`;
  run.peer.type(`/to ${other} ${mine}`);
  await party.expect('chat', { text: mine }, { why: 'and what the user types goes out through the relay', skip: NOISE });
  return mine;
}

const PAIRED_ELSEWHERE_WHY = 'PROTOCOL §3.6 (relay_paired): a peer MUST treat a relay_paired that names another session than the one it joined for as a failed connection: it sends nothing more on it, prints error CONNECT_FAILED and closes the connection; no session starts over it';

/** A session id that is not `session`: another one, or one a character longer or shorter. */
function otherSession(ctx: CheckContext, session: string): string {
  const candidates = [drawSession(ctx.random), `${session}${ctx.random.pick(['0', 'x', '_'])}`, session.slice(0, -1)];
  return ctx.random.pick(candidates.filter((c) => c !== session && c.length >= 1));
}

/**
 * The relay (the grader) answers the peer's relay_join for `session` with relay_paired for another
 * session: the peer must send nothing more, close that connection and print error CONNECT_FAILED.
 */
async function pairedElsewhere(ctx: CheckContext, run: PeerRun, socket: ScriptedSocket, session: string, side: 'caller' | 'callee'): Promise<void> {
  const other = otherSession(ctx, session);
  const from = run.peer.events.length;
  ctx.note(`the relay (the grader) answers the ${side}'s relay_join for ${session} with relay_paired for ${other}`);
  socket.send(`${JSON.stringify({ type: 'relay_paired', session: other })}\n`);
  const why = `${PAIRED_ELSEWHERE_WHY} (the ${side} joined for ${session}; the relay paired ${other})`;
  await socket.expectClosedByPeer({ why, timeoutMs: 5_000 });
  if (socket.unreadBytes > 0) fail({ expected: `nothing more from the ${side} after a relay_paired for another session`, got: `${socket.unreadBytes} byte(s) before the close (a key record is 36)`, why });
  const failed = await ctx.watch.until(() => run.peer.events.slice(from).find((e) => e.event === 'error' && e.code === 'CONNECT_FAILED') ?? (run.peer.exit ? null : undefined), 5_000);
  if (!failed) {
    const since = run.peer.events.slice(from).map((e) => JSON.stringify(e)).join(', ') || 'no event';
    fail({ expected: 'the event error CONNECT_FAILED once the relay paired another session', got: `${since}${failed === null ? ' (the peer exited)' : ' within 5 s'}`, why });
  }
}

export const peerRelayChecks: CheckDefinition[] = [
  {
    id: 'peer.relay-caller',
    step: 9,
    title: '/connect whose dial is refused (and only then) asks the tracker for a relay, joins it with its token, agrees the keys after relay_paired and says hello sealed; chat and a file each way go through, in records of at most RELAY_RECORD_MAX_PLAINTEXT bytes of plaintext; nothing in clear',
    hint: 'in your PeerApp, when dial() fails ask each feature reach(); yours sends relay {session}, dials relay_info\'s host and port, sends relay_join {token}, reads up to relay_paired, puts back the rest, seals the channel and returns the sealed stream; the stream cuts each write into records of at most RELAY_RECORD_MAX_PLAINTEXT bytes',
    timeoutMs: 30_000,
    async run(ctx) {
      const [me, callee, direct] = drawUsernames(ctx.random, 3) as [string, string, string];
      const run = await startRelayPeer(ctx, me);
      // First a callee that can be dialled: no relay for it, the session is direct (Lab 03).
      await dialOther(ctx, run, await ctx.listen(), direct, drawSession(ctx.random));
      const relay = await ctx.listen();
      const session = drawSession(ctx.random);
      const ticket = ticketFor(ctx);
      const token = drawRelayToken(ctx, session, 'caller');
      const nowhere = await freePort();
      run.peer.type(`/connect ${callee}`);
      const lookup = await run.tracker.expect('lookup', { username: callee }, { why: '/connect starts with a lookup', skip: NOISE });
      ctx.note(`${callee} is said to listen on 127.0.0.1:${nowhere}, where nobody does`);
      reply(run.tracker, lookup, { type: 'peer_info', username: callee, host: '127.0.0.1', port: nowhere, ticket, session, expires_in_ms: 30000 });
      const asked = await run.tracker.expect('relay', { session }, { why: `${CALLER_WHY} (the dial to 127.0.0.1:${nowhere} was refused)`, skip: NOISE });
      reply(run.tracker, asked, { type: 'relay_info', session, host: '127.0.0.1', port: relay.port, token });
      const socket = await expectJoin(ctx, run, relay, token, CALLER_WHY);
      await ctx.waitOut(ctx.random.int(80, 200), 'the relay has not paired the session yet: the peer must wait');
      if (socket.unreadBytes > 0) fail({ expected: 'nothing more from the peer until relay_paired', got: `${socket.unreadBytes} byte(s) before the relay paired anyone`, why: `${CALLER_WHY}: until relay_paired nobody is on the other end` });
      socket.send(`${JSON.stringify({ type: 'relay_paired', session })}\n`);
      const end = await sealAsGrader(ctx, socket, 'callee', ticket, session, { ...graderKeyRecord(ctx), sent: false }, CALLER_WHY);
      await sealedSteps(end, CALLER_WHY, async () => {
        const hello = await end.party.expect('hello', { from: me, ticket }, { why: `${CALLER_WHY}: the hello with the ticket of peer_info, sealed` });
        reply(end.party, hello, { type: 'welcome', session, username: callee });
        const typed = await relayedSessionGoesOn(ctx, run, end, session, callee);
        await filesThrough(ctx, run, end, callee);
        expectNothingInClear(end, { 'the ticket': ticket, 'what the user typed': typed, 'the caller\'s name': me.length >= 8 ? me : '' });
      });
    },
  },
  {
    id: 'peer.relay-callee',
    step: 9,
    title: 'relay_incoming takes the callee to the relay with its token; with the caller\'s key record in the same read as relay_paired, the keys are agreed and the sealed hello is answered welcome; chat and a file each way go through, in records of at most RELAY_RECORD_MAX_PLAINTEXT bytes of plaintext',
    hint: 'on a relay_incoming push dial the relay, send relay_join {token}, read up to relay_paired, socket.unshift() what came after it, seal the channel with the ticket of the incoming push, and hand the stream to peer.accept(); the stream cuts each write into records of at most RELAY_RECORD_MAX_PLAINTEXT bytes',
    timeoutMs: 30_000,
    async run(ctx) {
      const [me, caller] = drawUsernames(ctx.random, 2) as [string, string];
      const run = await startRelayPeer(ctx, me);
      const { session, ticket, socket } = await invitedToRelay(ctx, run, caller);
      // relay_paired and the caller's key record in one write, as a relay may well deliver them.
      const own = graderKeyRecord(ctx);
      socket.send(Buffer.concat([Buffer.from(`${JSON.stringify({ type: 'relay_paired', session })}\n`), own.record]), '(relay_paired and the caller\'s key record in one write)');
      const end = await sealAsGrader(ctx, socket, 'caller', ticket, session, { ...own, sent: true }, CALLEE_WHY);
      await sealedSteps(end, CALLEE_WHY, async () => {
        end.party.send({ type: 'hello', from: caller, ticket });
        await end.party.expect('welcome', { session, username: me }, { why: `${CALLEE_WHY}: the sealed hello with the ticket of incoming is answered welcome, sealed` });
        const typed = await relayedSessionGoesOn(ctx, run, end, session, caller);
        await filesThrough(ctx, run, end, caller);
        expectNothingInClear(end, { 'the session\'s welcome': `"welcome"`, 'what the user typed': typed });
      });
    },
  },
  {
    id: 'peer.relay-refused',
    step: 9,
    title: 'a relay the tracker cannot give (NO_RELAY) or the relay refuses (RELAY_FULL, BAD_TOKEN, TIMEOUT) is printed with its code; a relay_paired for another session (caller and callee) is CONNECT_FAILED, nothing more sent and the relay connection closed; no session starts',
    hint: 'print an error reply of the tracker, and an error line of the relay, as an error event with its code; then close the relay connection and give up on this /connect. Compare relay_paired\'s session with the one you joined for before you send your key record',
    timeoutMs: 30_000,
    async run(ctx) {
      const [me, first, second, third, caller, probe] = drawUsernames(ctx.random, 6) as [string, string, string, string, string, string];
      const run = await startRoomPeer(ctx, me);
      const relay = await ctx.listen();
      const [s1, s2] = [drawSession(ctx.random), drawSession(ctx.random)];
      const dead = async (callee: string, session: string) => {
        run.peer.type(`/connect ${callee}`);
        const lookup = await run.tracker.expect('lookup', { username: callee }, { why: '/connect starts with a lookup', skip: NOISE });
        reply(run.tracker, lookup, { type: 'peer_info', username: callee, host: '127.0.0.1', port: await freePort(), ticket: ticketFor(ctx), session, expires_in_ms: 30000 });
        return run.tracker.expect('relay', { session }, { why: CALLER_WHY, skip: NOISE });
      };
      const asked = await dead(first, s1);
      reply(run.tracker, asked, { type: 'error', code: 'NO_RELAY', message: 'this tracker has no relay', re: 'relay' });
      // Other errors may come with it (the dial's CONNECT_FAILED): this one must be among them.
      await run.peer.expectEvent('error', { code: 'NO_RELAY' }, { why: 'PROTOCOL §9.4: an error answer of the tracker is printed with its code', skipOthers: true });
      const again = await dead(second, s2);
      const token = drawRelayToken(ctx, s2, 'caller');
      reply(run.tracker, again, { type: 'relay_info', session: s2, host: '127.0.0.1', port: relay.port, token });
      const socket = await expectJoin(ctx, run, relay, token, CALLER_WHY);
      const code = ctx.random.pick(['RELAY_FULL', 'BAD_TOKEN', 'TIMEOUT'] as const);
      socket.send(`${JSON.stringify({ type: 'error', code, message: `the relay says ${code}` })}\n`);
      socket.end();
      await run.peer.expectEvent('error', { code }, { why: `PROTOCOL §9.4: the relay's error (${code}) is printed with its code`, skipOthers: true });
      // The relay pairs another session: on the caller's side (a /connect) and on the callee's (a
      // relay_incoming), in a drawn order.
      const sides = ctx.random.pick([['caller', 'callee'], ['callee', 'caller']] as const);
      for (const side of sides) {
        if (side === 'caller') {
          const s3 = drawSession(ctx.random);
          const asked3 = await dead(third, s3);
          const token3 = drawRelayToken(ctx, s3, 'caller');
          reply(run.tracker, asked3, { type: 'relay_info', session: s3, host: '127.0.0.1', port: relay.port, token: token3 });
          await pairedElsewhere(ctx, run, await expectJoin(ctx, run, relay, token3, CALLER_WHY), s3, 'caller');
        } else {
          const { session, socket: joined } = await invitedToRelay(ctx, run, caller);
          await pairedElsewhere(ctx, run, joined, session, 'callee');
        }
      }
      // The next request is the lookup of the next /connect: nothing was confirmed for any of these sessions.
      run.peer.type(`/connect ${probe}`);
      const next = await run.tracker.expect('lookup', { username: probe }, { why: 'a refused relay, or one that paired another session, starts no session: the next request is the next /connect\'s lookup, not session_started', skip: NOISE });
      reply(run.tracker, next, { type: 'error', code: 'USER_OFFLINE', message: `${probe} is not online`, re: 'lookup' });
      await run.peer.expectEvent('error', { code: 'USER_OFFLINE' }, { why: 'the peer carries on', skipOthers: true });
      run.peer.expectNoEvent('session_started', 'no relay (or a pairing of another session), no session');
      run.peer.expectNoEvent('session_relayed', 'the relay refused, or paired another session: no session through it');
    },
  },
  {
    id: 'peer.relay-tampered',
    step: 9,
    title: 'a sealed record the relay flipped, replayed or dropped ends the session at once: error TAMPERED, nothing of it shown, the connection closed',
    hint: 'when open() refuses a record, print error TAMPERED and destroy the connection: never skip the record and carry on, never show what it held',
    timeoutMs: 30_000,
    async run(ctx) {
      const [me, caller] = drawUsernames(ctx.random, 2) as [string, string];
      const run = await startRoomPeer(ctx, me);
      const { session, ticket, socket } = await invitedToRelay(ctx, run, caller);
      socket.send(`${JSON.stringify({ type: 'relay_paired', session })}\n`);
      const end = await sealAsGrader(ctx, socket, 'caller', ticket, session, { ...graderKeyRecord(ctx), sent: false }, CALLEE_WHY);
      const how = ctx.random.pick<Tampering>(['flip', 'replay', 'drop']);
      const spoiled = [`spoiled ${ctx.random.int(1, 99_999)}`, `after it ${ctx.random.int(1, 99_999)}`];
      await sealedSteps(end, CALLEE_WHY, async () => {
        end.party.send({ type: 'hello', from: caller, ticket });
        await end.party.expect('welcome', { session, username: me }, { why: CALLEE_WHY });
        const started = await run.tracker.expect('session_started', { session }, { why: 'the session is confirmed', skip: NOISE });
        reply(run.tracker, started, { type: 'ok', re: 'session_started' });
        end.party.send({ type: 'chat', text: 'a record as sealed' });
        await run.peer.expectEvent('message', { session, from: caller, text: 'a record as sealed' }, { why: 'a record that opens is shown' });
      });
      ctx.note(`the relay (the grader) now ${how === 'flip' ? 'flips a bit of' : how === 'replay' ? 'sends, instead of the next record, the one before again:' : 'drops'} the next record`);
      end.channel.tamperNext(how);
      for (const text of spoiled) end.party.send({ type: 'chat', text });
      const why = `PROTOCOL §3.6: a record that does not open (here ${how === 'flip' ? 'a flipped bit' : how === 'replay' ? 'a replayed record' : 'a dropped record: the next one has the wrong number'}) ends the session with error TAMPERED`;
      await run.peer.expectEvent('error', { code: 'TAMPERED' }, { why, skipOthers: true });
      const plain = end.party.socket;
      await plain.expectClosedByPeer({ why: `${why}, and the connection closed at once`, timeoutMs: 5_000 });
      const shown = run.peer.events.filter((e) => e.event === 'message' && spoiled.includes(String(e.text)));
      if (shown.length > 0) fail({ expected: 'nothing shown from the spoiled record or after it', got: JSON.stringify(shown[0]), why });
    },
  },
];
