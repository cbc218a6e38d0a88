// A TCP proxy that sits between two parties and misbehaves on purpose, the way real networks may:
// it cuts a stream into small pieces, glues pieces together, holds them back, or drops the connection
// after a number of bytes. A program that treats TCP as a byte stream works through all of it; one
// that assumes "one write = one read" does not. Bytes are never reordered, changed or lost (except
// after a deliberate cut), and FIN and reset travel from one side to the other.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRandom, type Random } from './seeded-random.ts';

/** What to do to the bytes flowing in one direction. Options combine in this order: delay, join, cut, split. */
export interface FaultPlan {
  /** Forward every chunk as pieces of random length in [min, max], one write each, pauseMs (default 1) apart. */
  split?: { min: number; max: number; pauseMs?: number };
  /** Gather everything that arrives within windowMs of the first byte and forward it as one write. */
  join?: { windowMs: number };
  /** Hold every chunk this long after it arrives (order preserved). */
  delayMs?: number;
  /** After forwarding exactly this many bytes in this direction, cut the connection (both sides). */
  cutAfterBytes?: number;
  /** How to cut: FIN to both parties (default) or a reset (RST) to both. */
  cutWith?: 'fin' | 'reset';
}

export interface FaultProxyOptions {
  target: { host: string; port: number };
  /** client → target */
  upstream?: FaultPlan;
  /** target → client */
  downstream?: FaultPlan;
  random: Random;
  /** Address to listen on; default 127.0.0.1. The port is always chosen by the system. */
  listenHost?: string;
}

export interface DirectionStats {
  /** 'data' events read from the sender. */
  chunksIn: number;
  /** Separate writes made to the receiver. */
  writesOut: number;
  /** Bytes forwarded to the receiver. */
  bytes: number;
}

export interface FaultProxyStats {
  connections: number;
  up: DirectionStats;
  down: DirectionStats;
}

export interface FaultProxy {
  readonly port: number;
  readonly host: string;
  stats(): FaultProxyStats;
  /** Destroys every connection and the server. Always resolves, within about a second at most. */
  close(): Promise<void>;
}

const DEFAULT_SPLIT_PAUSE_MS = 1;
// Stop reading a sender that is far ahead of what we forward (e.g. 1-byte pieces of a big file).
const QUEUE_HIGH_WATER_BYTES = 1024 * 1024;
const QUEUE_LOW_WATER_BYTES = 256 * 1024;
const CLOSE_TIMEOUT_MS = 1000;
const RESET_GRACE_MS = 20;
const MAX_SEED = 0x7fffffff;

