// A minimal client of the V8 inspector protocol over its WebSocket: send a method, await its result,
// each call with a deadline so no test can hang on a process that stopped answering.
import WebSocket from 'ws';

interface Reply {
  id?: number;
  result?: unknown;
  error?: { message: string };
}

export class InspectorSession {
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const reply = JSON.parse(data.toString()) as Reply;
      if (reply.id === undefined) return; // an event: none is enabled, but never let one through as a reply
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    socket.on('close', () => {
      for (const resolve of this.waiting.values()) resolve({ error: { message: 'inspector closed' } });
      this.waiting.clear();
    });
  }

  /** Connects to a `ws://127.0.0.1:…/<uuid>` address as printed by `node --inspect`. */
  static open(url: string, ms = 5_000): Promise<InspectorSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: ms });
      socket.once('open', () => resolve(new InspectorSession(socket)));
      socket.once('error', reject);
    });
  }

  async call<T>(method: string, params: Record<string, unknown> = {}, ms = 10_000): Promise<T> {
    const id = (this.nextId += 1);
    const reply = await new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => resolve({ error: { message: `no answer within ${ms} ms` } }), ms);
      this.waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
    this.waiting.delete(id);
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result as T;
  }

  /** Detaches; the inspected process goes on, and exits without waiting for a debugger. */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.close();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    this.socket.terminate();
  }
}
