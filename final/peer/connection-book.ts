// The connections this peer has, named from what they carry, and the lines seen on each for the
// protocol inspector: "tracker 127.0.0.1:9876", "chat with bob", "download of notes.txt from carol".
// A connection's kind shows in its first line (hello: a session; get: a download); the other peer's
// name comes from the handshake or from the tracker's replies that gave out its address. A connection
// to Lab 06's relay shows its one line each way and then only how many sealed bytes went by; the
// session inside it is a connection of its own, marked as relayed and sealed.
import { EventEmitter } from 'node:events';
import type { Frame } from '#kit/peer/frames.ts';
import type { ConnectionInfo, Direction, WireEntry } from '../shared/peer-page-messages.ts';
import { SEALED } from './relay-framing.ts';
import type { SocketTap, TappedSocket } from './socket-tap.ts';

// Enough to scroll back through a conversation, bounded so a long run keeps a steady footprint.
const ENTRIES_PER_CONNECTION = 300;
const CLOSED_CONNECTIONS_KEPT = 20;
const SHOWN_TEXT = 2_000;
const FLUSH_EVERY_MS = 100;
const SESSIONS_NAMED = 200;

type Fields = Record<string, unknown>;

interface Tracked {
  info: ConnectionInfo;
  entries: WireEntry[];
  seq: number;
  /** The data entry still growing, per direction, and the transfer it belongs to. */
  growing: Partial<Record<Direction, { entry: WireEntry; xfer: unknown }>>;
}

export interface ConnectionBookEvents {
  connection: [ConnectionInfo];
  /** New or grown entries, at most every FLUSH_EVERY_MS. */
  entries: [WireEntry[]];
  /** A line that parsed as a JSON object, after the connection was named from it. */
  line: [ConnectionInfo, Direction, Fields];
  /** Raw bytes of a data frame. */
  bytes: [ConnectionInfo, Direction, string, number];
  closed: [ConnectionInfo];
}

