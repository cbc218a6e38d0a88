// One tracker connection of the browser peer, from "new or returning?" to /quit: Lab 02's login flow
// and Lab 03's peer (with Labs 04 to 06 plugged in), run exactly as the terminal peer runs them,
// except that the lines they read come from the page instead of a keyboard: the login form's answers,
// given as the flow asks for them, and commands such as `/to bob hi`. The labs are the references in
// the full kit and the student's own in the student edition, where a step not written yet ends the
// cycle as 'unfinished' (the page says which) and a later lab's unfinished feature only loses its part.
import type net from 'node:net';
import { PassThrough } from 'node:stream';
import type { EmitArgs, Output } from '#kit/cli/output.ts';
import { Prompter } from '#kit/cli/prompter.ts';
import type { PeerOptions } from '#kit/programs/peer-command.ts';
import type { PeerEvents } from '#kit/protocol/events.ts';
import type { HoldersEntry } from '#kit/protocol/messages.ts';
import { TrackerClient } from '#kit/tracker/tracker-client.ts';
import { LineDecoder } from '#labs/01-two-peers/line-decoder.ts';
import { logIn } from '#labs/02-tracker-auth/login-flow.ts';
import { PeerApp } from '#labs/03-roster-and-direct/peer-app.ts';
import { FrameReader } from '#labs/04-file-transfer/frame-reader.ts';
import { lab05 } from '../lab05-plug.ts';
import { lab06 } from '../lab06-plug.ts';
import type { LoginMode } from '../shared/peer-page-messages.ts';
import { guardedPeerFeatures } from '../unfinished-labs/guarded-features.ts';
import type { NeedBoard } from '../unfinished-labs/need-board.ts';
import type { SocketTap } from './socket-tap.ts';
import { tappedRelay } from './tapped-relay.ts';

/**
 * Commands read at once. The terminal peer reads one at a time, so a /send holds the next line until
 * the file is through; several readers keep chat moving meanwhile. Each line is still handled whole
 * and in the order it was typed, because a reader takes the next line only when it is free.
 */
const COMMAND_READERS = 4;

export type CycleEnd = 'quit' | 'lost' | 'unreachable' | 'gave_up' | 'unfinished';

// After each error, what Lab 02's login flow asks again (login-flow.ts, as PROTOCOL.md §9.4 says).
const ASKS_USERNAME = ['USERNAME_TAKEN', 'BAD_USERNAME', 'AUTH_FAILED', 'LOCKED', 'ALREADY_ONLINE'];
const ASKS_PASSWORD = ['BAD_PASSWORD', 'AUTH_FAILED', 'LOCKED', 'ALREADY_ONLINE'];

export interface CycleParts {
  options: PeerOptions;
  /** Our port for direct connections, announced at login. */
  listenPort: number;
  tap: SocketTap;
  /** Where unfinished lab steps met on the way are reported. */
  needs: NeedBoard;
  /** Where the cycle's events go (the page, and this process's own output). */
  emit(event: string, fields: Record<string, unknown>): void;
}

export class LoginCycle {
  readonly out: Output<PeerEvents>;
  private readonly input = new PassThrough();
  private readonly prompter: Prompter;
  private readonly answers = new Map<string, string>();
  private asked: string | undefined;
  private mode: LoginMode | undefined;
  private username: string | undefined;
  private password: string | undefined;
  private lastError: string | undefined;
  private tracker: TrackerClient | undefined;
  private app: PeerApp | undefined;
  private lost = false;

  constructor(private readonly parts: CycleParts) {
    // The app's output, as --json would print it: prompts say which answer the flow waits for.
    this.out = {
      json: true,
      emit: (...[event, fields]: EmitArgs<PeerEvents>) => {
        parts.emit(event, fields);
        if (event === 'prompt') this.prompted(fields.field);
        if (event === 'auth_error') this.lastError = fields.code;
        if (event === 'logged_in') this.answers.clear();
      },
      note: () => {},
    };
    this.prompter = new Prompter(this.input, this.out);
  }

  get loggedIn(): boolean {
    return this.app !== undefined;
  }

