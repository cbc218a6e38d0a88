// The receiving half of reliable UDP: which DATA packets to accept, which ACK to answer, and which
// payloads are now in order and can go to the file (docs/PROTOCOL.md §6.3, §6.4). No sockets and no
// files here, so every rule can be tested with plain function calls.
import type { UdpMode } from '#kit/protocol/udp-packet.ts';
import type { Received, ReceiveWindow } from '#kit/udp/receive-window.ts';

export function createReceiveWindow(mode: UdpMode, window: number, packetCount: number): ReceiveWindow {
  return mode === 'gbn' ? new GoBackNReceiveWindow(packetCount) : new SelectiveRepeatReceiveWindow(window, packetCount);
}

/**
 * Go-Back-N: only the packet we expect next is accepted; anything else (a gap, a duplicate) is dropped.
 * Every packet is answered with the cumulative ACK "everything below `expected` arrived".
 */
export class GoBackNReceiveWindow implements ReceiveWindow {
  // META was seq 0 and is delivered by the time this window exists.
  private expected = 1;
  readonly buffered = 0;

  constructor(private readonly packetCount: number) {}

  get complete(): boolean {
    return this.expected > this.packetCount;
  }

  ackForMeta(): number {
    return this.expected;
  }

  // #region go-back-n
  receive(seq: number, payload: Uint8Array): Received {
    if (seq !== this.expected) return { ack: this.expected, deliver: [] };
    this.expected += 1;
    return { ack: this.expected, deliver: [payload] };
  }
  // #endregion go-back-n
}

/**
 * Selective Repeat: every packet inside the window is kept and acknowledged on its own; the run that
 * starts at `base` is delivered as soon as it is complete. Packets just below the window were
 * delivered already, but their ACK may have been lost, so they are acknowledged again.
 */
export class SelectiveRepeatReceiveWindow implements ReceiveWindow {
  private base = 1;
  private readonly held = new Map<number, Uint8Array>();

  constructor(
    private readonly window: number,
    private readonly packetCount: number,
  ) {}

  get complete(): boolean {
    return this.base > this.packetCount;
  }

  get buffered(): number {
    return this.held.size;
  }

  ackForMeta(): number {
    return 0;
  }

  // #region selective-repeat
  receive(seq: number, payload: Uint8Array): Received {
    if (seq >= this.base && seq < this.base + this.window) {
      if (!this.held.has(seq)) this.held.set(seq, payload);
      return { ack: seq, deliver: this.deliverInOrder() };
    }
    if (seq >= this.base - this.window && seq < this.base) return { ack: seq, deliver: [] };
    return { ack: undefined, deliver: [] };
  }

  private deliverInOrder(): Uint8Array[] {
    const deliver: Uint8Array[] = [];
    for (let payload = this.held.get(this.base); payload !== undefined; payload = this.held.get(this.base)) {
      deliver.push(payload);
      this.held.delete(this.base);
      this.base += 1;
    }
    return deliver;
  }
  // #endregion selective-repeat
}
