// A minimal scripted tracker client for the hardening tests: raw writes, and the replies as parsed
// JSON lines, awaited with a deadline so no test can hang.
import { connect, type Socket } from 'node:net';

export type Msg = Record<string, unknown>;

export class LineClient {
  readonly received: Msg[] = [];
  closed = false;
  private buffered = '';
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString('utf8');
      const lines = this.buffered.split('\n');
      this.buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.received.push(JSON.parse(line) as Msg);
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static open(port: number): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new LineClient(socket)));
      socket.once('error', reject);
    });
  }

  send(message: Msg | string): void {
    this.socket.write(typeof message === 'string' ? message : `${JSON.stringify(message)}\n`);
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

  /** Sends a request and waits for its reply (matched by id). */
  async request(message: Msg, id: number, ms = 5_000): Promise<Msg> {
    this.send({ ...message, id });
    return this.next((m) => m.id === id, ms);
  }

  /** Resolves when the tracker has closed the connection, or rejects after `ms`. */
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

export const PASSWORD = 'correct horse battery';
export const byType = (type: string) => (m: Msg) => m.type === type;
