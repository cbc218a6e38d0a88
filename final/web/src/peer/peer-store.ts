// Everything the page shows, derived from what its peer process sends: the events the terminal peer
// prints, the connections and lines seen on the wire, and the transfers. Views read it and are told
// which part changed.
import type { LabNeed } from '../../../shared/lab-need.ts';
import type { ConnectionInfo, PeerEvent, PeerSnapshot, ToPage, TransferInfo, WireEntry } from '../../../shared/peer-page-messages.ts';
import { withNeed } from '../common/needs-banner.ts';
import { applyRoomEvent, roomOfTab, roomTab, type RoomState } from './room-state.ts';

export type Part = 'login' | 'roster' | 'sessions' | 'files' | 'downloads' | 'wire' | 'connections' | 'history' | 'needs' | 'rooms';

export interface RosterEntry {
  username: string;
  since: string;
  busy: boolean;
}

export type TimelineItem =
  | { kind: 'chat'; from: string; text: string; at: number; mine: boolean }
  | { kind: 'notice'; text: string; at: number }
  | { kind: 'file'; key: string; at: number };

export interface ChatSession {
  id: string;
  with: string;
  me: string;
  open: boolean;
  startedAt: number;
  endedAt?: number;
  ended?: string;
  timeline: TimelineItem[];
  /** Lab 06: through the relay, sealed end to end. */
  relayed: boolean;
  /** Lab 05: the transcript of earlier sessions with this user, from the local history. */
  earlier: Array<{ from: string; text: string; at: string }>;
  unread: number;
}

export interface Download {
  name: string;
  attempts: Array<{ from: string; ok: boolean; reason?: string }>;
  savedAs?: string;
  sha256?: string;
  error?: string;
  startedAt: number;
}

export interface SharedFileRow {
  name: string;
  size: number;
  sha256: string;
}

export interface SearchResult {
  names: string[];
  files: Array<{ name: string; holders?: Array<{ username: string; size: number; sha256: string }>; error?: string }>;
}

export interface LoginState {
  phase: 'login' | 'in';
  waiting: boolean;
  me?: string;
  tracker: string;
  trackerState?: string;
  /** attemptsLeft: failed logins this username may still make before the tracker locks it (Lab 02). */
  authError?: { code: string; message: string; until?: number; attemptsLeft?: number };
  note?: string;
}

const WIRE_KEPT = 300;

export class PeerStore {
  login: LoginState = { phase: 'login', waiting: false, tracker: '' };
  listening = '';
  historyAvailable = false;
  maxUploadBytes = 0;
  present = false;
  roster = new Map<string, RosterEntry>();
  sessions = new Map<string, ChatSession>();
  selected: string | undefined;
  /** A /connect the user asked for: its session is shown when it starts. */
  connecting: string | undefined;
  transfers = new Map<string, TransferInfo>();
  myFiles: SharedFileRow[] = [];
  sharedFolder: string | null = null;
  search: SearchResult | undefined;
  downloads = new Map<string, Download>();
  trackerHistory: unknown[] | undefined;
  connections = new Map<string, ConnectionInfo>();
  wire = new Map<string, WireEntry[]>();
  /** Unfinished lab steps the peer process met (only ever on a student's labs). */
  needs: LabNeed[] = [];
  /** Lab 06: the rooms this peer is or was in, by code. */
  rooms = new Map<string, RoomState>();
  /** A room the user asked to create or join: its tab is shown when it comes. */
  enteringRoom = false;
  /** Sessions that went through the relay (session_relayed comes before session_started). */
  private readonly relayedSessions = new Set<string>();

  private readonly dirty = new Set<Part>();
  private scheduled = false;

  constructor(
    private readonly render: (parts: Set<Part>) => void,
    private readonly notify: (text: string) => void,
  ) {}

  receive(message: ToPage): void {
    if (message.kind === 'snapshot') this.reset(message.snapshot);
    else if (message.kind === 'event') this.apply(message.event, true);
    else if (message.kind === 'wire') this.addWire(message.entries);
    else if (message.kind === 'connection') this.setConnection(message.connection);
    else if (message.kind === 'transfer') this.setTransfer(message.transfer);
  }