export class ConnectionBook extends EventEmitter<ConnectionBookEvents> {
  private readonly connections = new Map<string, Tracked>();
  /** Usernames by HOST:PORT, learnt from the tracker's peer_info and holders replies. */
  private readonly names = new Map<string, string>();
  /** The other user of each session, learnt from the tracker (for naming relay connections). */
  private readonly sessionPeers = new Map<string, string>();
  private pending: WireEntry[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(tap: SocketTap) {
    super();
    tap.on('opened', (socket) => this.opened(socket));
    tap.on('frame', (socket, dir, frame) => this.frame(socket, dir, frame));
    tap.on('closed', (socket) => this.closed(socket));
  }

  list(): ConnectionInfo[] {
    return [...this.connections.values()].map((tracked) => tracked.info);
  }

  allEntries(): WireEntry[] {
    return [...this.connections.values()].flatMap((tracked) => tracked.entries);
  }

  private opened(socket: TappedSocket): void {
    const tracker = socket.origin === 'tracker';
    const sealed = socket.origin === 'sealed';
    const info: ConnectionInfo = {
      id: socket.id,
      kind: tracker ? 'tracker' : 'direct',
      label: tracker ? `tracker ${socket.remote}` : sealed ? `sealed, through the relay` : `${socket.origin === 'accepted' ? 'from' : 'to'} ${socket.remote}`,
      peer: tracker ? 'tracker' : (this.names.get(socket.remote) ?? socket.remote),
      remote: socket.remote,
      ...(sealed ? { relayed: true } : {}),
      open: true,
      openedAt: Date.now(),
    };
    this.connections.set(socket.id, { info, entries: [], seq: 0, growing: {} });
    this.emit('connection', info);
  }

  private frame(socket: TappedSocket, dir: Direction, frame: Frame): void {
    const tracked = this.connections.get(socket.id);
    if (!tracked) return;
    if (frame.kind === 'data' && frame.xfer === SEALED) return this.record(tracked, dir, 'sealed records: all the relay sees of the session', { type: 'sealed', xfer: SEALED, len: frame.bytes.length });
    if (frame.kind === 'data') return void this.emit('bytes', tracked.info, dir, frame.xfer, frame.bytes.length);
    if (frame.text.trim() === '') return;
    const fields = parseObject(frame.text);
    if (fields) this.learn(tracked, socket, dir, fields);
    this.record(tracked, dir, frame.text, fields);
    if (fields) this.emit('line', tracked.info, dir, fields);
  }

  private closed(socket: TappedSocket): void {
    const tracked = this.connections.get(socket.id);
    if (!tracked) return;
    tracked.info = { ...tracked.info, open: false };
    this.emit('connection', tracked.info);
    this.emit('closed', tracked.info);
    const closed = [...this.connections.values()].filter((t) => !t.info.open);
    for (const old of closed.slice(0, Math.max(0, closed.length - CLOSED_CONNECTIONS_KEPT))) this.connections.delete(old.info.id);
  }

  /** Names the connection from its handshake, and remembers who listens where. */
  private learn(tracked: Tracked, socket: TappedSocket, dir: Direction, fields: Fields): void {
    const { type } = fields;
    if (tracked.info.kind === 'tracker' && dir === 'in') {
      if (type === 'peer_info') this.remember(fields.host, fields.port, fields.username);
      if (type === 'peer_info' || type === 'relay_incoming') this.rememberSession(fields.session, type === 'peer_info' ? fields.username : fields.from);
      if (type === 'holders' && Array.isArray(fields.files)) {
        for (const file of fields.files as Fields[]) for (const holder of (Array.isArray(file.holders) ? file.holders : []) as Fields[]) this.remember(holder.host, holder.port, holder.username);
      }
      return;
    }
    const info = tracked.info;
    const named = (change: Partial<ConnectionInfo>) => {
      tracked.info = { ...info, ...change };
      this.emit('connection', tracked.info);
    };
    const relayed = info.relayed ? ' · through the relay, sealed' : '';
    if (info.kind === 'direct' && type === 'relay_join') {
      named({ kind: 'relay', peer: 'relay', label: `relay ${socket.remote}` });
    } else if (info.kind === 'relay' && type === 'relay_paired' && typeof fields.session === 'string') {
      const other = this.sessionPeers.get(fields.session);
      named({ session: fields.session, label: `relay ${socket.remote}${other ? `: sealed chat with ${other}` : ''}` });
    } else if (info.kind === 'direct' && type === 'hello') {
      const peer = dir === 'in' && typeof fields.from === 'string' ? fields.from : info.peer;
      named({ kind: 'session', peer, label: `chat with ${peer}${relayed}` });
    } else if (info.kind === 'direct' && type === 'get') {
      const file = typeof fields.name === 'string' ? fields.name : 'a file';
      named(dir === 'out' ? { kind: 'download', label: `download of ${file} from ${info.peer}` } : { kind: 'upload', label: `upload of ${file} to ${socket.remote}` });
    } else if (info.kind === 'session' && type === 'welcome' && typeof fields.session === 'string') {
      const peer = dir === 'in' && typeof fields.username === 'string' ? fields.username : info.peer;
      named({ session: fields.session, peer, label: `chat with ${peer}${relayed}` });
    }
  }

  private rememberSession(session: unknown, username: unknown): void {
    if (typeof session !== 'string' || typeof username !== 'string') return;
    this.sessionPeers.set(session, username);
    if (this.sessionPeers.size > SESSIONS_NAMED) this.sessionPeers.delete(this.sessionPeers.keys().next().value as string);
  }

  private remember(host: unknown, port: unknown, username: unknown): void {
    if (typeof host === 'string' && typeof port === 'number' && typeof username === 'string') this.names.set(`${host}:${port}`, username);
  }

  private record(tracked: Tracked, dir: Direction, text: string, fields: Fields | undefined): void {
    const type = typeof fields?.type === 'string' ? fields.type : '(not JSON)';
    const growing = tracked.growing[dir];
    const grows = type === 'data' || type === 'sealed';
    if (grows && growing && growing.xfer === fields?.xfer) {
      const { entry } = growing;
      entry.frames = (entry.frames ?? 1) + 1;
      entry.bytes = (entry.bytes ?? 0) + (typeof fields?.len === 'number' ? fields.len : 0);
      entry.at = Date.now();
      return this.queue(entry);
    }
    const entry: WireEntry = { conn: tracked.info.id, seq: ++tracked.seq, at: Date.now(), dir, type, text: shown(text, fields) };
    if (grows) Object.assign(entry, { frames: 1, bytes: typeof fields?.len === 'number' ? fields.len : 0 });
    tracked.growing[dir] = grows ? { entry, xfer: fields?.xfer } : undefined;
    tracked.entries.push(entry);
    if (tracked.entries.length > ENTRIES_PER_CONNECTION) tracked.entries.splice(0, tracked.entries.length - ENTRIES_PER_CONNECTION);
    this.queue(entry);
  }

  private queue(entry: WireEntry): void {
    if (!this.pending.includes(entry)) this.pending.push(entry);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch = this.pending.map((e) => ({ ...e }));
      this.pending = [];
      this.emit('entries', batch);
    }, FLUSH_EVERY_MS);
  }
}

function parseObject(text: string): Fields | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
  } catch {
    return undefined;
  }
}

/** The line as the inspector shows it: passwords masked, very long lines shortened. */
function shown(text: string, fields: Fields | undefined): string {
  const masked = fields && typeof fields.password === 'string' ? JSON.stringify({ ...fields, password: '••••••••' }) : text;
  return masked.length > SHOWN_TEXT ? `${masked.slice(0, SHOWN_TEXT)}… (${masked.length} characters)` : masked;
}