/** Starts listening; rejects only for an invalid plan or when the listen address cannot be used. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstreamPlan = validatePlan(options.upstream ?? {}, 'upstream');
  const downstreamPlan = validatePlan(options.downstream ?? {}, 'downstream');
  const stats: FaultProxyStats = { connections: 0, up: emptyStats(), down: emptyStats() };
  const connections = new Set<ProxiedConnection>();
  let closing: Promise<void> | undefined;

  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    if (closing) {
      client.on('error', ignore);
      client.destroy();
      return;
    }
    stats.connections += 1;
    const connection = new ProxiedConnection({
      client,
      target: options.target,
      upstreamPlan,
      downstreamPlan,
      // One stream per connection and direction: the pieces of one direction do not depend on
      // how the two directions' chunks happen to interleave in time.
      upstreamRandom: createRandom(options.random.int(0, MAX_SEED)),
      downstreamRandom: createRandom(options.random.int(0, MAX_SEED)),
      stats,
      onFinished: () => connections.delete(connection),
    });
    connections.add(connection);
  });

  const host = options.listenHost ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', ignore);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    host,
    port,
    stats: () => ({ connections: stats.connections, up: { ...stats.up }, down: { ...stats.down } }),
    close() {
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const connection of connections) connection.destroy();
        const giveUp = new AbortController();
        const timeout = sleep(CLOSE_TIMEOUT_MS, undefined, { ref: false, signal: giveUp.signal }).catch(ignore);
        await Promise.race([serverClosed, timeout]);
        giveUp.abort();
      })();
      return closing;
    },
  };
}

interface ConnectionOptions {
  client: net.Socket;
  target: { host: string; port: number };
  upstreamPlan: FaultPlan;
  downstreamPlan: FaultPlan;
  upstreamRandom: Random;
  downstreamRandom: Random;
  stats: FaultProxyStats;
  onFinished: () => void;
}

/** One client connection and its own connection to the target. */
class ProxiedConnection {
  private readonly client: net.Socket;
  private readonly upstream: net.Socket;
  // Aborted when forwarding must stop: a cut, a reset, the end of the connection, or close().
  private readonly teardown = new AbortController();
  private resetTimer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(options: ConnectionOptions) {
    const { client, target, stats } = options;
    this.client = client;
    this.upstream = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });

    for (const socket of [this.client, this.upstream]) {
      // Pieces must leave as soon as they are written, not wait for Nagle to merge them.
      socket.setNoDelay(true);
      // A reset or any failure on one side resets the other (the socket that failed is already destroyed).
      socket.on('error', () => this.cut('reset'));
      socket.on('close', () => {
        if (this.client.destroyed && this.upstream.destroyed && !this.finished) {
          this.finish();
          options.onFinished();
        }
      });
    }

    const cut = (how: 'fin' | 'reset'): void => this.cut(how);
    const signal = this.teardown.signal;
    new DirectionPump({ source: this.client, destination: this.upstream, plan: options.upstreamPlan,
      random: options.upstreamRandom, stats: stats.up, signal, cut });
    new DirectionPump({ source: this.upstream, destination: this.client, plan: options.downstreamPlan,
      random: options.downstreamRandom, stats: stats.down, signal, cut });

    // "Cut after 0 bytes" means the connection drops as soon as it exists.
    const cutAtOnce = [options.upstreamPlan, options.downstreamPlan].find((plan) => plan.cutAfterBytes === 0);
    if (cutAtOnce) this.upstream.once('connect', () => cut(cutAtOnce.cutWith ?? 'fin'));
  }

  destroy(): void {
    this.finish();
    this.client.destroy();
    this.upstream.destroy();
  }

  private finish(): void {
    this.finished = true;
    clearTimeout(this.resetTimer);
    this.teardown.abort();
  }

  /** A deliberate cut, or a reset passed on from one side to the other. */
  private cut(how: 'fin' | 'reset'): void {
    const firstCut = !this.teardown.signal.aborted;
    this.teardown.abort(); // nothing more is forwarded in either direction
    // Keep reading (and discarding) so a sender blocked on a full window is not stuck.
    for (const socket of [this.client, this.upstream]) socket.resume();
    if (how === 'reset') this.scheduleReset();
    else if (firstCut) for (const socket of [this.client, this.upstream]) endQuietly(socket);
  }

  private scheduleReset(): void {
    if (this.resetTimer !== undefined || this.finished) return;
    // A receiver that still has unread bytes when the RST lands sees a plain end instead of
    // ECONNRESET (libuv reports the hang-up as EOF), so give it a moment to read the last bytes.
    this.resetTimer = setTimeout(() => {
      resetQuietly(this.client);
      resetQuietly(this.upstream);
    }, RESET_GRACE_MS);
  }
}

interface PumpOptions {
  source: net.Socket;
  destination: net.Socket;
  plan: FaultPlan;
  random: Random;
  stats: DirectionStats;
  signal: AbortSignal;
  cut: (how: 'fin' | 'reset') => void;
}

interface QueuedChunk {
  data: Buffer;
  releaseAt: number;
}

/** Moves bytes from one socket to the other, one chunk at a time and in order, applying the plan. */
class DirectionPump {
  private readonly queue: QueuedChunk[] = [];
  private queuedBytes = 0;
  private pausedByUs = false;
  private sourceEnded = false;
  private forwardedBytes = 0;
  private wake: (() => void) | undefined;
  private readonly options: PumpOptions;

  constructor(options: PumpOptions) {
    this.options = options;
    const { source, signal } = options;
    source.on('data', (chunk: Buffer) => this.accept(chunk));
    source.on('end', () => {
      this.sourceEnded = true;
      this.wakeUp();
    });
    signal.addEventListener('abort', () => this.wakeUp(), { once: true });
    this.run().catch(ignore);
  }