  session(id: string | undefined): ChatSession | undefined {
    return id === undefined ? undefined : this.sessions.get(id);
  }

  /** The open session with a user, if any (the newest). */
  openSessionWith(username: string): ChatSession | undefined {
    return [...this.sessions.values()].reverse().find((s) => s.open && s.with === username);
  }

  select(id: string | undefined): void {
    this.selected = id;
    const session = this.session(id);
    if (session) session.unread = 0;
    const room = this.rooms.get(roomOfTab(id) ?? '');
    if (room) room.unread = 0;
    this.touch('sessions', 'history', 'rooms');
  }

  touch(...parts: Part[]): void {
    for (const part of parts) this.dirty.add(part);
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      const parts = new Set(this.dirty);
      this.dirty.clear();
      this.render(parts);
    });
  }

  private reset(snapshot: PeerSnapshot): void {
    const tracker = snapshot.tracker;
    Object.assign(this, {
      login: { phase: 'login', waiting: false, tracker },
      listening: snapshot.listening,
      historyAvailable: snapshot.history,
      maxUploadBytes: snapshot.maxUploadBytes,
      present: snapshot.present,
      roster: new Map(),
      sessions: new Map(),
      selected: undefined,
      transfers: new Map(),
      myFiles: [],
      search: undefined,
      downloads: new Map(),
      trackerHistory: undefined,
      connections: new Map(),
      wire: new Map(),
      needs: [],
      rooms: new Map(),
    });
    this.relayedSessions.clear();
    for (const connection of snapshot.connections) this.connections.set(connection.id, connection);
    this.addWire(snapshot.wire);
    for (const transfer of snapshot.transfers) this.transfers.set(keyOf(transfer), transfer);
    for (const event of snapshot.events) this.apply(event, false);
    this.touch('login', 'roster', 'sessions', 'files', 'downloads', 'wire', 'connections', 'history', 'needs', 'rooms');
  }

  /** One event; `live` is false while catching up, so old errors do not pop up again. */
  private apply(event: PeerEvent, live: boolean): void {
    const f = event as Record<string, unknown>;
    const text = (key: string) => (typeof f[key] === 'string' ? (f[key] as string) : '');
    const room = applyRoomEvent(this.rooms, event.event, f, this.login.me ?? '');
    if (room) return this.roomChanged(room, event.event);
    switch (event.event) {
      case 'session_relayed': {
        this.relayedSessions.add(text('session'));
        const session = this.sessions.get(text('session'));
        if (session) session.relayed = true;
        return this.touch('sessions');
      }
      case 'cycle':
        for (const session of this.sessions.values()) this.end(session, 'you left');
        for (const room of this.rooms.values()) room.open = false;
        this.roster.clear();
        this.login = { phase: 'login', waiting: true, tracker: this.login.tracker };
        return this.touch('login', 'roster', 'sessions');
      case 'tracker_state':
        this.login.trackerState = text('state');
        return this.touch('login');
      case 'auth_error': {
        const retry = typeof f.retry_after_ms === 'number' ? f.retry_after_ms : undefined;
        const left = typeof f.attempts_left === 'number' ? f.attempts_left : undefined;
        this.login.authError = { code: text('code'), message: text('message'), ...(retry === undefined ? {} : { until: Date.now() + retry }), ...(left === undefined ? {} : { attemptsLeft: left }) };
        this.login.waiting = false;
        return this.touch('login');
      }
      case 'logged_in':
        this.login = { phase: 'in', waiting: false, me: text('username'), tracker: this.login.tracker };
        return this.touch('login', 'sessions');
      case 'cycle_ended':
        this.login.phase = 'login';
        this.login.waiting = false;
        this.login.me = undefined;
        this.login.note = endNote(text('how'), this.login.tracker);
        for (const session of this.sessions.values()) this.end(session, 'you left');
        for (const room of this.rooms.values()) room.open = false;
        this.roster.clear();
        return this.touch('login', 'roster', 'sessions', 'rooms');
      case 'roster':
        this.roster = new Map((Array.isArray(f.users) ? (f.users as RosterEntry[]) : []).map((user) => [user.username, user]));
        return this.touch('roster');
      case 'presence':
        if (text('change') === 'joined') this.roster.set(text('username'), { username: text('username'), since: new Date().toISOString(), busy: false });
        else this.roster.delete(text('username'));
        return this.touch('roster');
      case 'session_started':
        return this.started(text('session'), text('with'));
      case 'message':
        return this.said(text('session'), text('from'), text('text'), false);
      case 'chat_sent':
        return this.said(text('session'), this.login.me ?? 'me', text('text'), true);
      case 'session_ended': {
        const session = this.sessions.get(text('session'));
        if (session) this.end(session, endedHow(text('reason'), text('by'), session.me));
        return this.touch('sessions', 'history');
      }
      case 'chat_history': {
        const session = this.openSessionWith(text('with'));
        if (session && Array.isArray(f.messages)) session.earlier = f.messages as ChatSession['earlier'];
        return this.touch('sessions');
      }
      case 'history':
        this.trackerHistory = Array.isArray(f.sessions) ? f.sessions : [];
        return this.touch('history');
      case 'my_files':
        this.myFiles = Array.isArray(f.files) ? (f.files as SharedFileRow[]) : [];
        this.sharedFolder = typeof f.folder === 'string' ? f.folder : null;
        return this.touch('files');
      case 'search_result':
        this.search = { names: Array.isArray(f.names) ? (f.names as string[]) : [], files: Array.isArray(f.files) ? (f.files as SearchResult['files']) : [] };
        return this.touch('files');
      case 'download_attempt': {
        const download = this.download(text('name'));
        download.attempts.push({ from: text('from'), ok: f.ok === true, ...(typeof f.reason === 'string' ? { reason: f.reason } : {}) });
        // A failover is the moment to see: say it where the eye is, not only in the downloads list.
        if (live && f.ok !== true) this.notify(`${text('name')} from ${text('from')} failed (${text('reason') || 'failed'}): the next holder, if any, is tried`);
        return this.touch('downloads');
      }
      case 'file_received': {
        const download = this.downloads.get(text('name'));
        if (download && !download.savedAs) Object.assign(download, { savedAs: text('path'), sha256: text('sha256') });
        return this.touch('downloads', 'sessions');
      }
      case 'error':
        return this.problem(text('code'), text('message'), text('name'), live);
      case 'lab_needed': {
        const { event: _, ...need } = f;
        this.needs = withNeed(this.needs, need as LabNeed);
        return this.touch('needs');
      }
      default:
        return;
    }
  }

  private started(id: string, username: string): void {
    const me = this.login.me ?? '';
    this.sessions.set(id, { id, with: username, me, open: true, startedAt: Date.now(), timeline: [], relayed: this.relayedSessions.has(id), earlier: [], unread: 0 });
    // Show it when we asked for it, or when nothing else is on screen.
    const current = this.session(this.selected);
    if (this.connecting === username || !current || !current.open) {
      this.connecting = undefined;
      this.select(id);
    } else {
      const session = this.sessions.get(id);
      if (session) session.unread = 1;
    }
    for (const transfer of this.transfers.values()) if (transfer.session === id) this.placeTransfer(transfer);
    this.touch('sessions', 'history');
  }

  private roomChanged(room: RoomState, event: string): void {
    const tab = roomTab(room.code);
    if (event === 'room_joined' && (this.enteringRoom || !this.selected)) {
      this.enteringRoom = false;
      this.select(tab);
    } else if (event === 'room_message' && this.selected !== tab) room.unread += 1;
    this.touch('rooms', 'sessions');
  }

  private said(id: string, from: string, text: string, mine: boolean): void {
    const session = this.sessions.get(id);
    if (!session) return;
    session.timeline.push({ kind: 'chat', from, text, at: Date.now(), mine });
    if (this.selected !== id && !mine) session.unread += 1;
    this.touch('sessions');
  }

  private end(session: ChatSession, how: string): void {
    if (!session.open) return;
    session.open = false;
    session.endedAt = Date.now();
    session.ended = how;
    session.timeline.push({ kind: 'notice', text: `Session ended: ${how}`, at: Date.now() });
  }

  private problem(code: string, message: string, name: string, live: boolean): void {
    // A tracker that cannot be reached, or is lost, is said on the login card, not in a notice.
    const onLoginCard = code === 'TRACKER_LOST' || (this.login.phase === 'login' && code === 'CONNECT_FAILED');
    if (this.login.phase === 'login' && onLoginCard) {
      this.login.note = message;
      this.login.waiting = false;
      this.touch('login');
    }
    const download = name ? this.downloads.get(name) : undefined;
    if (download && !download.savedAs) {
      download.error = message;
      this.touch('downloads');
    }
    if (this.connecting && ['NO_SUCH_USER', 'USER_OFFLINE', 'CONNECT_FAILED', 'AT_CAPACITY', 'BAD_TICKET', 'SELF_LOOKUP'].includes(code)) {
      this.connecting = undefined;
      this.touch('roster');
    }
    if (['NO_SUCH_ROOM', 'ROOM_FULL', 'TOO_MANY_ROOMS', 'TOO_MANY_ATTEMPTS'].includes(code)) this.enteringRoom = false;
    if (live && message && !onLoginCard) this.notify(message);
  }

  // (The peer reports the saved file before the attempt that saved it.)
  private download(name: string): Download {
    let download = this.downloads.get(name);
    if (!download) {
      download = { name, attempts: [], startedAt: Date.now() };
      this.downloads.set(name, download);
    }
    return download;
  }

  /** The page asked for these downloads: show them at once, before the first attempt reports. */
  startDownloads(names: string[]): void {
    for (const name of names) {
      this.downloads.delete(name);
      this.downloads.set(name, { name, attempts: [], startedAt: Date.now() });
    }
    this.touch('downloads');
  }

  private setTransfer(transfer: TransferInfo): void {
    this.transfers.set(keyOf(transfer), transfer);
    this.placeTransfer(transfer);
    this.touch(transfer.kind === 'session' ? 'sessions' : 'downloads');
  }

  /** A session's transfer appears in its timeline where it was first seen. */
  private placeTransfer(transfer: TransferInfo): void {
    const session = this.session(transfer.session);
    const key = keyOf(transfer);
    if (!session || transfer.kind !== 'session' || session.timeline.some((item) => item.kind === 'file' && item.key === key)) return;
    session.timeline.push({ kind: 'file', key, at: Date.now() });
    if (this.selected !== session.id) session.unread += 1;
  }

  private setConnection(connection: ConnectionInfo): void {
    this.connections.set(connection.id, connection);
    // The store keeps what the process keeps: the newest closed connections.
    const closed = [...this.connections.values()].filter((c) => !c.open);
    for (const old of closed.slice(0, Math.max(0, closed.length - 20))) {
      this.connections.delete(old.id);
      this.wire.delete(old.id);
    }
    this.touch('connections');
  }

  private addWire(entries: WireEntry[]): void {
    for (const entry of entries) {
      const list = this.wire.get(entry.conn) ?? [];
      // A growing data entry comes again with its seq: replace it where it is.
      const at = list.findLastIndex((old) => old.seq === entry.seq);
      if (at >= 0) list[at] = entry;
      else list.push(entry);
      if (list.length > WIRE_KEPT) list.splice(0, list.length - WIRE_KEPT);
      this.wire.set(entry.conn, list);
    }
    this.touch('wire');
  }
}

export function keyOf(transfer: Pick<TransferInfo, 'conn' | 'xfer'>): string {
  return `${transfer.conn}/${transfer.xfer}`;
}

function endedHow(reason: string, by: string, me: string): string {
  const who = by === me ? 'you' : by;
  if (reason === 'closed') return who ? `closed by ${who}` : 'closed';
  if (reason === 'disconnected') return who ? `${who} left` : 'disconnected';
  if (reason === 'lost') return who ? `connection to ${who === 'you' ? 'you' : who} lost` : 'connection lost';
  if (reason === 'interrupted') return 'the tracker restarted';
  return reason || 'ended';
}

function endNote(how: string, tracker: string): string | undefined {
  if (how === 'quit') return 'You left. Log in again whenever you like.';
  if (how === 'lost') return `The tracker at ${tracker} closed the connection. Log in to connect again.`;
  if (how === 'unreachable') return `Cannot reach the tracker at ${tracker}. Is it running?`;
  if (how === 'unfinished') return 'Your labs cannot take this peer further yet: see the steps above.';
  return undefined;
}
