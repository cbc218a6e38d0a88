// A reference peer (solutions/NN/peer.ts) run as its own process against a tracker played here: the
// tracker answers what a logged-in peer asks by itself (login, session_started, close_session, share,
// logout, ping), and the test plays the other peers over real sockets on 127.0.0.1.
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { startProgram, type Started } from '../final/final-processes.ts';
import { JsonLines, type Msg } from '../json-lines.ts';

export const PASSWORD = 'correct horse battery';

export interface ReferencePeer {
  readonly me: string;
  /** Where the peer listens for direct connections. */
  readonly port: number;
  /** The peer's tracker connection, as the tracker sees it. */
  readonly tracker: JsonLines;
  readonly program: Started;
  /** Types a line on the peer's standard input. */
  type(line: string): void;
  /** The first event printed since the last call that matches, or an error after `ms`. */
  event(match: (event: Msg) => boolean, ms?: number): Promise<Msg>;
  /** Announces a caller, as the tracker's incoming push does, and returns the ticket. */
  expectCaller(from: string, session: string): string;
  stop(): Promise<void>;
}

// Requests a logged-in peer sends by itself, and what the tracker answers.
const ANSWERS: Record<string, (request: Msg) => Msg> = {
  login: (request) => ({ type: 'welcome', username: request.username, host: '127.0.0.1', port: request.port }),
  session_started: () => ({ type: 'ok', re: 'session_started' }),
  close_session: () => ({ type: 'ok', re: 'close_session' }),
  share: (request) => ({ type: 'shared', count: Array.isArray(request.files) ? request.files.length : 0 }),
  logout: () => ({ type: 'ok', re: 'logout' }),
  ping: () => ({ type: 'pong' }),
};

let tickets = 0;

/** Reads a program's printed events in order: each call returns the first later one that matches. */
export function printedEvents(program: Started): (match: (event: Msg) => boolean, ms?: number) => Promise<Msg> {
  let read = 0;
  return async (match, ms = 10_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const lines = program.output().split('\n');
      for (let at = read; at < lines.length - 1; at += 1) {
        const line = lines[at] ?? '';
        const event = line.startsWith('{') ? (JSON.parse(line) as Msg) : undefined;
        if (event && match(event)) {
          read = at + 1;
          return event;
        }
      }
      if (Date.now() > deadline) throw new Error(`no such event within ${ms} ms; the program printed:\n${program.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
}

export async function startReferencePeer(lab: string, me: string, extraArgs: string[] = []): Promise<ReferencePeer> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const trackerPort = (server.address() as { port: number }).port;
  const accepted = once(server, 'connection');
  const starting = startProgram(`solutions/${lab}/peer.ts`, ['--tracker', `127.0.0.1:${trackerPort}`, '--listen-port', '0', '--json', ...extraArgs]);
  const tracker = new JsonLines((await accepted)[0]);
  // A tracker greets first; the peer is ready only once it has been greeted (§9.4 Start).
  tracker.send({ type: 'hello', server: 'sharing-is-caring', version: 1, question: 'new or returning?', options: ['register', 'login'] });
  const program = await starting;
  void answerForever(tracker);
  program.child.stdin.write(`returning\n${me}\n${PASSWORD}\n`);
  const peer: ReferencePeer = {
    me,
    port: program.ready.port as number,
    tracker,
    program,
    type: (line) => void program.child.stdin.write(`${line}\n`),
    event: printedEvents(program),
    expectCaller: (from, session) => {
      tickets += 1;
      const ticket = Buffer.alloc(16, tickets).toString('base64url');
      tracker.send({ type: 'incoming', from, ticket, session, expires_in_ms: 30_000 });
      return ticket;
    },
    stop: async () => {
      await program.stop();
      tracker.close();
      await closeServer(server);
    },
  };
  await peer.event((e) => e.event === 'logged_in');
  return peer;
}

/** `from` dials the peer with a ticket announced for it; resolves once the session is open on both sides. */
export async function callPeer(peer: ReferencePeer, from: string, session: string): Promise<JsonLines> {
  const ticket = peer.expectCaller(from, session);
  const caller = await JsonLines.dial(peer.port);
  caller.send({ type: 'hello', from, ticket });
  await caller.next((m) => m.type === 'welcome');
  await peer.event((e) => e.event === 'session_started' && e.session === session);
  return caller;
}

async function answerForever(tracker: JsonLines): Promise<void> {
  for (;;) {
    const request = await tracker.next((m) => Object.hasOwn(ANSWERS, String(m.type)), 600_000).catch(() => undefined);
    if (!request) return;
    const reply = ANSWERS[String(request.type)]!(request);
    tracker.send(request.id === undefined ? reply : { ...reply, id: request.id });
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A reference peer of `lab` (a folder of solutions) on a real tracker, registered as a new user and
 * logged in; it goes into `started` so the test can stop it. Its printed events are read in order.
 */
export async function typedPeer(lab: string, trackerPort: number, name: string, started: Started[], extraArgs: string[] = []) {
  const program = await startProgram(`solutions/${lab}/peer.ts`, ['--tracker', `127.0.0.1:${trackerPort}`, '--listen-port', '0', '--json', ...extraArgs]);
  started.push(program);
  const event = printedEvents(program);
  const type = (line: string) => void program.child.stdin.write(`${line}\n`);
  type(`new\n${name}\n${PASSWORD}`);
  await event((e) => e.event === 'logged_in');
  return { type, event };
}
