// The pages connected to one process: each gets a greeting (the state so far), then every update; what
// a page sends is parsed as JSON and handed on. A page that cannot keep up is dropped rather than
// buffered without end (it reconnects and gets a fresh greeting).
import type { WebSocket } from 'ws';

// Bytes queued for one page before it is considered stuck.
const MAX_BUFFERED = 8 * 1024 * 1024;

export class LiveClients<ToPage, FromPage = never> {
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly onMessage: (message: FromPage, reply: (message: ToPage) => void) => void = () => {}) {}

  get count(): number {
    return this.sockets.size;
  }

  add(socket: WebSocket, greeting: ToPage): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        return;
      }
      if (typeof parsed === 'object' && parsed !== null) this.onMessage(parsed as FromPage, (message) => this.sendTo(socket, message));
    });
    this.sendTo(socket, greeting);
  }

  broadcast(message: ToPage): void {
    if (this.sockets.size === 0) return;
    const text = JSON.stringify(message);
    for (const socket of this.sockets) this.sendText(socket, text);
  }

  private sendTo(socket: WebSocket, message: ToPage): void {
    this.sendText(socket, JSON.stringify(message));
  }

  private sendText(socket: WebSocket, text: string): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED) return void socket.terminate();
    socket.send(text);
  }
}
