// The moves every Lab 01 check makes: start the student's peer and get a grader socket talking to it,
// directly or through a fault proxy, with the grader listening or dialling.
import net from 'node:net';
import type { CheckContext, ProxyOptions } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { ScriptedSocket } from '../../engine/scripted-socket.ts';
import { READY_TIMEOUT_MS, type ProgramEvent, type StudentProgram } from '../../engine/student-program.ts';

export const PEER_FILE = 'peer.ts';

/** How long a dial may take to be refused or accepted on this machine. */
const DIAL_TIMEOUT_MS = 3_000;

export interface Chat {
  peer: StudentProgram;
  grader: ScriptedSocket;
}

/** Starts `peer.ts --listen 0`, waits for ready, and connects to it (through a proxy if asked). */
export async function chatWithListeningPeer(ctx: CheckContext, proxy?: ProxyOptions): Promise<Chat & { port: number }> {
  const peer = await ctx.start(PEER_FILE, ['--listen', '0'], 'your peer');
  const port = listeningPort(await peer.ready());
  const target = proxy ? (await ctx.proxy(port, proxy)).port : port;
  const grader = await ctx.connect(target, 'the grader');
  // What the peer sends is judged against §2.1 in every check: valid UTF-8, the limit, nothing after exit.
  grader.monitorAs('chat-lines');
  await peer.expectEvent('connected', {}, { why: 'a listening peer reports who connected (README step 1)' });
  return { peer, grader, port };
}

/** The grader listens, starts `peer.ts --connect` to it, and accepts its dial. Events are left to the check. */
export async function dialFromPeer(ctx: CheckContext): Promise<Chat & { port: number }> {
  const server = await ctx.listen();
  const peer = await ctx.start(PEER_FILE, ['--connect', `127.0.0.1:${server.port}`], 'your peer');
  const grader = await server.accept('the grader', { from: peer, why: 'with --connect your peer must dial the address it was given', timeoutMs: READY_TIMEOUT_MS });
  grader.monitorAs('chat-lines');
  return { peer, grader, port: server.port };
}

/** A chat where the student's peer dialled the grader: connected, then ready, as README step 2 says. */
export async function chatWithConnectingPeer(ctx: CheckContext): Promise<Chat> {
  const { peer, grader, port } = await dialFromPeer(ctx);
  await peer.expectEvent('connected', { host: '127.0.0.1', port }, { why: 'the user should see who they are talking to' });
  await peer.expectEvent('ready', { mode: 'connect', host: '127.0.0.1', port }, { why: 'ready means "connected, you can talk to me now"' });
  return { peer, grader };
}

/** The port a listening peer's ready event names; anything else fails the check with the event. */
export function listeningPort(ready: ProgramEvent): number {
  const { port } = ready;
  if (ready.mode === 'listen' && typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536) return port;
  fail({
    expected: 'a ready event like {"event":"ready","mode":"listen","host":"127.0.0.1","port":40123}',
    got: JSON.stringify(ready),
    why: 'with --listen 0 the system picks the port, so the ready event is the only way to learn it',
  });
}

/** Dials 127.0.0.1:port as another program would, and expects the system to refuse the connection. */
export async function expectRefused(ctx: CheckContext, port: number, label: string, why: string): Promise<void> {
  let outcome = await dialOnce(ctx, port);
  // A dial to a port nobody listens on can, rarely, pick that very port as its own source port and
  // connect to itself (TCP simultaneous open): that is no program's doing, so dial again.
  for (let again = 0; outcome === 'self' && again < 3; again += 1) outcome = await dialOnce(ctx, port);
  const expected = `${label}'s dial to 127.0.0.1:${port} to be refused (ECONNREFUSED)`;
  if (outcome === 'accepted') fail({ expected, got: 'the connection was accepted: your peer still listens', why });
  if (outcome !== 'ECONNREFUSED') fail({ expected, got: outcome === 'timeout' ? `no answer within ${DIAL_TIMEOUT_MS / 1000} s` : outcome, why });
  ctx.note(`${label} dialled 127.0.0.1:${port} and was refused (ECONNREFUSED)`);
}

/** One dial: 'accepted', 'self' (connected to itself), 'timeout', or the error code. */
async function dialOnce(ctx: CheckContext, port: number): Promise<string> {
  const socket = net.connect({ host: '127.0.0.1', port });
  ctx.defer(() => void socket.destroy());
  let timer: NodeJS.Timeout | undefined;
  const outcome = await new Promise<string>((resolve) => {
    socket.once('connect', () => resolve(socket.localPort === port ? 'self' : 'accepted'));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    timer = setTimeout(() => resolve('timeout'), DIAL_TIMEOUT_MS);
  });
  clearTimeout(timer);
  socket.destroy();
  return outcome;
}

/** Expects the peer's events `first` and `then` to have been printed in this order. */
export function expectOrder(peer: StudentProgram, first: string, then: string, why: string): void {
  const names = peer.events.map((event) => event.event);
  const a = names.indexOf(first);
  const b = names.indexOf(then);
  if (a === -1 || b === -1 || a > b) {
    fail({ expected: `${peer.label} to print ${first}, then ${then}`, got: `the events in this order: ${names.join(', ')}`, why });
  }
}
