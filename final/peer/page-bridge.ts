// Between the page and the peer: every event the peer prints goes to the open pages (and to this
// process's own output, as the terminal peer would print it), with what the wire shows about
// connections and transfers; every action from a page becomes a terminal peer command. A page that
// (re)connects first gets everything so far, so a reload loses nothing. Unfinished lab steps the
// process meets go to the pages as lab_needed events.
import type net from 'node:net';
import type { WebSocket } from 'ws';
import type { EmitArgs, Output } from '#kit/cli/output.ts';
import type { PeerOptions } from '#kit/programs/peer-command.ts';
import { readSharedFolder } from '#labs/04-file-transfer/shared-folder.ts';
import { lab05 } from '../lab05-plug.ts';
import type { FinalPeerEvents } from '../program-events.ts';
import type { FromPage, PeerEvent, PeerSnapshot, ToPage } from '../shared/peer-page-messages.ts';
import { LiveClients } from '../ui-server/live-clients.ts';
import type { NeedBoard } from '../unfinished-labs/need-board.ts';
import type { ConnectionBook } from './connection-book.ts';
import { LoginCycle } from './login-cycle.ts';
import { chatCommand, checkFileNames, checkLogin, checkRoomCode, checkUsername, pickCommand, roomGetCommand, roomNewCommand, roomSayCommand, type Checked } from './page-actions.ts';
import type { SocketTap } from './socket-tap.ts';
import type { TransferBook } from './transfer-book.ts';
import type { UploadFolder } from './upload-folder.ts';

// Events kept for pages that connect later; older ones go first (a class session fits easily).
const EVENTS_KEPT = 5_000;
// Events of which only the latest matters to a page that catches up.
const LATEST_ONLY = new Set(['roster', 'my_files', 'search_result', 'tracker_state', 'prompt']);
const ROSTER_REFRESH_MS = 150;
const QUIT_WAIT_MS = 3_000;

export interface BridgeParts {
  options: PeerOptions;
  /** Our address for direct connections. */
  listenHost: string;
  listenPort: number;
  tap: SocketTap;
  connections: ConnectionBook;
  transfers: TransferBook;
  uploads: UploadFolder;
  /** Unfinished lab steps this process met. */
  needs: NeedBoard;
  /** This process's own output (its terminal or log). */
  out: Output<FinalPeerEvents>;
  /** Presentation mode (--present). */
  present: boolean;
}

export class PageBridge {
  private readonly pages: LiveClients<ToPage, FromPage>;
  private events: PeerEvent[] = [];
  private cycle: LoginCycle | undefined;
  private running: Promise<void> = Promise.resolve();
  private rosterTimer: NodeJS.Timeout | undefined;

  constructor(private readonly parts: BridgeParts) {
    this.pages = new LiveClients((message) => this.act(message));
    parts.connections.on('connection', (connection) => this.pages.broadcast({ kind: 'connection', connection }));
    parts.connections.on('entries', (entries) => this.pages.broadcast({ kind: 'wire', entries }));
    parts.transfers.on('transfer', (transfer) => this.pages.broadcast({ kind: 'transfer', transfer }));
    // The peer prints nothing for chat it sends; the wire shows exactly what went out.
    parts.connections.on('line', (conn, dir, fields) => {
      if (conn.kind === 'session' && dir === 'out' && fields.type === 'chat') this.record({ event: 'chat_sent', session: conn.session ?? '', with: conn.peer, text: fields.text });
    });
    for (const need of parts.needs.list()) this.record({ event: 'lab_needed', ...need });
    parts.needs.on('need', (need) => this.record({ event: 'lab_needed', ...need }));
  }

  addPage(socket: WebSocket): void {
    this.pages.add(socket, { kind: 'snapshot', snapshot: this.snapshot() });
  }

  /** A direct connection arrived on our listening port. */
  accept(socket: net.Socket): void {
    if (this.cycle) this.cycle.accept(socket);
    else socket.destroy();
  }

