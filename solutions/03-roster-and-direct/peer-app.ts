// The peer once logged in: it follows the tracker's pushes, answers typed commands, dials other peers
// with a ticket and lets in those that show one, and runs every session at the same time.
import type net from 'node:net';
import type { Output } from '#kit/cli/output.ts';
import type { Prompter } from '#kit/cli/prompter.ts';
import type { ErrorCode } from '#kit/protocol/errors.ts';
import type { PeerEvents } from '#kit/protocol/events.ts';
import type { ChatSession, PeerContext, PeerFeature, PeerLink, Unreachable } from '#kit/peer/peer-feature.ts';
import { HANDSHAKE_TIMEOUT_MS, LOGOUT_WAIT_MS, MAX_CHAT_TEXT, TICKET_GRACE_MS } from '#kit/protocol/limits.ts';
import type { PeerToPeerMessage, TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import { errorReply, replyTo } from '#kit/protocol/replies.ts';
import type { PeerOptions } from '#kit/programs/peer-command.ts';
import type { TrackerClient } from '#kit/tracker/tracker-client.ts';
import { parseTyped } from '#kit/peer/commands.ts';
import { dial } from '#kit/peer/dial.ts';
import { DirectLink } from '#kit/peer/direct-link.ts';
import type { PeerAppParts } from '#kit/peer/peer-app-parts.ts';
import { TicketBook } from './ticket-book.ts';

type Push = TrackerToPeerMessage;
type TrackerError = Extract<TrackerToPeerMessage, { type: 'error' }>;

interface Session extends ChatSession {
  link: DirectLink;
  /** We said or heard bye, or the tracker ended it: the link closing is expected. */
  ending: boolean;
}

const HELP = [
  '/list                 who is online            (\\GET_CLIENT_LIST)',
  '/info NAME            where NAME listens        (\\GET_CLIENT_INFO NAME)',
  '/connect NAME         start a session with NAME',
  '/to NAME text         send text to NAME; plain text goes to the current session',
  '/close [NAME]         end a session             (\\CLOSE_SESSION)',
  '/quit                 leave                     (\\DISCONNECT_CLIENT, Ctrl+C)',
];

export type { PeerAppParts };

export class PeerApp implements PeerContext {
  readonly me: string;
  readonly options: PeerOptions;
  readonly out: Output<PeerEvents>;
  readonly tracker: TrackerClient;
  private readonly tickets = new TicketBook();
  private readonly sessions = new Map<string, Session>();
  private current: Session | undefined;
  private readonly features: PeerFeature[];
  private quitting = false;

  constructor(private readonly parts: PeerAppParts) {
    this.me = parts.me;
    this.options = parts.options;
    this.out = parts.out;
    this.tracker = parts.tracker;
    this.features = parts.features.map((make) => make(this));
    this.tracker.on('push', (message) => this.onPush(message));
  }

  sessionWith(username: string): Session | undefined {
    return [...this.sessions.values()].reverse().find((s) => s.with === username);
  }

  async start(): Promise<void> {
    for (const feature of this.features) await feature.loggedIn?.();
  }

  /** Reads commands until /quit or the end of input. */
  async run(prompter: Prompter): Promise<void> {
    prompter.setCommandPrompt('> ');
    while (!this.quitting) {
      const line = await prompter.nextLine();
      if (line === undefined) return;
      await this.type(line);
    }
  }

  /** A direct connection arrived on our listening port. */
  accept(socket: net.Socket): void {
    const link = new DirectLink(socket, this.parts.splitter());
    // A first message that is not even valid protocol has been answered by the link: close.
    const closeOnInvalid = () => link.close();
    link.once('invalid', closeOnInvalid);
    void link.nextMessage(HANDSHAKE_TIMEOUT_MS).then(async (first) => {
      link.off('invalid', closeOnInvalid);
      if (!first) {
        if (!link.closed) link.send({ type: 'error', code: 'TIMEOUT', message: 'no hello or get in time' });
        return link.close();
      }
      if (first.type === 'hello') return this.answerHello(link, first);
      const handler = this.features.map((f) => f.firstMessages?.[first.type]).find(Boolean) as ((l: PeerLink, m: PeerToPeerMessage) => void) | undefined;
      if (handler) return handler(link, first);
      // An error is never answered with an error (PROTOCOL §3.1): the connection just closes.
      if (first.type !== 'error') link.send(errorReply(first, 'WRONG_STATE', 'a direct connection starts with hello (or get)'));
      link.close();
    });
  }

  async quit(): Promise<void> {
    if (this.quitting) return;
    this.quitting = true;
    for (const session of this.sessions.values()) {
      session.ending = true;
      session.link.send({ type: 'bye', reason: 'quit' });
      session.link.close();
    }
    this.tracker.removeAllListeners('closed');
    const ended = [...this.sessions.values()];
    const ok = this.tracker.closedAlready ? undefined : await Promise.race([this.tracker.request({ type: 'logout' }), wait(LOGOUT_WAIT_MS)]);
    // The tracker's ok to logout ends our sessions (reason disconnected): say so once for each.
    if (ok?.type === 'ok') for (const session of ended) this.out.emit('session_ended', { session: session.id, reason: 'disconnected', by: this.me }, `── session with ${session.with} ended (you left)`);
    this.tracker.close();
    this.out.emit('bye', {}, 'Bye.');
  }

  private async type(line: string): Promise<void> {
    const typed = parseTyped(line);
    if (typed.kind === 'empty') return;
    if (typed.kind === 'text') return this.say(this.current, typed.text);
    const { name, rest } = typed;
    const [first = ''] = rest.split(/\s+/);
    if (name === '/help') return this.out.note([...HELP, ...this.features.flatMap((f) => f.help ?? [])].join('\n'));
    if (name === '/list') return this.list();
    if (name === '/info' && first) return this.info(first);
    if (name === '/connect' && first) return this.connect(first);
    if (name === '/to' && first) {
      const session = this.sessionWith(first);
      if (session) this.current = session;
      // The rest of the line after NAME: its inner spaces are the user's, only the surrounding ones go.
      return this.say(session, rest.slice(first.length).trim(), first);
    }
    if (name === '/close') return this.close(first ? this.sessionWith(first) : this.current, first);
    if (name === '/quit') return this.quit();
    const handler = this.features.map((f) => f.commands?.[name]).find(Boolean);
    if (handler) return handler(rest);
    this.problem('BAD_COMMAND', `unknown command or missing argument: ${line.trim()} (try /help)`);
  }

  private async list(): Promise<void> {
    // The roster comes in pages of at most ROSTER_PAGE: ask again from where the last page ended
    // until `total` is reached (a tracker that leaves `total` out sent everyone at once).
    const users: Extract<Push, { type: 'roster' }>['users'] = [];
    for (let pages = 0; pages < 2_000; pages++) { // bounded: 2,000 pages of 500 is MAX_ROSTER_OFFSET
      const reply = await this.tracker.request(users.length === 0 ? { type: 'list' } : { type: 'list', offset: users.length });
      if (reply.type !== 'roster') return this.trackerProblem(reply);
      users.push(...reply.users);
      if (reply.users.length === 0 || reply.total === undefined || users.length >= reply.total) break;
    }
    const lines = users.map((u) => `  ${u.username}${u.username === this.me ? ' (you)' : ''}  online since ${u.since}${u.busy ? '  · in a session' : ''}`);
    this.out.emit('roster', { users }, ['Online now:', ...lines].join('\n'));
  }

  private async info(username: string): Promise<void> {
    const reply = await this.tracker.request({ type: 'lookup', username });
    if (reply.type !== 'peer_info') return this.trackerProblem(reply);
    const { type: _type, id: _id, ...info } = reply;
    this.out.emit('peer_info', info, `${username} listens on ${reply.host}:${reply.port}`);
  }

  private async connect(username: string): Promise<void> {
    const reply = await this.tracker.request({ type: 'lookup', username });
    if (reply.type !== 'peer_info') return this.trackerProblem(reply);
    const { type: _type, id: _id, ...info } = reply;
    this.out.emit('peer_info', info, `${username} listens on ${reply.host}:${reply.port}: connecting…`);
    const dialled = await dial(reply.host, reply.port);
    const socket = typeof dialled === 'string' ? await this.reachAnotherWay({ username, session: reply.session, ticket: reply.ticket, reason: dialled }) : dialled;
    if (!socket) return this.problem('CONNECT_FAILED', `cannot reach ${username} at ${reply.host}:${reply.port}: ${String(dialled)}`);
    const link = new DirectLink(socket, this.parts.splitter());
    link.send({ type: 'hello', from: this.me, ticket: reply.ticket });
    const answer = await link.nextMessage(HANDSHAKE_TIMEOUT_MS);
    if (answer?.type !== 'welcome' || answer.session !== reply.session) {
      link.close();
      if (answer?.type === 'error') return this.problem(answer.code, `${username} refused the connection: ${answer.message}`);
      return this.problem('CONNECT_FAILED', `${username} did not welcome us`);
    }
    await this.begin(reply.session, username, link);
  }

  /** A dial failed: the first feature that knows another way to the callee (Lab 06's relay) tries it. */
  private async reachAnotherWay(target: Unreachable): Promise<net.Socket | undefined> {
    for (const feature of this.features) {
      const socket = await feature.reach?.(target);
      if (socket) return socket;
    }
    return undefined;
  }

  private async answerHello(link: DirectLink, hello: Extract<PeerToPeerMessage, { type: 'hello' }>): Promise<void> {
    const session = await this.tickets.claim(hello.from, hello.ticket, TICKET_GRACE_MS);
    if (!session) {
      link.send(errorReply(hello, 'BAD_TICKET', 'this ticket is not valid for you here'));
      return link.close();
    }
    link.send(replyTo(hello, { type: 'welcome', session, username: this.me }));
    await this.begin(session, hello.from, link);
  }

  /** Both ends of a handshake meet here: register the session and confirm it to the tracker. */
  private async begin(id: string, username: string, link: DirectLink): Promise<void> {
    const session: Session = { id, with: username, link, files: [], messagesSent: 0, ending: false };
    this.sessions.set(id, session);
    this.current = session;
    link.on('message', (message) => this.onSessionMessage(session, message));
    link.on('data', (xfer, bytes) => this.features.forEach((f) => f.sessionData?.(session, xfer, bytes)));
    link.on('closed', ({ clean }) => void this.linkClosed(session, clean));
    const ok = await this.tracker.request({ type: 'session_started', session: id });
    if (ok.type !== 'ok') return this.trackerProblem(ok);
    this.out.emit('session_started', { session: id, with: username }, `── session with ${username} started: type to chat, /close ${username} to end it`);
    for (const feature of this.features) feature.sessionStarted?.(session);
  }

  private say(session: Session | undefined, text: string, name?: string): void {
    if (!session) return this.problem('NO_SUCH_SESSION', name ? `no session with ${name}: /connect ${name} first` : 'no session yet: /connect NAME first');
    if (Buffer.byteLength(text) > MAX_CHAT_TEXT) return this.problem('BAD_COMMAND', `a message is at most ${MAX_CHAT_TEXT} bytes`);
    for (const feature of this.features) feature.chatSent?.(session, text);
    session.link.send({ type: 'chat', text });
    session.messagesSent += 1;
  }

  private onSessionMessage(session: Session, message: PeerToPeerMessage): void {
    if (message.type === 'chat') {
      for (const feature of this.features) feature.chatReceived?.(session, message.text);
      this.out.emit('message', { session: session.id, from: session.with, text: message.text }, `[${session.with}] ${message.text}`);
    } else if (message.type === 'bye') {
      session.ending = true;
      session.link.close();
    } else if (message.type === 'ping') {
      session.link.send(replyTo(message, { type: 'pong' }));
    } else if (message.type === 'hello' || message.type === 'welcome' || message.type === 'get') {
      session.link.send(errorReply(message, 'WRONG_STATE', `${message.type} is not allowed in an open session`));
    } else {
      const handler = this.features.map((f) => f.sessionMessages?.[message.type]).find(Boolean) as ((s: ChatSession, m: PeerToPeerMessage) => void) | undefined;
      handler?.(session, message);
    }
  }

  private async close(session: Session | undefined, name: string): Promise<void> {
    if (!session) return this.problem('NO_SUCH_SESSION', name ? `no session with ${name}` : 'no session to close');
    session.ending = true;
    session.link.send({ type: 'bye', reason: 'closed' });
    session.link.close();
    await this.report(session, 'closed');
  }

  /** Our close_session: the tracker ends the session (if it still runs) and logs our counts. */
  private async report(session: Session, reason: 'closed' | 'lost'): Promise<void> {
    this.forget(session);
    const reply = await this.tracker.request({ type: 'close_session', session: session.id, messages_sent: session.messagesSent, files: session.files.slice(0, 20), ...(reason === 'lost' ? { reason } : {}) });
    if (reply.type !== 'ok') return this.trackerProblem(reply);
    this.out.emit('session_ended', { session: session.id, reason, by: this.me }, `── session with ${session.with} ended (${reason})`);
  }

  private async linkClosed(session: Session, clean: boolean): Promise<void> {
    if (session.ending || clean || this.quitting || !this.sessions.has(session.id)) return;
    await this.report(session, 'lost'); // the direct connection broke without a bye
  }

  private forget(session: Session): void {
    this.sessions.delete(session.id);
    if (this.current === session) this.current = [...this.sessions.values()].at(-1);
    for (const feature of this.features) feature.sessionEnded?.(session);
  }

  private onPush(message: Push): void {
    if (message.type === 'presence') {
      const change = message.event;
      this.out.emit('presence', { change, username: message.username }, `${change === 'joined' ? '●' : '○'} ${message.username} ${change}`);
    } else if (message.type === 'incoming') {
      this.tickets.expect(message.ticket, message.from, message.session, message.expires_in_ms);
    } else if (message.type === 'session_ended') {
      const session = this.sessions.get(message.session);
      if (!session) return;
      session.ending = true;
      session.link.close();
      this.out.emit('session_ended', { session: message.session, reason: message.reason, ...(message.by ? { by: message.by } : {}) }, `── session with ${session.with} ended (${message.reason}${message.by ? ` by ${message.by}` : ''})`);
      this.forget(session);
      // The tracker ended it; still send our side of the story for its log.
      void this.tracker.request({ type: 'close_session', session: session.id, messages_sent: session.messagesSent, files: session.files.slice(0, 20) });
    } else if (message.type === 'error') {
      this.problem(message.code, message.message);
    }
  }

  private trackerProblem(reply: TrackerToPeerMessage): void {
    if (reply.type === 'error') this.problem((reply as TrackerError).code, reply.message);
    else this.problem('INTERNAL', `unexpected reply ${reply.type}`);
  }

  private problem(code: ErrorCode, message: string): void {
    this.out.emit('error', { code, message }, `✗ ${message}`);
  }
}


function wait(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
