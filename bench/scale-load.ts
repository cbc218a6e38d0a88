// The load generator of bench/tracker-scale.ts, run as its own process so its work does not share
// the tracker's event loop or the probe's. It holds one TCP connection per simulated peer and obeys
// one JSON command per stdin line, answering one JSON event per stdout line:
//   {"cmd":"grow","to":N,"batch":B}  register users until N are online, B registrations in flight
//   {"cmd":"marker","name":"mark1"}  register one more user and time its presence on every connection
// It exits when stdin closes, so it never outlives the benchmark that started it.
//   node --import tsx bench/scale-load.ts --port PORT
import net from 'node:net';
import { createInterface } from 'node:readline';
import { BENCH_PASSWORD as PASSWORD } from './tracker-probe.ts';

const HOST = '127.0.0.1';
const STEP_TIMEOUT_MS = 120_000;
const portIndex = process.argv.indexOf('--port');
const port = Number(process.argv[portIndex + 1]);
if (portIndex === -1 || !Number.isInteger(port)) throw new Error('usage: scale-load.ts --port PORT');

/** One simulated peer: a socket, and what it waits to see in the stream. */
interface Conn {
  socket: net.Socket;
  /** The end of the previous chunk, so a pattern split across two chunks is still found. */
  tail: Buffer;
  /** Called with each chunk (tail included) while someone waits on this connection. */
  onChunk?: (data: Buffer) => void;
}

const conns: Conn[] = [];
const send = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

function open(username: string): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const conn: Conn = { socket: net.connect(port, HOST), tail: Buffer.alloc(0) };
    const welcome = Buffer.from('"type":"welcome"');
    const error = Buffer.from('"type":"error"');
    const timer = setTimeout(() => reject(new Error(`${username}: no welcome within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
    conn.onChunk = (data) => {
      if (data.includes(welcome)) {
        clearTimeout(timer);
        delete conn.onChunk;
        resolve(conn);
      } else if (data.includes(error)) {
        clearTimeout(timer);
        reject(new Error(`${username}: ${data.toString().trim().split('\n').pop() ?? ''}`));
      }
    };
    conn.socket.on('data', (chunk: Buffer) => {
      if (!conn.onChunk) return; // pushes nobody waits for are read and dropped
      const data = conn.tail.length > 0 ? Buffer.concat([conn.tail, chunk]) : chunk;
      conn.tail = data.subarray(Math.max(0, data.length - 64));
      conn.onChunk(data);
    });
    conn.socket.on('error', (e) => reject(e));
    conn.socket.write(`${JSON.stringify({ type: 'register', username, password: PASSWORD, port: 7000 })}\n`);
  });
}

async function grow(to: number, batch: number): Promise<void> {
  const began = performance.now();
  const from = conns.length;
  let next = from;
  const worker = async () => {
    while (next < to) {
      const index = next++;
      conns.push(await open(`u${String(index).padStart(6, '0')}`));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, batch) }, worker));
  send({ event: 'grown', online: conns.length, added: to - from, ms: performance.now() - began });
}

/** Logs `name` in and times the arrival of its presence joined on every held connection. */
async function marker(name: string): Promise<void> {
  const pattern = Buffer.from(`"username":"${name}"`);
  const arrivals: number[] = [];
  let began = 0;
  const all = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`presence of ${name}: ${arrivals.length}/${conns.length} arrived within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
    for (const conn of conns) {
      conn.tail = Buffer.alloc(0);
      conn.onChunk = (data) => {
        if (!data.includes(pattern)) return;
        delete conn.onChunk;
        arrivals.push(performance.now() - began);
        if (arrivals.length === conns.length) {
          clearTimeout(timer);
          resolve();
        }
      };
    }
  });
  began = performance.now();
  const mark = await open(name);
  const loginMs = performance.now() - began;
  await all;
  conns.push(mark);
  arrivals.sort((a, b) => a - b);
  const at = (q: number) => arrivals[Math.min(arrivals.length - 1, Math.floor(q * arrivals.length))] ?? 0;
  send({ event: 'fanout', name, reached: arrivals.length, loginMs, firstMs: at(0), p50Ms: at(0.5), lastMs: at(1) });
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const command = JSON.parse(line) as { cmd: string; to?: number; batch?: number; name?: string };
  const done = command.cmd === 'grow' ? grow(command.to ?? 0, command.batch ?? 100) : marker(command.name ?? 'marker');
  done.catch((error: unknown) => send({ event: 'failed', message: String(error) }));
});
commands.on('close', () => {
  for (const conn of conns) conn.socket.destroy();
  process.exit(0);
});
send({ event: 'ready' });
