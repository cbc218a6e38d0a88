// The page's line to its process: a WebSocket to /live on the page's own address, opened again after
// a drop (the process greets every new connection with the whole state, so nothing is lost).

export type LiveStatus = 'connecting' | 'live' | 'lost';

export class LiveSocket<In, Out> {
  private socket: WebSocket | undefined;
  private retryMs = 500;

  constructor(
    private readonly onMessage: (message: In) => void,
    private readonly onStatus: (status: LiveStatus) => void,
  ) {
    this.open();
  }

  send(message: Out): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private open(): void {
    this.onStatus('connecting');
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 500;
      this.onStatus('live');
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') this.onMessage(JSON.parse(event.data) as In);
    });
    socket.addEventListener('close', () => {
      this.onStatus('lost');
      setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5_000);
    });
  }
}
