// One end of a JSON-lines connection for scripted parties: anything can be written (valid messages,
// broken ones, raw bytes), and what comes back is read as JSON lines, awaited with a deadline so a test
// never hangs. A line that is not JSON is kept as {type: '(not JSON)', line}.
import { connect, type Socket } from 'node:net';

export type Msg = Record<string, unknown>;

export class JsonLines {
  readonly received: Msg[] = [];
  closed = false;
  private buffered = '';
  private nextId = 1;
  private waiters: Array<() => void> = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString('utf8');
      const lines = this.buffered.split('\n');
      this.buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.received.push(parse(line));
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static dial(port: number, host = '127.0.0.1'): Promise<JsonLines> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new JsonLines(socket)));
      socket.once('error', reject);
    });
  }

  send(message: Msg): void {
    this.socket.write(`${JSON.stringify(message)}\n`);
  }

  /** Bytes exactly as given: a line that breaks the protocol, or the bytes of a data frame. */
  sendRaw(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** The first unread message matching `match` (consumed), or an error after `ms`. */
  async next(match: (m: Msg) => boolean = () => true, ms = 5_000): Promise<Msg> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.received.findIndex(match);
      if (index !== -1) return this.received.splice(index, 1)[0] as Msg;
      if (this.closed) throw new Error(`closed before the expected message; got ${JSON.stringify(this.received)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no expected message within ${ms} ms; got ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** A request with a fresh id, and its reply. */
  request(message: Msg, ms = 5_000): Promise<Msg> {
    const id = this.nextId++;
    this.send({ ...message, id });
    return this.next((m) => m.id === id, ms);
  }

  /** Resolves when the other side has closed the connection, or rejects after `ms`. */
  async whenClosed(ms = 5_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`still open after ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

export const ofType = (type: string) => (m: Msg) => m.type === type;

function parse(line: string): Msg {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Msg) : { type: '(not JSON)', line };
  } catch {
    return { type: '(not JSON)', line };
  }
}