  /**
   * The page's login form. The flow asks again only for what was wrong (on the same connection, as the
   * protocol wants), so a form that changes what the flow will not ask again (new ↔ returning, or the
   * username after a refused password) needs a fresh connection: false says so.
   */
  login(mode: LoginMode, username: string, password: string): boolean {
    if (this.mode !== undefined && mode !== this.mode) return false;
    if (this.lastError !== undefined) {
      if (!ASKS_USERNAME.includes(this.lastError) && username !== this.username) return false;
      if (!ASKS_PASSWORD.includes(this.lastError) && password !== this.password) return false;
    }
    this.answers.set('new_or_returning', mode);
    this.answers.set('username', username);
    this.answers.set('password', password);
    if (this.asked) this.prompted(this.asked);
    return true;
  }

  /** A command line, as typed at the terminal peer. */
  command(line: string): void {
    if (this.app) this.input.write(`${line}\n`);
  }

  /** Who shares these files, straight from the tracker (the terminal peer only has /get). */
  async search(names: string[]): Promise<HoldersEntry[] | string> {
    if (!this.tracker || !this.app) return 'log in first';
    const reply = await this.tracker.request({ type: 'whohas', names });
    if (reply.type === 'holders') return reply.files;
    return reply.type === 'error' ? reply.message : `unexpected reply ${reply.type}`;
  }

  accept(socket: net.Socket): void {
    if (this.app) this.app.accept(socket);
    else socket.destroy();
  }

  /** Leaves: /quit when logged in, else just closes the tracker connection. */
  leave(): void {
    if (this.app) return this.command('/quit');
    this.input.end();
    this.tracker?.close();
  }

  async run(): Promise<CycleEnd> {
    const { host, port } = this.parts.options.tracker;
    this.parts.emit('tracker_state', { state: 'connecting', address: `${host}:${port}` });
    this.parts.tap.expectTracker();
    const { needs } = this.parts;
    let tracker: TrackerClient;
    try {
      tracker = await TrackerClient.connect(host, port, new LineDecoder());
    } catch (error) {
      if (needs.reportError(error, 'the tracker connection')) return 'unfinished';
      this.parts.emit('error', { code: 'CONNECT_FAILED', message: (error as Error).message });
      this.parts.emit('tracker_state', { state: 'unreachable', address: `${host}:${port}` });
      return 'unreachable';
    }
    this.tracker = tracker;
    tracker.on('closed', (reason) => {
      this.lost = true;
      this.parts.emit('error', { code: 'TRACKER_LOST', message: reason });
      this.input.end();
      void this.app?.quit();
    });
    this.parts.emit('tracker_state', { state: 'connected', address: `${host}:${port}` });

    const me = await logIn(tracker, this.prompter, this.out, this.parts.listenPort).catch((error: unknown) => {
      if (!needs.reportError(error, 'logging in')) throw error;
      return 'unfinished' as const;
    });
    if (!me || me === 'unfinished') {
      tracker.removeAllListeners('closed');
      tracker.close();
      return me ?? (this.lost ? 'lost' : 'gave_up');
    }
    const features = [
      ...guardedPeerFeatures(needs, 'files', () => [lab06.fileFeature()]),
      ...guardedPeerFeatures(needs, 'chat history', () => lab05.peerFeatures()),
      ...guardedPeerFeatures(needs, 'rooms and the relay', () => lab06.peerFeatures(tappedRelay(this.parts.tap))),
    ];
    let app: PeerApp | undefined;
    try {
      const running = new PeerApp({ me: me.username, options: this.parts.options, out: this.out, tracker, splitter: () => new FrameReader(), features });
      app = this.app = running;
      await running.start();
      // The first reader to stop means /quit was handled or the input ended; the others may still be
      // finishing a long command (a download): they end with the input.
      await Promise.race(Array.from({ length: COMMAND_READERS }, () => running.run(this.prompter)));
    } catch (error) {
      if (!needs.reportError(error, 'the peer once logged in')) throw error;
      this.input.end();
      await app?.quit().catch((failure: unknown) => void needs.reportError(failure, 'the peer once logged in'));
      tracker.close();
      return 'unfinished';
    }
    this.input.end();
    await app.quit();
    return this.lost ? 'lost' : 'quit';
  }

  private prompted(field: string): void {
    const answer = this.answers.get(field);
    this.asked = answer === undefined ? field : undefined;
    if (answer === undefined) return;
    this.answers.delete(field);
    if (field === 'new_or_returning') this.mode = answer as LoginMode;
    if (field === 'username') this.username = answer;
    if (field === 'password') this.password = answer;
    this.input.write(`${answer}\n`);
  }
}
