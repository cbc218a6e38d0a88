// Lab 04 starter, reliable UDP: the receiving half (README steps 7 and 8). Which DATA packets to
// accept, which ACK to answer, and which payloads are now in order for the file. No sockets and no
// files here: you can test every rule with plain function calls. What a window answers is in
// kit/udp/receive-window.ts.
import type { UdpMode } from '#kit/protocol/udp-packet.ts';
import type { Received, ReceiveWindow } from '#kit/udp/receive-window.ts';

export function createReceiveWindow(mode: UdpMode, window: number, packetCount: number): ReceiveWindow {
  return mode === 'gbn' ? new GoBackNReceiveWindow(packetCount) : new SelectiveRepeatReceiveWindow(window, packetCount);
}

/** Go-Back-N (README step 7, docs/PROTOCOL.md §6.3). */
export class GoBackNReceiveWindow implements ReceiveWindow {
  // TODO (step 7): keep `expected`, the seq you need next. META is seq 0 and has arrived by the time
  //   this window exists, so it starts at 1.
  readonly buffered = 0; // Go-Back-N keeps nothing out of order

  constructor(private readonly packetCount: number) {}

  get complete(): boolean {
    // TODO (step 7): true once all packetCount packets were delivered.
    return false;
  }

  ackForMeta(): number {
    // TODO (step 7): Go-Back-N's ACKs are cumulative: "everything below this seq arrived".
    throw new Error('TODO (README step 7): GoBackNReceiveWindow.ackForMeta in udp-receiver.ts');
  }

  receive(seq: number, payload: Uint8Array): Received {
    // TODO (step 7): only seq = expected is delivered (and expected grows); a gap or a duplicate is
    //   dropped. Either way the answer is ACK expected.
    void seq;
    void payload;
    void this.packetCount;
    throw new Error('TODO (README step 7): GoBackNReceiveWindow.receive in udp-receiver.ts');
  }
}

/** Selective Repeat (README step 8, docs/PROTOCOL.md §6.4). */
export class SelectiveRepeatReceiveWindow implements ReceiveWindow {
  // TODO (step 8): keep `base` (the next seq to deliver, starting at 1) and a store of the packets
  //   that arrived out of order (a Map from seq to payload). The store never holds more than `window`.

  constructor(
    private readonly window: number,
    private readonly packetCount: number,
  ) {}

  get complete(): boolean {
    // TODO (step 8)
    return false;
  }

  get buffered(): number {
    // TODO (step 8): how many payloads the store holds.
    return 0;
  }

  ackForMeta(): number {
    // TODO (step 8): Selective Repeat acknowledges every packet by its own seq.
    throw new Error('TODO (README step 8): SelectiveRepeatReceiveWindow.ackForMeta in udp-receiver.ts');
  }

  receive(seq: number, payload: Uint8Array): Received {
    // TODO (step 8): seq in [base, base + window − 1]: store it if new, answer ACK seq, and deliver
    //   every stored payload from base on, moving base, while the store has the next one.
    //   seq in [base − window, base − 1]: delivered already, but the ACK may have been lost: ACK seq.
    //   Anything else: drop it, no ACK.
    void seq;
    void payload;
    void this.window;
    void this.packetCount;
    throw new Error('TODO (README step 8): SelectiveRepeatReceiveWindow.receive in udp-receiver.ts');
  }
}
