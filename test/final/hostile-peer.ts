// "mallory": a peer played by the test on raw sockets, so it can send what no reference peer would:
// markup in every free-text field, lines that break the protocol, reasons that are not codes. It logs
// in to the real tracker like any peer, calls others with real tickets, answers their dials with
// whatever the test says, and reports its sessions to the tracker.
import { createServer, type Server, type Socket } from 'node:net';
import { JsonLines, ofType, type Msg } from '../json-lines.ts';

const PASSWORD = 'mallory password';

export interface DirectSession {
  link: JsonLines;
  session: string;
}

export class HostilePeer {
  /** What mallory does with a connection another peer opened to it, given its first message. */
  onDial: (link: JsonLines, first: Msg) => void = (link) => link.close();
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly username: string,
    readonly tracker: JsonLines,
    private readonly server: Server,
  ) {}

  static async register(trackerPort: number, username: string): Promise<HostilePeer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const tracker = await JsonLines.dial(trackerPort);
    const peer = new HostilePeer(username, tracker, server);
    server.on('connection', (socket) => peer.accepted(socket));
    await tracker.next(ofType('hello'));
    const welcome = await tracker.request({ type: 'register', username, password: PASSWORD, port });
    if (welcome.type !== 'welcome') throw new Error(`${username} could not register: ${JSON.stringify(welcome)}`);
    return peer;
  }

  /** A session with `username` the way the protocol opens one: lookup, hello with the ticket, session_started. */
  async call(username: string): Promise<DirectSession> {
    const info = await this.tracker.request({ type: 'lookup', username });
    if (info.type !== 'peer_info') throw new Error(`lookup ${username}: ${JSON.stringify(info)}`);
    const link = await JsonLines.dial(info.port as number, info.host as string);
    this.sockets.add(link.socket);
    link.send({ type: 'hello', from: this.username, ticket: info.ticket });
    const welcome = await link.next();
    if (welcome.type !== 'welcome') throw new Error(`${username} did not welcome ${this.username}: ${JSON.stringify(welcome)}`);
    const session = info.session as string;
    await this.expectOk({ type: 'session_started', session });
    return { link, session };
  }

  /** Tells the tracker how the session went, whatever the truth (the tracker logs it as reported). */
  closeSession(session: string, messagesSent: number, files: Msg[]): Promise<void> {
    return this.expectOk({ type: 'close_session', session, messages_sent: messagesSent, files });
  }

  async share(files: Msg[]): Promise<void> {
    const reply = await this.tracker.request({ type: 'share', files });
    if (reply.type !== 'shared') throw new Error(`share: ${JSON.stringify(reply)}`);
  }

  async stop(): Promise<void> {
    this.tracker.close();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accepted(socket: Socket): void {
    this.sockets.add(socket);
    const link = new JsonLines(socket);
    link.next(() => true, 10_000).then(
      (first) => this.onDial(link, first),
      () => link.close(),
    );
  }

  private async expectOk(message: Msg): Promise<void> {
    const reply = await this.tracker.request(message);
    if (reply.type !== 'ok') throw new Error(`${String(message.type)}: ${JSON.stringify(reply)}`);
  }
}