  /** Ctrl+C: leave as /quit would, waiting a little for the tracker's ok. */
  async stop(): Promise<void> {
    clearTimeout(this.rosterTimer);
    this.cycle?.leave();
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, QUIT_WAIT_MS).unref())]);
  }

  private snapshot(): PeerSnapshot {
    const { host, port } = this.parts.options.tracker;
    return {
      tracker: `${host}:${port}`,
      listening: `${this.parts.listenHost}:${this.parts.listenPort}`,
      history: lab05.available,
      maxUploadBytes: this.parts.uploads.maxBytes,
      present: this.parts.present,
      events: this.events,
      connections: this.parts.connections.list(),
      wire: this.parts.connections.allEntries(),
      transfers: this.parts.transfers.list(),
    };
  }

  private act(message: FromPage): void {
    switch (message.action) {
      case 'login':
        return this.login(message);
      case 'connect':
        return this.withName(message.to, (name) => `/connect ${name}`);
      case 'close':
        return this.withName(message.with, (name) => `/close ${name}`);
      case 'chat': {
        const line = chatCommand(message.to, message.text);
        return line.ok ? this.command(line.value) : this.problem(line.message);
      }
      case 'send': {
        const path = typeof message.upload === 'string' ? this.parts.uploads.pathOf(message.upload) : undefined;
        if (!path) return this.problem('that upload is not here any more: choose the file again');
        return this.withName(message.to, (name) => `/send ${name} ${path}`);
      }
      case 'get': {
        const names = checkFileNames(message.names);
        return names.ok ? this.command(`/get ${names.value.join(', ')}`) : this.problem(names.message);
      }
      case 'search':
        return void this.search(message.names);
      case 'share':
        return this.command('/share');
      case 'list':
        return this.command('/list');
      case 'history':
        return lab05.available ? this.command('/history') : this.problem('the tracker\'s session history arrives with Lab 05');
      case 'quit':
        return this.cycle?.leave();
      case 'room_new':
        return this.checked(roomNewCommand(message.topic));
      case 'room_join':
        return this.checked(checkRoomCode(message.code), (code) => `/room join ${code}`);
      case 'room_say':
        return this.checked(roomSayCommand(message.code, message.text));
      case 'room_leave':
        return this.checked(checkRoomCode(message.code), (code) => `/room leave ${code}`);
      case 'room_get':
        return this.checked(roomGetCommand(message.code, message.name));
      case 'pick':
        return this.checked(pickCommand(message.n, message.udp));
      default:
        return this.problem('unknown action');
    }
  }

  private login(message: Extract<FromPage, { action: 'login' }>): void {
    const checked = checkLogin(message);
    if (!checked.ok) return this.problem(checked.message);
    const { mode, username, password } = checked.value;
    if (this.cycle?.loggedIn) return this.problem('already logged in: disconnect first');
    if (this.cycle?.login(mode, username, password)) return;
    // No tracker connection yet, or one that cannot take these answers: start a fresh one.
    this.cycle?.leave();
    const cycle: LoginCycle = new LoginCycle({
      options: this.parts.options,
      listenPort: this.parts.listenPort,
      tap: this.parts.tap,
      needs: this.parts.needs,
      emit: (event, fields) => {
        if (this.cycle === cycle) this.fromPeer(event, fields);
      },
    });
    this.cycle = cycle;
    this.record({ event: 'cycle' });
    cycle.login(mode, username, password);
    this.running = cycle.run().then((how) => {
      if (this.cycle !== cycle) return;
      this.cycle = undefined;
      this.record({ event: 'cycle_ended', how });
    });
  }

  private async search(names: unknown): Promise<void> {
    const checked = checkFileNames(names);
    if (!checked.ok) return this.problem(checked.message);
    const found = this.cycle ? await this.cycle.search(checked.value) : 'log in first';
    if (typeof found === 'string') return this.problem(found);
    this.record({ event: 'search_result', names: checked.value, files: found });
  }

  /** An event of the peer (the app, the login flow, the cycle). */
  private fromPeer(event: string, fields: Record<string, unknown>): void {
    if (event === 'transfer') return; // progress is followed on the wire (TransferBook)
    if (event === 'file_received' && typeof fields.sha256 === 'string' && typeof fields.size === 'number' && typeof fields.path === 'string') {
      this.parts.transfers.saved(fields.sha256, fields.size, fields.path);
    }
    this.record({ ...fields, event });
    if (event === 'logged_in' || event === 'shared') void this.showMyFiles();
    if (['logged_in', 'presence', 'session_started', 'session_ended'].includes(event)) this.refreshRoster();
  }

  // The roster's busy marks change with sessions, which no push announces: ask again.
  private refreshRoster(): void {
    clearTimeout(this.rosterTimer);
    this.rosterTimer = setTimeout(() => {
      if (this.cycle?.loggedIn) this.cycle.command('/list');
    }, ROSTER_REFRESH_MS);
  }

  private async showMyFiles(): Promise<void> {
    const files = await readSharedFolder(this.parts.options.shared).catch((error: unknown) => {
      if (!this.parts.needs.reportError(error, 'your shared files')) throw error;
      return [];
    });
    this.record({ event: 'my_files', folder: this.parts.options.shared ?? null, files: files.map(({ name, size, sha256 }) => ({ name, size, sha256 })) });
  }

  private withName(value: unknown, line: (name: string) => string): void {
    const name = checkUsername(value);
    if (name.ok) this.command(line(name.value));
    else this.problem(name.message);
  }

  private checked(line: Checked<string>, make: (value: string) => string = (value) => value): void {
    if (line.ok) this.command(make(line.value));
    else this.problem(line.message);
  }

  private command(line: string): void {
    if (this.cycle?.loggedIn) this.cycle.command(line);
    else this.problem('log in first');
  }

  private problem(message: string): void {
    this.record({ event: 'error', code: 'BAD_COMMAND', message });
  }

  private record(event: PeerEvent): void {
    if (LATEST_ONLY.has(event.event)) this.events = this.events.filter((old) => old.event !== event.event);
    this.events.push(event);
    if (this.events.length > EVENTS_KEPT) this.events.splice(0, this.events.length - EVENTS_KEPT);
    this.pages.broadcast({ kind: 'event', event });
    const { event: name, ...fields } = event;
    // PeerEvent is untyped (it crosses to the page); the events recorded are those of FinalPeerEvents.
    if (name !== 'prompt' && name !== 'my_files') this.parts.out.emit(...([name, fields] as unknown as EmitArgs<FinalPeerEvents>));
  }
}
