// Sees every byte this peer sends and receives on its TCP connections, for the protocol inspector,
// without changing the code that owns the sockets: Node announces each client socket it creates on a
// diagnostics channel (the tracker connection, every dial), and accepted sockets are handed to watch()
// by whoever accepts them. Each direction is cut into frames with Lab 04's frame reader (the student's,
// in the student edition: until it is written, the inspector shows no lines and says what it needs).
// A connection to Lab 06's relay carries one line each way, then sealed records nobody can read
// (relay-framing.ts); the sealed session inside it is watched too, as the peer reads and writes it.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { Frame, FrameSplitter } from '#kit/peer/frames.ts';
import { FrameReader } from '#labs/04-file-transfer/frame-reader.ts';
import type { Direction } from '../shared/peer-page-messages.ts';
import type { NeedBoard } from '../unfinished-labs/need-board.ts';
import { isRelayJoin, SealedAfterFirstLine } from './relay-framing.ts';
import { paceReading } from './watchable-pace.ts';

/** 'sealed': the plaintext inside a relayed session's sealed records (Lab 06). */
export type SocketOrigin = 'tracker' | 'dialled' | 'accepted' | 'sealed';

export interface TappedSocket {
  readonly id: string;
  readonly origin: SocketOrigin;
  /** HOST:PORT of the other end. */
  readonly remote: string;
}

export interface SocketTapEvents {
  opened: [TappedSocket];
  frame: [TappedSocket, Direction, Frame];
  closed: [TappedSocket];
}

const CLIENT_SOCKETS = 'net.client.socket';

export class SocketTap extends EventEmitter<SocketTapEvents> {
  private nextId = 1;
  private trackerIsNext = false;
  private readonly onClient = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    const origin = this.trackerIsNext ? 'tracker' : 'dialled';
    this.trackerIsNext = false;
    // Until it connects there is nothing to see, and a dial that fails is not a connection.
    socket.once('connect', () => this.watch(socket, origin));
  };

  constructor(
    private readonly needs: NeedBoard,
    /** Presentation mode: what direct connections receive comes at a pace people can watch. */
    private readonly options: { paced?: boolean } = {},
  ) {
    super();
  }

  start(): void {
    subscribe(CLIENT_SOCKETS, this.onClient);
  }

  stop(): void {
    unsubscribe(CLIENT_SOCKETS, this.onClient);
  }

  /** The next client socket created is the tracker connection (call right before connecting). */
  expectTracker(): void {
    this.trackerIsNext = true;
  }

  /** Starts watching a connected socket (or a relayed session's sealed stream, which has no address). */
  watch(socket: Socket, origin: SocketOrigin, remote = `${(socket.remoteAddress ?? '?').replace(/^::ffff:/, '')}:${socket.remotePort ?? '?'}`): void {
    const tapped: TappedSocket = { id: `c${this.nextId++}`, origin, remote };
    const readers: Record<Direction, FrameSplitter> = { in: new FrameReader(), out: new FrameReader() };
    const unreadable = { in: false, out: false };
    let first = true;
    const feed = (dir: Direction, chunk: unknown) => {
      if (unreadable[dir]) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : undefined;
      if (!bytes) return;
      // The relay answers only after relay_join: the first write tells before any byte comes in.
      if (first && dir === 'out' && isRelayJoin(bytes)) {
        readers.in = new SealedAfterFirstLine();
        readers.out = new SealedAfterFirstLine();
      }
      first = false;
      try {
        for (const frame of readers[dir].push(bytes)) this.emit('frame', tapped, dir, frame);
      } catch (error) {
        unreadable[dir] = true; // an over-long line or a bad data header: the owner deals with it
        this.needs.reportError(error, 'the protocol inspector');
      }
    };
    // Outgoing: every write, before it is queued. Incoming: every chunk as it is handed to listeners,
    // without adding a listener (that would change when the socket starts flowing).
    const write = socket.write;
    socket.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
      feed('out', chunk);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof socket.write;
    const emit = socket.emit;
    socket.emit = function (this: Socket, event: string | symbol, ...args: unknown[]) {
      if (event === 'data') feed('in', args[0]);
      return (emit as (...args: unknown[]) => boolean).call(this, event, ...args);
    } as typeof socket.emit;
    socket.once('close', () => this.emit('closed', tapped));
    this.emit('opened', tapped);
    // After the tap's own hook, so the inspector sees the bytes as the peer gets them.
    if (this.options.paced && (origin === 'dialled' || origin === 'accepted')) paceReading(socket);
  }
}
