// Lab 04 starter, reliable UDP: one transfer as the receiver lives it (docs/PROTOCOL.md §6.2). META
// opened it; DATA goes through the receive window (udp-receiver.ts) into the file; FIN verifies the
// file and is answered with FIN_ACK, again for every repeated FIN; silence ends it. What the transfer
// is given is in kit/udp/inbound-transfer-options.ts.
import { UDP_LINGER_MS } from '#kit/protocol/limits.ts';
import { dataPacketCount, encodeFinAck, type UdpMeta, type UdpPacket } from '#kit/protocol/udp-packet.ts';
import type { InboundTransferOptions } from '#kit/udp/inbound-transfer-options.ts';
import { expectedPayloadLength } from '#kit/udp/payload-length.ts';
import type { ReceiveWindow } from '#kit/udp/receive-window.ts';
import { ackReply } from '#kit/udp/replies.ts';
import type { IncomingFile } from './incoming-file.ts';
import { createReceiveWindow } from './udp-receiver.ts';

type State = 'receiving' | 'verifying' | 'answered' | 'over';

export class InboundTransfer {
  readonly packetCount: number;
  private readonly window: ReceiveWindow;
  private state: State = 'receiving';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: InboundTransferOptions<IncomingFile>) {
    this.packetCount = dataPacketCount(options.meta.size);
    this.window = createReceiveWindow(options.meta.mode, options.meta.window, this.packetCount);
    this.armIdleTimer();
  }

  get meta(): UdpMeta {
    return this.options.meta;
  }

  /** Every valid datagram of this transfer (same sender address and transfer id) comes here. */
  handle(packet: UdpPacket): void {
    if (this.state === 'over') return;
    if (this.state === 'receiving') this.armIdleTimer();
    if (packet.type === 'META') this.options.reply(ackReply(this.window.ackForMeta()));
    else if (packet.type === 'DATA') this.receiveData(packet.seq, packet.payload);
    else if (packet.type === 'FIN' && packet.seq === this.packetCount + 1) this.receiveFin();
  }

  /** Stops the transfer now (the program is exiting): an unfinished file is deleted. */
  async stop(): Promise<void> {
    const unfinished = this.state === 'receiving';
    this.state = 'over';
    clearTimeout(this.timer);
    if (unfinished) await this.options.file.abort();
  }

  private receiveData(seq: number, payload: Uint8Array): void {
    // TODO (README step 7): drop (no answer) a DATA whose seq is not 1..n or whose payload length is
    //   not the one its seq implies (expectedPayloadLength(this.options.meta.size, seq): 1200, the last
    //   one the rest). Give the others to this.window.receive(); write the delivered payloads to the
    //   file (only while receiving: this.options.file.write(Buffer.from(bytes))) and send the ACK it
    //   asks for: this.options.reply(ackReply(seq)).
    void seq;
    void payload;
    void expectedPayloadLength;
    throw new Error('TODO (README step 7): InboundTransfer.receiveData in udp-inbound-transfer.ts');
  }

  private receiveFin(): void {
    // TODO (README step 7): a FIN before the window is complete is ignored (the sender repeats it).
    //   The first FIN after it: state 'verifying', stop the idle timer, await this.options.file.finish()
    //   (incoming-file.ts: it verifies, then publishes or deletes), answer FIN_ACK (seq n + 1, payload
    //   encodeFinAck({ ok, sha256 })), report this.options.onEnd(…) ({ kind: 'saved', path, size,
    //   sha256 } or { kind: 'failed', code, message }), state 'answered', and this.armLingerTimer().
    //   Every later FIN gets the same FIN_ACK again and re-arms the linger timer.
    void encodeFinAck;
    throw new Error('TODO (README step 7): InboundTransfer.receiveFin in udp-inbound-transfer.ts');
  }

  private armIdleTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.abandon(), this.options.idleMs);
  }

  private async abandon(): Promise<void> {
    // TODO (README step 7): the sender went silent for idleMs while we were receiving. Set the state to
    //   'over', delete the partial file (this.options.file.abort()), then report
    //   this.options.onEnd({ kind: 'abandoned', message }) and this.options.onForget().
    throw new Error('TODO (README step 7): InboundTransfer.abandon in udp-inbound-transfer.ts');
  }

  // After FIN_ACK the transfer stays a while: if that FIN_ACK was lost, the next FIN must get it again.
  private armLingerTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.state = 'over';
      this.options.onForget();
    }, this.options.lingerMs ?? UDP_LINGER_MS);
  }
}
