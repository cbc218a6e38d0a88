// The sending half of reliable UDP (docs/PROTOCOL.md §6.2–§6.4): META until acknowledged, then DATA
// through a window of `window` packets in flight, then FIN until FIN_ACK. Go-Back-N and Selective
// Repeat share all of that; they differ only in what an ACK means and what a timeout resends, which
// is what the two Retransmission strategies at the bottom hold (kit/udp/retransmission.ts).
import { dataPacketCount, decodeFinAck, encodeMeta, encodePacket, type UdpPacket } from '#kit/protocol/udp-packet.ts';
import type { Retransmission } from '#kit/udp/retransmission.ts';
import type { SendOutcome, SenderOptions } from '#kit/udp/sender-contract.ts';

// Whoever runs a ReliableSender reads its outcome, so the type goes with the class.
export type { SendOutcome } from '#kit/udp/sender-contract.ts';

/** Sequence numbers in flight: `base` is the oldest unacknowledged one, `next` the next new one. */
export class SendWindow {
  base = 1;
  next = 1;

  constructor(
    readonly size: number,
    /** n, the seq of the last DATA packet (0 for an empty file). */
    readonly last: number,
  ) {}

  // #region has-room
  get hasRoom(): boolean {
    return this.next < this.base + this.size && this.next <= this.last;
  }
  // #endregion has-room

  get allAcknowledged(): boolean {
    return this.base > this.last;
  }

  /** base … next − 1: sent and not yet acknowledged (for Selective Repeat, some of them may be). */
  outstanding(): number[] {
    return Array.from({ length: this.next - this.base }, (_, i) => this.base + i);
  }
}

type Phase = 'meta' | 'data' | 'fin' | 'over';

export class ReliableSender {
  private phase: Phase = 'meta';
  private readonly window: SendWindow;
  private readonly retransmission: Retransmission;
  /** Encoded DATA datagrams that may still have to be resent: at most a window of them. */
  private readonly inFlight = new Map<number, Buffer>();
  private retransmissions = 0;
  private filling = false;
  private repeatTimer: NodeJS.Timeout | undefined;
  private giveUpTimer: NodeJS.Timeout | undefined;
  private settle: (outcome: SendOutcome) => void = () => {};

  constructor(private readonly options: SenderOptions) {
    const { meta, timeoutMs } = options;
    this.window = new SendWindow(meta.window, dataPacketCount(meta.size));
    const resend = (seqs: number[]) => this.resend(seqs);
    this.retransmission = meta.mode === 'gbn' ? new GoBackN(this.window, timeoutMs, resend) : new SelectiveRepeat(this.window, timeoutMs, resend);
  }

  /** Sends the whole file; resolves when FIN_ACK arrives or the sender gives up. Never rejects. */
  run(): Promise<SendOutcome> {
    return new Promise((resolve) => {
      this.settle = resolve;
      this.madeProgress();
      this.repeatUntilAnswered('META', 0, encodeMeta(this.options.meta));
    });
  }

  /** A valid packet of this transfer from the receiver. */
  receive(packet: UdpPacket): void {
    if (packet.type === 'ACK' && this.phase === 'meta' && this.retransmission.metaAcknowledgedBy(packet.seq)) {
      clearInterval(this.repeatTimer);
      this.phase = 'data';
      this.madeProgress();
      void this.fill();
    } else if (packet.type === 'ACK' && this.phase === 'data' && this.retransmission.acknowledged(packet.seq)) {
      this.madeProgress();
      for (const seq of this.inFlight.keys()) if (seq < this.window.base) this.inFlight.delete(seq);
      if (this.window.allAcknowledged) this.sendFin();
      else void this.fill();
    } else if (packet.type === 'FIN_ACK' && this.phase === 'fin' && packet.seq === this.window.last + 1) {
      const answer = decodeFinAck(packet.payload);
      if (!answer) return;
      if (answer.ok) this.end({ ok: true, packets: this.window.last, retransmissions: this.retransmissions });
      else this.end({ ok: false, code: 'HASH_MISMATCH', message: `the receiver's copy of ${this.options.meta.name} did not have SHA-256 ${this.options.meta.sha256}; it deleted it` });
    }
  }