  private accept(chunk: Buffer): void {
    const { source, signal, stats, plan } = this.options;
    if (signal.aborted) return; // after a cut, whatever still arrives is dropped
    stats.chunksIn += 1;
    this.queue.push({ data: chunk, releaseAt: performance.now() + (plan.delayMs ?? 0) });
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > QUEUE_HIGH_WATER_BYTES && !this.pausedByUs) {
      this.pausedByUs = true;
      source.pause();
    }
    this.wakeUp();
  }

  // Throws (AbortError or a write error) when forwarding must stop; run()'s caller ignores that.
  private async run(): Promise<void> {
    const { plan, signal, destination } = this.options;
    for (;;) {
      const first = await this.nextChunk();
      if (first === undefined) break;
      await waitUntil(first.releaseAt, signal);
      const batch = [first.data];
      if (plan.join) {
        await sleep(plan.join.windowMs, undefined, { signal });
        batch.push(...this.takeReleased());
      }
      await this.forward(batch.length === 1 ? first.data : Buffer.concat(batch));
    }
    // The sender half-closed and every byte it sent has been written: pass the FIN on.
    if (!signal.aborted) endQuietly(destination);
  }

  /** The next chunk in order, or undefined once the sender has ended and nothing is left. */
  private async nextChunk(): Promise<QueuedChunk | undefined> {
    const { signal } = this.options;
    for (;;) {
      signal.throwIfAborted();
      const chunk = this.take();
      if (chunk) return chunk;
      if (this.sourceEnded) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private takeReleased(): Buffer[] {
    const taken: Buffer[] = [];
    while (this.queue[0] && this.queue[0].releaseAt <= performance.now()) {
      const chunk = this.take();
      if (chunk) taken.push(chunk.data);
    }
    return taken;
  }

  private take(): QueuedChunk | undefined {
    const chunk = this.queue.shift();
    if (!chunk) return undefined;
    this.queuedBytes -= chunk.data.length;
    if (this.pausedByUs && this.queuedBytes < QUEUE_LOW_WATER_BYTES) {
      this.pausedByUs = false;
      this.options.source.resume();
    }
    return chunk;
  }

  private async forward(data: Buffer): Promise<void> {
    const { plan, signal } = this.options;
    const budget = plan.cutAfterBytes;
    const allowed = budget === undefined ? data : data.subarray(0, budget - this.forwardedBytes);
    for (const piece of this.cutIntoPieces(allowed)) {
      await this.write(piece);
      // The pause lets the receiver read each piece on its own instead of several at once.
      if (plan.split) await sleep(plan.split.pauseMs ?? DEFAULT_SPLIT_PAUSE_MS, undefined, { signal });
    }
    if (budget !== undefined && this.forwardedBytes >= budget) this.options.cut(plan.cutWith ?? 'fin');
  }

  private cutIntoPieces(data: Buffer): Buffer[] {
    const { split } = this.options.plan;
    if (data.length === 0) return [];
    if (!split) return [data];
    const pieces: Buffer[] = [];
    for (let offset = 0; offset < data.length; ) {
      const size = this.options.random.int(split.min, split.max);
      pieces.push(data.subarray(offset, offset + size));
      offset += size;
    }
    return pieces;
  }

  /** Resolves once the bytes are handed to the system, so pieces really leave one by one. */
  private write(piece: Buffer): Promise<void> {
    const { destination, signal, stats } = this.options;
    signal.throwIfAborted();
    if (destination.destroyed || destination.writableEnded) throw new Error('destination is gone');
    stats.writesOut += 1;
    stats.bytes += piece.length;
    this.forwardedBytes += piece.length;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      destination.write(piece, (error) => {
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Sleeps until performance.now() reaches `time` (timers may fire a little early, so it loops). */
async function waitUntil(time: number, signal: AbortSignal): Promise<void> {
  for (let remaining = time - performance.now(); remaining > 0; remaining = time - performance.now()) {
    await sleep(Math.ceil(remaining), undefined, { signal });
  }
}

function endQuietly(socket: net.Socket): void {
  if (!socket.destroyed && !socket.writableEnded) socket.end();
}

function resetQuietly(socket: net.Socket): void {
  if (socket.destroyed) return;
  try {
    // A socket still connecting has no connection to reset (and may not have a handle yet).
    if (socket.connecting) socket.destroy();
    else socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

function validatePlan(plan: FaultPlan, direction: string): FaultPlan {
  const fail = (what: string): never => {
    throw new RangeError(`fault proxy ${direction}: ${what}`);
  };
  const { split, join, delayMs, cutAfterBytes, cutWith } = plan;
  if (split) {
    if (!Number.isInteger(split.min) || !Number.isInteger(split.max) || split.min < 1 || split.max < split.min) {
      fail(`split needs integers 1 <= min <= max, got ${split.min}, ${split.max}`);
    }
    if (split.pauseMs !== undefined && !isNonNegative(split.pauseMs)) fail('split.pauseMs must be >= 0');
  }
  if (join && !isNonNegative(join.windowMs)) fail('join.windowMs must be >= 0');
  if (delayMs !== undefined && !isNonNegative(delayMs)) fail('delayMs must be >= 0');
  if (cutAfterBytes !== undefined && (!Number.isInteger(cutAfterBytes) || cutAfterBytes < 0)) {
    fail('cutAfterBytes must be an integer >= 0');
  }
  if (cutWith !== undefined && cutWith !== 'fin' && cutWith !== 'reset') fail(`unknown cutWith ${String(cutWith)}`);
  if (cutWith !== undefined && cutAfterBytes === undefined) fail('cutWith needs cutAfterBytes');
  return plan;
}

function isNonNegative(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function emptyStats(): DirectionStats {
  return { chunksIn: 0, writesOut: 0, bytes: 0 };
}

function ignore(): void {}
