// Lab 04 starter, reliable UDP: the sending half (README steps 7 and 8, docs/PROTOCOL.md §6.2–§6.4).
// META until acknowledged, then DATA through a window of packets in flight, then FIN until FIN_ACK.
// Go-Back-N and Selective Repeat share all of that; they differ only in what an ACK means and what a
// timeout resends, which is what the two Retransmission strategies at the bottom hold. What the sender
// is given and returns is in kit/udp/sender-contract.ts; what each strategy answers, in
// kit/udp/retransmission.ts.
import { dataPacketCount, encodeMeta, encodePacket, type UdpPacket } from '#kit/protocol/udp-packet.ts';
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

  get hasRoom(): boolean {
    // TODO (step 7): a new packet may go while next < base + window, and only up to n.
    throw new Error('TODO (README step 7): SendWindow.hasRoom in udp-sender.ts');
  }

  get allAcknowledged(): boolean {
    // TODO (step 7): every DATA packet is acknowledged once base has passed n.
    throw new Error('TODO (README step 7): SendWindow.allAcknowledged in udp-sender.ts');
  }

  /** base … next − 1: sent and not yet acknowledged (for Selective Repeat, some of them may be). */
  outstanding(): number[] {
    // TODO (step 7): what Go-Back-N resends when its timer expires.
    throw new Error('TODO (README step 7): SendWindow.outstanding in udp-sender.ts');
  }
}

export class ReliableSender {
  private readonly window: SendWindow;
  private readonly retransmission: Retransmission;

  constructor(private readonly options: SenderOptions) {
    const { meta, timeoutMs } = options;
    this.window = new SendWindow(meta.window, dataPacketCount(meta.size));
    const resend = (seqs: number[]) => this.resend(seqs);
    this.retransmission = meta.mode === 'gbn' ? new GoBackN(this.window, timeoutMs, resend) : new SelectiveRepeat(this.window, timeoutMs, resend);
  }

  /** Sends the whole file; resolves when FIN_ACK arrives or the sender gives up. */
  run(): Promise<SendOutcome> {
    // TODO (step 7), in phases:
    //   META: send encodePacket({ type: 'META', transferId, seq: 0, payload: encodeMeta(meta) }) now
    //     and again every timeoutMs until this.retransmission.metaAcknowledgedBy(ack) says it arrived.
    //   DATA: while this.window.hasRoom, take the next payload from options.payloads, encode DATA
    //     seq = window.next, keep the datagram (you may have to resend it), send it, tell
    //     this.retransmission.sent(seq) and move next on.
    //   FIN: once this.window.allAcknowledged (at once for an empty file), send FIN (seq n + 1) every
    //     timeoutMs until FIN_ACK (decodeFinAck) arrives: ok true → resolve ok; ok false → HASH_MISMATCH.
    //   Give up: with no progress (no new acknowledgement) for giveUpMs, stop every timer and resolve
    //     { ok: false, code: 'TIMEOUT', message }.
    void encodeMeta;
    void encodePacket;
    return Promise.reject(new Error('TODO (README step 7): ReliableSender.run in udp-sender.ts'));
  }

  /** A valid packet of this transfer from the receiver: ACK or FIN_ACK. */
  receive(packet: UdpPacket): void {
    // TODO (step 7): an ACK in the DATA phase goes to this.retransmission.acknowledged(seq); when it
    //   returns true, that is progress: forget the datagrams below base and send what the window allows.
    void packet;
    void this.retransmission;
    throw new Error('TODO (README step 7): ReliableSender.receive in udp-sender.ts');
  }

  /** A timer expired: send these DATA packets again, exactly as they were sent. */
  private resend(seqs: number[]): void {
    // TODO (step 7): call this.options.link.timedOut(seqs), then send each kept datagram again with
    //   retransmit: true, counting the retransmissions for the done event.
    void seqs;
    throw new Error('TODO (README step 7): ReliableSender.resend in udp-sender.ts');
  }
}

/** Go-Back-N (step 7): one timer, for base; the cumulative ACK `a` means "everything below a arrived". */
class GoBackN implements Retransmission {
  constructor(
    private readonly window: SendWindow,
    private readonly timeoutMs: number,
    private readonly resend: (seqs: number[]) => void,
  ) {}

  metaAcknowledgedBy(seq: number): boolean {
    // TODO (step 7): the receiver answers META with the cumulative ACK 1.
    void seq;
    throw new Error('TODO (README step 7): GoBackN.metaAcknowledgedBy in udp-sender.ts');
  }

  sent(): void {
    // TODO (step 7): start the timer if it is not running (one timer, whatever was sent).
    throw new Error('TODO (README step 7): GoBackN.sent in udp-sender.ts');
  }

  acknowledged(ack: number): boolean {
    // TODO (step 7): only base < ack ≤ next is news: base = ack, then restart the timer if packets are
    //   still in flight, else stop it. When the timer expires: resend window.outstanding(), restart it.
    void ack;
    void this.window;
    void this.timeoutMs;
    void this.resend;
    throw new Error('TODO (README step 7): GoBackN.acknowledged in udp-sender.ts');
  }

  stop(): void {
    // TODO (step 7): clear the timer.
  }
}

/** Selective Repeat (step 8): one timer per packet; a timeout resends that packet only. */
class SelectiveRepeat implements Retransmission {
  constructor(
    private readonly window: SendWindow,
    private readonly timeoutMs: number,
    private readonly resend: (seqs: number[]) => void,
  ) {}

  metaAcknowledgedBy(seq: number): boolean {
    // TODO (step 8): the receiver acknowledges META by its own seq.
    void seq;
    throw new Error('TODO (README step 8): SelectiveRepeat.metaAcknowledgedBy in udp-sender.ts');
  }

  sent(seq: number): void {
    // TODO (step 8): start this packet's own timer; when it expires, resend [seq] and start it again.
    void seq;
    throw new Error('TODO (README step 8): SelectiveRepeat.sent in udp-sender.ts');
  }

  acknowledged(seq: number): boolean {
    // TODO (step 8): an ACK of a packet in flight and not acknowledged yet: stop its timer, mark it,
    //   and move base to the lowest unacknowledged seq (next if there is none). Anything else: false.
    void seq;
    void this.window;
    void this.timeoutMs;
    void this.resend;
    throw new Error('TODO (README step 8): SelectiveRepeat.acknowledged in udp-sender.ts');
  }

  stop(): void {
    // TODO (step 8): clear every timer.
  }
}
