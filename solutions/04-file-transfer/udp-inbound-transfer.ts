// One transfer as the receiver lives it (docs/PROTOCOL.md §6.2): META opened it; DATA goes through the
// receive window into the file; FIN verifies the file and is answered with FIN_ACK, again for every
// repeated FIN; silence ends it (abandoned while unfinished, forgotten after the FIN_ACK).
import { UDP_LINGER_MS } from '#kit/protocol/limits.ts';
import { dataPacketCount, encodeFinAck, type UdpMeta, type UdpPacket } from '#kit/protocol/udp-packet.ts';
import type { InboundTransferOptions } from '#kit/udp/inbound-transfer-options.ts';
import { expectedPayloadLength } from '#kit/udp/payload-length.ts';
import type { ReceiveWindow } from '#kit/udp/receive-window.ts';
import { ackReply, type Reply } from '#kit/udp/replies.ts';
import type { IncomingFile } from './incoming-file.ts';
import { createReceiveWindow } from './udp-receiver.ts';

type State = 'receiving' | 'verifying' | 'answered' | 'over';

export class InboundTransfer {
  readonly packetCount: number;
  private readonly window: ReceiveWindow;
  private state: State = 'receiving';
  private finAck: Reply | undefined;
  private timer: NodeJS.Timeout | undefined;
  private diskBehind = false;

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
    // A packet whose length does not fit its seq was damaged in a way the CRC missed, or is not ours.
    if (seq < 1 || seq > this.packetCount) return;
    if (payload.length !== expectedPayloadLength(this.options.meta.size, seq)) return;
    // While the disk is behind, DATA is dropped unanswered and the sender's timers resend it: memory
    // stays bounded even when the network is faster than the disk.
    if (this.diskBehind) return;
    const { ack, deliver } = this.window.receive(seq, payload);
    if (this.state === 'receiving') for (const bytes of deliver) this.write(bytes);
    if (ack !== undefined) this.options.reply(ackReply(ack));
  }

  private write(bytes: Uint8Array): void {
    const answer = this.options.file.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (answer !== 'wait' || this.diskBehind) return;
    this.diskBehind = true;
    void this.options.file.drained().then(() => (this.diskBehind = false));
  }

  private receiveFin(): void {
    if (this.state === 'answered' && this.finAck) {
      this.options.reply(this.finAck);
      this.armLingerTimer();
      return;
    }
    // A FIN before every packet arrived comes from a confused sender; it will send FIN again.
    if (this.state !== 'receiving' || !this.window.complete) return;
    this.state = 'verifying';
    clearTimeout(this.timer);
    void this.options.file.finish().then((outcome) => {
      if (this.state !== 'verifying') return; // stopped meanwhile
      this.state = 'answered';
      // FIN_ACK carries the SHA-256 we computed; a failed file reports none, so it gets that of no bytes.
      const sha256 = outcome.ok ? outcome.sha256 : NO_BYTES_SHA256;
      this.finAck = { type: 'FIN_ACK', seq: this.packetCount + 1, payload: encodeFinAck({ ok: outcome.ok, sha256 }) };
      this.options.reply(this.finAck);
      const { size } = this.options.meta;
      this.options.onEnd(outcome.ok ? { kind: 'saved', path: outcome.path, size, sha256: outcome.sha256 } : { kind: 'failed', code: outcome.code, message: outcome.message });
      this.armLingerTimer();
    });
  }

  private armIdleTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.abandon(), this.options.idleMs);
  }

  private async abandon(): Promise<void> {
    if (this.state !== 'receiving') return;
    this.state = 'over';
    await this.options.file.abort();
    const seconds = this.options.idleMs / 1000;
    this.options.onEnd({ kind: 'abandoned', message: `${this.meta.name}: the sender went silent for ${seconds} s; the partial file was deleted` });
    this.options.onForget();
  }

  // After FIN_ACK we stay a while: if our FIN_ACK was lost, the sender's next FIN must get it again.
  private armLingerTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.state = 'over';
      this.options.onForget();
    }, this.options.lingerMs ?? UDP_LINGER_MS);
  }
}

const NO_BYTES_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