  /** Sends new DATA packets while the window has room. */
  private async fill(): Promise<void> {
    if (this.filling) return; // one reader of the file at a time
    this.filling = true;
    try {
      while (this.phase === 'data' && this.window.hasRoom) {
        const seq = this.window.next;
        const { value: payload, done } = await this.options.payloads.next();
        if (this.phase !== 'data') return;
        if (done) throw new Error(`the file ended before packet ${seq}: it changed while being sent`);
        const datagram = encodePacket({ type: 'DATA', transferId: this.options.transferId, seq, payload });
        this.inFlight.set(seq, datagram);
        this.window.next = seq + 1;
        this.options.link.send(datagram, { type: 'DATA', seq, retransmit: false });
        this.retransmission.sent(seq);
      }
    } catch (error) {
      this.end({ ok: false, code: 'DISK_ERROR', message: `cannot read the file: ${(error as Error).message}` });
    } finally {
      this.filling = false;
    }
    if (this.phase === 'data' && this.window.allAcknowledged) this.sendFin(); // an empty file
  }

  private resend(seqs: number[]): void {
    this.options.link.timedOut(seqs);
    for (const seq of seqs) {
      const datagram = this.inFlight.get(seq);
      if (!datagram) continue;
      this.retransmissions += 1;
      this.options.link.send(datagram, { type: 'DATA', seq, retransmit: true });
    }
  }

  private sendFin(): void {
    if (this.phase !== 'data') return;
    this.phase = 'fin';
    this.retransmission.stop();
    this.repeatUntilAnswered('FIN', this.window.last + 1, new Uint8Array(0));
  }

  /** META and FIN: sent now and again every timeout until the answer stops the timer. */
  private repeatUntilAnswered(type: 'META' | 'FIN', seq: number, payload: Uint8Array): void {
    const datagram = encodePacket({ type, transferId: this.options.transferId, seq, payload });
    this.options.link.send(datagram, { type, seq, retransmit: false });
    clearInterval(this.repeatTimer);
    this.repeatTimer = setInterval(() => {
      this.options.link.timedOut([seq]);
      this.options.link.send(datagram, { type, seq, retransmit: true });
    }, this.options.timeoutMs);
  }

  // Giving up is measured from the last progress, not from the start: a big file may take minutes.
  private madeProgress(): void {
    clearTimeout(this.giveUpTimer);
    this.giveUpTimer = setTimeout(() => {
      const waitingFor = { meta: 'an ACK of META', data: `an ACK of DATA ${this.window.base}`, fin: 'FIN_ACK', over: '' }[this.phase];
      this.end({ ok: false, code: 'TIMEOUT', message: `gave up: no progress for ${this.options.giveUpMs / 1000} s while waiting for ${waitingFor}; is the receiver running?` });
    }, this.options.giveUpMs);
  }

  private end(outcome: SendOutcome): void {
    if (this.phase === 'over') return;
    this.phase = 'over';
    clearInterval(this.repeatTimer);
    clearTimeout(this.giveUpTimer);
    this.retransmission.stop();
    void this.options.payloads.return?.(); // closes the file
    this.settle(outcome);
  }
}

/** One timer, for the oldest packet; the cumulative ACK `a` means "everything below a arrived". */
class GoBackN implements Retransmission {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly window: SendWindow,
    private readonly timeoutMs: number,
    private readonly resend: (seqs: number[]) => void,
  ) {}

  metaAcknowledgedBy(seq: number): boolean {
    return seq >= 1;
  }

  sent(): void {
    if (this.timer === undefined) this.startTimer();
  }

  // #region go-back-n
  acknowledged(ack: number): boolean {
    if (ack <= this.window.base || ack > this.window.next) return false;
    this.window.base = ack;
    this.stop();
    if (this.window.base < this.window.next) this.startTimer();
    return true;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  // On timeout, go back: everything from base on is resent, because the receiver dropped it all.
  private startTimer(): void {
    this.timer = setTimeout(() => {
      this.resend(this.window.outstanding());
      this.startTimer();
    }, this.timeoutMs);
  }
  // #endregion go-back-n
}

/** One timer per packet; each ACK names one packet, and a timeout resends that packet only. */
class SelectiveRepeat implements Retransmission {
  /** The packets sent and not acknowledged, each with its own timer. */
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly window: SendWindow,
    private readonly timeoutMs: number,
    private readonly resend: (seqs: number[]) => void,
  ) {}

  metaAcknowledgedBy(seq: number): boolean {
    return seq === 0;
  }

  sent(seq: number): void {
    this.arm(seq);
  }

  // #region selective-repeat
  acknowledged(seq: number): boolean {
    const timer = this.timers.get(seq);
    if (timer === undefined) return false; // outside the window, or acknowledged before
    clearTimeout(timer);
    this.timers.delete(seq);
    while (this.window.base < this.window.next && !this.timers.has(this.window.base)) this.window.base += 1;
    return true;
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(seq: number): void {
    this.timers.set(seq, setTimeout(() => {
      this.resend([seq]);
      this.arm(seq);
    }, this.timeoutMs));
  }
  // #endregion selective-repeat
}
