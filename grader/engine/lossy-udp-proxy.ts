// A UDP relay on 127.0.0.1 that misbehaves on purpose, the way a real network may: it drops datagrams,
// delivers some twice, holds some back so that later ones overtake them, and flips a byte in others.
// A reliable transfer works through all of it; one that trusts UDP does not. Every choice comes from
// the seeded Random, one stream per direction, and the n-th datagram of a direction always gets the
// same fate for the same seed, so a failure can be replayed.
import dgram from 'node:dgram';
import type { DatagramFate, RelayWay } from './relayed-datagrams.ts';
import { createRandom, type Random } from './seeded-random.ts';

/** What happens to the datagrams of one direction; every rate is a probability from 0 to 1. */
export interface DatagramFaults {
  /** Lost: never forwarded. */
  drop?: number;
  /** Forwarded twice. */
  duplicate?: number;
  /** Held back until 1 to 3 later datagrams of the same direction have passed (or 30 ms went by). */
  reorder?: number;
  /** One byte flipped at a random position (so the CRC no longer matches). */
  corrupt?: number;
  /** After this many datagrams came in, every later one is dropped: the path goes dead. */
  cutAfter?: number;
}

export interface LossyUdpProxyOptions {
  /** Where datagrams from clients go (the receiver). */
  target: { host: string; port: number };
  /** client → target (sender → receiver) */
  upstream?: DatagramFaults;
  /** target → client (receiver → sender) */
  downstream?: DatagramFaults;
  random: Random;
  /** Called after each datagram is handled, so whoever waits on the proxy's stats can look again. */
  onActivity?: () => void;
  /** Each datagram as it came in (before any byte was flipped), with what the relay did to it. */
  onDatagram?: (way: RelayWay, datagram: Buffer, fates: DatagramFate[]) => void;
}

export interface DatagramStats {
  received: number;
  /** Datagrams sent on, duplicates and released ones included. */
  forwarded: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  corrupted: number;
  /** Dropped because of cutAfter. */
  cut: number;
}

export interface LossyUdpProxyStats {
  clients: number;
  up: DatagramStats;
  down: DatagramStats;
}

export interface LossyUdpProxy {
  readonly host: string;
  /** Clients send here instead of to the target. */
  readonly port: number;
  stats(): LossyUdpProxyStats;
  /** Closes every socket and forgets held datagrams. Always resolves, within about a second. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_HOLD_MS = 30;
const MAX_HOLD_BEHIND = 3;
// Each client gets its own socket towards the target; a few are plenty for a check.
const MAX_CLIENTS = 16;
const CLOSE_TIMEOUT_MS = 1000;
const MAX_SEED = 0x7fffffff;

export async function startLossyUdpProxy(options: LossyUdpProxyOptions): Promise<LossyUdpProxy> {
  const upFaults = validateFaults(options.upstream ?? {}, 'upstream');
  const downFaults = validateFaults(options.downstream ?? {}, 'downstream');
  // One stream per direction, drawn now: the fates of one direction do not depend on the other's timing.
  const upRandom = createRandom(options.random.int(0, MAX_SEED));
  const downRandom = createRandom(options.random.int(0, MAX_SEED));
  const stats: LossyUdpProxyStats = { clients: 0, up: emptyStats(), down: emptyStats() };
  const sockets = new Set<dgram.Socket>();
  const clients = new Map<string, dgram.Socket>();
  let closed = false;

  const { socket: front, bound } = openSocket(sockets);
  await bound;
  const upstream = new FaultyPath(upFaults, upRandom, stats.up, () => closed, options, 'up');
  const downstream = new FaultyPath(downFaults, downRandom, stats.down, () => closed, options, 'down');

  front.on('message', (datagram, client) => {
    if (closed) return;
    const key = `${client.address}:${client.port}`;
    let back = clients.get(key);
    if (!back) {
      if (clients.size >= MAX_CLIENTS) return;
      back = openSocket(sockets).socket;
      clients.set(key, back);
      stats.clients += 1;
      back.on('message', (reply, from) => {
        if (from.port !== options.target.port) return; // only the target's answers go back
        downstream.pass(reply, (bytes) => front.send(bytes, client.port, client.address));
      });
    }
    const towardsTarget = back;
    upstream.pass(datagram, (bytes) => towardsTarget.send(bytes, options.target.port, options.target.host));
  });

  const port = front.address().port;
  let closing: Promise<void> | undefined;
  return {
    host: HOST,
    port,
    stats: () => ({ clients: stats.clients, up: { ...stats.up }, down: { ...stats.down } }),
    close() {
      closing ??= (async () => {
        closed = true;
        upstream.forget();
        downstream.forget();
        const all = [...sockets].map((socket) => new Promise<void>((resolve) => {
          try {
            socket.close(() => resolve());
          } catch {
            resolve(); // already closed
          }
        }));
        let timer: NodeJS.Timeout | undefined;
        const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
        await Promise.race([Promise.all(all), giveUp]);
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}

/** "412 in: 37 dropped, 21 duplicated, 19 reordered, 20 corrupted, 0 cut" for one direction. */
export function describeDatagramStats(stats: DatagramStats): string {
  const { received, dropped, duplicated, reordered, corrupted, cut } = stats;
  return `${received} in: ${dropped} dropped, ${duplicated} duplicated, ${reordered} reordered, ${corrupted} corrupted${cut > 0 ? `, ${cut} cut off` : ''}`;
}

/** The faults of one direction, applied one datagram at a time. */
class FaultyPath {
  private readonly held = new Set<HeldDatagram>();

