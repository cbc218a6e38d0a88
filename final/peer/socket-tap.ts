// Sees every byte this peer sends and receives on its TCP connections, for the protocol inspector,
// without changing the code that owns the sockets: Node announces each client socket it creates on a
// diagnostics channel (the tracker connection, every dial), and accepted sockets are handed to watch()
// by whoever accepts them. Each direction is cut into frames with Lab 04's frame reader (the student's,
// in the student edition: until it is written, the inspector shows no lines and says what it needs).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { Frame } from '#kit/peer/frames.ts';
import { FrameReader } from '#labs/04-file-transfer/frame-reader.ts';
import type { Direction } from '../shared/peer-page-messages.ts';
import type { NeedBoard } from '../unfinished-labs/need-board.ts';

export type SocketOrigin = 'tracker' | 'dialled' | 'accepted';

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

  constructor(private readonly needs: NeedBoard) {
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

  /** Starts watching a connected socket. */
  watch(socket: Socket, origin: SocketOrigin): void {
    const tapped: TappedSocket = { id: `c${this.nextId++}`, origin, remote: `${(socket.remoteAddress ?? '?').replace(/^::ffff:/, '')}:${socket.remotePort ?? '?'}` };
    const readers = { in: new FrameReader(), out: new FrameReader() };
    const unreadable = { in: false, out: false };
    const feed = (dir: Direction, chunk: unknown) => {
      if (unreadable[dir]) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : undefined;
      if (!bytes) return;
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
  }
}
