// The messages of one direct connection in order, taken one at a time. A bare once-listener loses a
// message that arrives in the same chunk as the one before it; this keeps every message until taken.
import type { PeerToPeerMessage } from '../protocol/messages.ts';
import type { DirectLink } from './direct-link.ts';

export class MessageQueue {
  private readonly waiting: PeerToPeerMessage[] = [];
  private wake: ((message: PeerToPeerMessage | undefined) => void) | undefined;
  private closed = false;

  constructor(link: DirectLink) {
    link.on('message', (message) => {
      if (this.wake) this.take(message);
      else this.waiting.push(message);
    });
    link.on('closed', () => {
      this.closed = true;
      this.take(undefined);
    });
    if (link.closed) this.closed = true;
  }

  /** The next message, or undefined when none comes within `timeoutMs` or the connection closed. */
  next(timeoutMs: number): Promise<PeerToPeerMessage | undefined> {
    const ready = this.waiting.shift();
    if (ready || this.closed) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.take(undefined), timeoutMs);
      this.wake = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
    });
  }

  private take(message: PeerToPeerMessage | undefined): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.(message);
  }
}