  constructor(
    private readonly faults: DatagramFaults,
    private readonly random: Random,
    private readonly stats: DatagramStats,
    private readonly isClosed: () => boolean,
    private readonly listeners: Pick<LossyUdpProxyOptions, 'onActivity' | 'onDatagram'>,
    private readonly way: RelayWay,
  ) {}

  pass(datagram: Buffer, forward: (bytes: Buffer) => void): void {
    this.stats.received += 1;
    // Every datagram draws the same numbers whatever happens to it, so the n-th fate depends only on n.
    const fate = {
      drop: this.random.chance(this.faults.drop ?? 0),
      corrupt: this.random.chance(this.faults.corrupt ?? 0),
      corruptAt: this.random.next(),
      corruptMask: this.random.int(1, 255),
      duplicate: this.random.chance(this.faults.duplicate ?? 0),
      reorder: this.random.chance(this.faults.reorder ?? 0),
      holdBehind: this.random.int(1, MAX_HOLD_BEHIND),
    };
    const send = (bytes: Buffer) => {
      if (this.isClosed()) return;
      this.stats.forwarded += 1;
      forward(bytes);
    };
    const fates: DatagramFate[] = [];
    if (this.faults.cutAfter !== undefined && this.stats.received > this.faults.cutAfter) {
      this.stats.cut += 1;
      fates.push('cut off');
    } else if (fate.drop) {
      this.stats.dropped += 1;
      fates.push('dropped');
    } else {
      let bytes = datagram;
      if (fate.corrupt && bytes.length > 0) {
        bytes = Buffer.from(bytes);
        const at = Math.floor(fate.corruptAt * bytes.length);
        bytes[at] = (bytes[at] ?? 0) ^ fate.corruptMask;
        this.stats.corrupted += 1;
        fates.push('corrupted');
      }
      if (fate.duplicate) {
        this.stats.duplicated += 1;
        fates.push('duplicated');
        send(bytes);
      }
      // Held datagrams count the ones that overtake them; this one may release some.
      this.releaseOvertaken(send);
      if (fate.reorder) {
        this.stats.reordered += 1;
        fates.push('held back');
        this.hold(bytes, fate.holdBehind, send);
      } else {
        send(bytes);
      }
    }
    this.listeners.onDatagram?.(this.way, datagram, fates);
    this.listeners.onActivity?.();
  }

  /** Drops every held datagram (the proxy is closing). */
  forget(): void {
    for (const held of this.held) clearTimeout(held.timer);
    this.held.clear();
  }

  private hold(bytes: Buffer, behind: number, send: (bytes: Buffer) => void): void {
    const held: HeldDatagram = {
      bytes,
      behind,
      timer: setTimeout(() => this.release(held, send), MAX_HOLD_MS),
    };
    this.held.add(held);
  }

  private releaseOvertaken(send: (bytes: Buffer) => void): void {
    for (const held of [...this.held]) {
      held.behind -= 1;
      if (held.behind <= 0) this.release(held, send);
    }
  }

  private release(held: HeldDatagram, send: (bytes: Buffer) => void): void {
    if (!this.held.delete(held)) return;
    clearTimeout(held.timer);
    send(held.bytes);
    this.listeners.onActivity?.();
  }
}

interface HeldDatagram {
  bytes: Buffer;
  /** How many more datagrams must pass before this one goes. */
  behind: number;
  timer: NodeJS.Timeout;
}

/** A socket on 127.0.0.1 and an ephemeral port; sends made before the bind completes are queued by Node. */
function openSocket(sockets: Set<dgram.Socket>): { socket: dgram.Socket; bound: Promise<void> } {
  const socket = dgram.createSocket('udp4');
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  const bound = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, HOST, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', ignore); // a send to a port nobody listens on: the datagram is simply lost
  bound.catch(ignore); // only the front socket's bind is awaited; a back socket that fails just stays silent
  return { socket, bound };
}

function validateFaults(faults: DatagramFaults, direction: string): DatagramFaults {
  for (const key of ['drop', 'duplicate', 'reorder', 'corrupt'] as const) {
    const rate = faults[key];
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError(`${direction}.${key} must be a probability from 0 to 1, got ${rate}`);
  }
  if (faults.cutAfter !== undefined && !(Number.isInteger(faults.cutAfter) && faults.cutAfter >= 0)) {
    throw new RangeError(`${direction}.cutAfter must be a whole number, got ${faults.cutAfter}`);
  }
  return { ...faults };
}

function emptyStats(): DatagramStats {
  return { received: 0, forwarded: 0, dropped: 0, duplicated: 0, reordered: 0, corrupted: 0, cut: 0 };
}

function ignore(): void {}
