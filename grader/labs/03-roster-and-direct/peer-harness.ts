// The moves of Lab 03's peer checks: the grader plays the tracker (a scripted server the student's
// peer connects to) and the other peers (scripted sockets that dial it or that it dials).
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { JsonParty, type Message } from '../../engine/json-party.ts';
import type { ScriptedServer } from '../../engine/scripted-socket.ts';
import { READY_TIMEOUT_MS, type StudentProgram } from '../../engine/student-program.ts';

export const PEER_FILE = 'peer.ts';
export const PASSWORD = 'correct horse battery';
const HELLO = { type: 'hello', server: 'sharing-is-caring', version: 1, question: 'new or returning?', options: ['register', 'login'] };
/** Pushes and heartbeats that may arrive between the replies a check waits for. */
export const NOISE = ['ping', 'pong'];

export interface PeerRun {
  peer: StudentProgram;
  tracker: JsonParty;
  /** Where the student's peer listens for direct connections. */
  port: number;
  /** Who it logged in as (alice unless a check says otherwise). */
  me?: string;
}

/** Replies to a request from the peer, echoing its id. */
export function reply(tracker: JsonParty, request: Message, message: Message): void {
  tracker.send(request.id === undefined ? message : { ...message, id: request.id });
}

/** Starts the student's peer as `me` against a scripted tracker and logs it in. */
export async function startPeer(ctx: CheckContext, me = 'alice', extraArgs: string[] = [], limits: { fileSizeLimitBytes?: number } = {}): Promise<PeerRun> {
  const server = await ctx.listen();
  const peer = await ctx.start(PEER_FILE, ['--tracker', `127.0.0.1:${server.port}`, '--listen-port', '0', ...extraArgs], 'your peer', limits);
  const tracker = new JsonParty(await server.accept('the tracker (played by the grader)', { from: peer, why: 'the peer connects to --tracker', timeoutMs: READY_TIMEOUT_MS }), 'peer-to-tracker');
  tracker.send(HELLO);
  const ready = await peer.ready();
  const port = ready.port;
  if (typeof port !== 'number' || port < 1) {
    fail({ expected: 'a ready event with the port the peer listens on', got: JSON.stringify(ready), why: 'other peers dial this port; the tracker must be told it' });
  }
  const why = 'logging in comes first (Lab 02 step 8)';
  await peer.expectEvent('prompt', { field: 'new_or_returning' }, { why });
  peer.type('returning');
  await peer.expectEvent('prompt', { field: 'username' }, { why });
  peer.type(me);
  await peer.expectEvent('prompt', { field: 'password' }, { why });
  peer.type(PASSWORD);
  const login = await tracker.expect('login', { username: me, port }, { why: 'the peer announces the port it really listens on, so others can reach it', skip: NOISE });
  reply(tracker, login, { type: 'welcome', username: me, host: '127.0.0.1', port });
  await peer.expectEvent('logged_in', { username: me }, { why });
  return { peer, tracker, port, me };
}

export interface Other {
  name: string;
  party: JsonParty;
  session: string;
  ticket: string;
}

/** The student's peer dials `name` (a scripted peer listening on `server`): /connect NAME. */
export async function dialOther(ctx: CheckContext, run: PeerRun, server: ScriptedServer, name: string, session: string): Promise<Other> {
  const ticket = ticketFor(ctx);
  run.peer.type(`/connect ${name}`);
  const lookup = await run.tracker.expect('lookup', { username: name }, { why: '/connect starts with a lookup', skip: NOISE });
  reply(run.tracker, lookup, { type: 'peer_info', username: name, host: '127.0.0.1', port: server.port, ticket, session, expires_in_ms: 30000 });
  const party = new JsonParty(await server.accept(name, { from: run.peer, why: 'the peer dials the host and port of peer_info' }), 'peer-to-peer');
  const hello = await party.expect('hello', { from: run.me ?? 'alice', ticket }, { why: 'the caller shows the ticket the tracker gave it, and who it is' });
  reply(party, hello, { type: 'welcome', session, username: name });
  const started = await run.tracker.expect('session_started', { session }, { why: 'both peers confirm a session to the tracker', skip: NOISE });
  reply(run.tracker, started, { type: 'ok', re: 'session_started' });
  await run.peer.expectEvent('session_started', { session, with: name }, { why: 'the user sees the session begin' });
  return { name, party, session, ticket };
}

/** A scripted peer `name` dials the student's peer with a ticket the tracker announced. */
export async function otherDials(ctx: CheckContext, run: PeerRun, name: string, session: string): Promise<Other> {
  const ticket = ticketFor(ctx);
  run.tracker.send({ type: 'incoming', from: name, ticket, session, expires_in_ms: 30000 });
  const party = new JsonParty(await ctx.connect(run.port, name), 'peer-to-peer');
  party.send({ type: 'hello', from: name, ticket });
  await party.expect('welcome', { session, username: run.me ?? 'alice' }, { why: 'a caller with a valid ticket for it is let in' });
  const started = await run.tracker.expect('session_started', { session }, { why: 'the callee confirms the session too', skip: NOISE });
  reply(run.tracker, started, { type: 'ok', re: 'session_started' });
  await run.peer.expectEvent('session_started', { session, with: name }, { why: 'the user sees the session begin' });
  return { name, party, session, ticket };
}

/** A ticket of the protocol's form: 16 random bytes in base64url, from the check's seeded random. */
export function ticketFor(ctx: CheckContext): string {
  return Buffer.from(Array.from({ length: 16 }, () => ctx.random.int(0, 255))).toString('base64url');
}

/**
 * Sends these messages in one write, exactly as given: no id added, no probing ping after them, so
 * that the check knows every answer it is owed (a ping without id, an error to one message).
 */
export function sendAsIs(party: JsonParty, ...messages: Message[]): void {
  party.socket.send(messages.map((message) => `${JSON.stringify(message)}\n`).join(''));
}
