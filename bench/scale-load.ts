// One load generator of bench/tracker-scale.ts (several run at once: bench/scale-fleet.ts), in its own
// process so its work shares neither the tracker's event loop nor the probe's, and so that the peers
// are not limited by one process's open-file limit. It holds one TCP connection per simulated peer and
// obeys one JSON command per stdin line, answering one JSON event per stdout line:
//   {"cmd":"grow","to":N,"batch":B,"offset":I,"stride":K}
//        register users uI, uI+K, uI+2K … below N until all of this process's share is online
//   {"cmd":"watch","name":"mark1"}   time the arrival of that user's presence on every connection held
//   {"cmd":"marker","name":"mark1"}  register that user (its presence is what the watchers time)
// A connection that closes after its welcome is reported at once, with what the tracker said last:
//   {"event":"dropped","username":…,"error":…,"last":…}  (a benchmark must not measure a shrinking crowd)
// Times are absolute (performance.timeOrigin + now, milliseconds) so several processes can be merged.
// It exits when stdin closes, so it never outlives the benchmark that started it.
//   node --import tsx bench/scale-load.ts --port PORT
import net from 'node:net';
import { createInterface } from 'node:readline';
import { BENCH_PASSWORD as PASSWORD } from './tracker-probe.ts';

const HOST = '127.0.0.1';
const STEP_TIMEOUT_MS = 120_000;
/** Bytes of the last data kept per connection, to say what the tracker sent before a drop. */
const KEPT_TAIL = 200;
const portIndex = process.argv.indexOf('--port');
const port = Number(process.argv[portIndex + 1]);
if (portIndex === -1 || !Number.isInteger(port)) throw new Error('usage: scale-load.ts --port PORT');

/** One simulated peer: a socket, and what it waits to see in the stream. */
interface Conn {
  username: string;
  socket: net.Socket;
  /** The end of the data so far: patterns split across chunks are found, and a drop says what came last. */
  tail: Buffer;
  /** Called with each chunk (tail included) while someone waits on this connection. */
  onChunk?: (data: Buffer) => void;
}

const conns: Conn[] = [];
const have = new Set<number>();
/** Lines received on every connection so far (each "\n" byte): what the tracker delivered. */
let linesReceived = 0;
let stopping = false;
const send = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const now = () => performance.timeOrigin + performance.now();
const nameOf = (index: number) => `u${String(index).padStart(6, '0')}`;

function open(username: string): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const conn: Conn = { username, socket: net.connect(port, HOST), tail: Buffer.alloc(0) };
    const welcome = Buffer.from('"type":"welcome"');
    const error = Buffer.from('"type":"error"');
    let welcomed = false;
    let lastError: string | undefined;
    const timer = setTimeout(() => reject(new Error(`${username}: no welcome within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
    conn.onChunk = (data) => {
      if (data.includes(welcome)) {
        clearTimeout(timer);
        welcomed = true;
        delete conn.onChunk;
        resolve(conn);
      } else if (data.includes(error)) {
        clearTimeout(timer);
        reject(new Error(`${username}: ${data.toString().trim().split('\n').pop() ?? ''}`));
      }
    };
    conn.socket.on('data', (chunk: Buffer) => {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) linesReceived += 1;
      const data = conn.tail.length > 0 ? Buffer.concat([conn.tail, chunk]) : chunk;
      conn.tail = data.subarray(Math.max(0, data.length - KEPT_TAIL));
      conn.onChunk?.(data); // pushes nobody waits for are read and dropped
    });
    conn.socket.on('error', (e: NodeJS.ErrnoException) => {
      lastError = e.code ?? e.message;
      if (!welcomed) reject(e);
    });
    conn.socket.on('close', () => {
      if (!welcomed || stopping) return;
      const last = conn.tail.toString().trim().split('\n').pop() ?? '';
      send({ event: 'dropped', username, at: now(), error: lastError ?? null, last });
    });
    conn.socket.write(`${JSON.stringify({ type: 'register', username, password: PASSWORD, port: 7000 })}\n`);
  });
}

async function grow(to: number, batch: number, offset: number, stride: number): Promise<void> {
  const began = performance.now();
  const wanted: number[] = [];
  for (let index = offset; index < to; index += stride) if (!have.has(index)) wanted.push(index);
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const index = wanted[next++] as number;
      have.add(index);
      conns.push(await open(nameOf(index)));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(batch, wanted.length)) }, worker));
  send({ event: 'grown', online: conns.length, added: wanted.length, ms: performance.now() - began, lines: linesReceived });
}

/** Arms every held connection to note when `name`'s presence arrives; reports once all have it. */
function watch(name: string): void {
  const pattern = Buffer.from(`"username":"${name}"`);
  const arrivals: number[] = [];
  const held = conns.length;
  const timer = setTimeout(() => send({ event: 'failed', message: `presence of ${name}: ${arrivals.length}/${held} arrived within ${STEP_TIMEOUT_MS} ms` }), STEP_TIMEOUT_MS);
  const done = () => {
    clearTimeout(timer);
    send({ event: 'arrivals', name, times: arrivals, lines: linesReceived });
  };
  for (const conn of conns) {
    conn.tail = Buffer.alloc(0);
    conn.onChunk = (data) => {
      if (!data.includes(pattern)) return;
      delete conn.onChunk;
      arrivals.push(now());
      if (arrivals.length === held) done();
    };
  }
  send({ event: 'watching', name, held });
  if (held === 0) done();
}

async function marker(name: string): Promise<void> {
  const began = now();
  const mark = await open(name);
  send({ event: 'marked', name, began, loginMs: now() - began });
  conns.push(mark);
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const command = JSON.parse(line) as { cmd: string; to?: number; batch?: number; offset?: number; stride?: number; name?: string };
  if (command.cmd === 'watch') return watch(command.name ?? 'marker');
  const done = command.cmd === 'grow' ? grow(command.to ?? 0, command.batch ?? 100, command.offset ?? 0, command.stride ?? 1) : marker(command.name ?? 'marker');
  done.catch((error: unknown) => send({ event: 'failed', message: String(error) }));
});
commands.on('close', () => {
  stopping = true;
  for (const conn of conns) conn.socket.destroy();
  process.exit(0);
});
send({ event: 'ready' });
