// The moves every Lab 01 check makes: start the student's peer and get a grader socket talking to it,
// directly or through a fault proxy.
import type { CheckContext, ProxyOptions } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { ScriptedSocket } from '../../engine/scripted-socket.ts';
import type { ProgramEvent, StudentProgram } from '../../engine/student-program.ts';

export const PEER_FILE = 'peer.ts';

export interface Chat {
  peer: StudentProgram;
  grader: ScriptedSocket;
}

/** Starts `peer.ts --listen 0`, waits for ready, and connects to it (through a proxy if asked). */
export async function chatWithListeningPeer(ctx: CheckContext, proxy?: ProxyOptions): Promise<Chat> {
  const peer = await ctx.start(PEER_FILE, ['--listen', '0'], 'your peer');
  const port = listeningPort(await peer.ready());
  const target = proxy ? (await ctx.proxy(port, proxy)).port : port;
  const grader = await ctx.connect(target, 'the grader');
  await peer.expectEvent('connected', {}, { why: 'a listening peer reports who connected (README step 1)' });
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
