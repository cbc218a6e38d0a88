// The asker's socket for one UDP pick (PROTOCOL §5.9): bound before the get, it takes datagrams from
// the holder's address only, and the first META there that announces the answer's file. That transfer
// goes to Lab 04's InboundTransfer, into a Lab 04 IncomingFile that verifies against the answer's size
// and SHA-256, not META's: META is the holder's claim, the answer is what was picked.
import dgram from 'node:dgram';
import { decodeMeta, decodePacket, encodePacket, type UdpMeta, type UdpPacket } from '#kit/protocol/udp-packet.ts';
import type { ReceiverEnd } from '#kit/udp/receiver-events.ts';
import type { Reply } from '#kit/udp/replies.ts';
import { IncomingFile } from '../04-file-transfer/incoming-file.ts';
import { InboundTransfer } from '../04-file-transfer/udp-inbound-transfer.ts';

/** The file the answer announced. */
export interface AnsweredFile {
  name: string;
  size: number;
  sha256: string;
}

export interface ReceivingOptions {
  /** The local address of the download connection: the holder sends to it. */
  local: string;
  /** The holder's address: datagrams from anywhere else are dropped. */
  holder: string;
  expected: AnsweredFile;
  /** Where the file goes, under which safe name, and the get's xfer (for the temporary name). */
  downloads: string;
  saveAs: string;
  xfer: string;
  /** No datagram for this long ends the transfer. */
  stallTimeoutMs: number;
}

/** How it ended: Lab 04's ends, a META that is not the answer's file, or silence. */
export type UdpEnd = ReceiverEnd | { kind: 'mismatch'; message: string } | { kind: 'stalled'; message: string };

export class UdpReceiving {
  readonly ended: Promise<UdpEnd>;
  private settle: (end: UdpEnd) => void = () => {};
  private transfer: InboundTransfer | 'opening' | undefined;
  private sender: { port: number; transferId: number } | undefined;
  private stall: NodeJS.Timeout | undefined;
  private answered = false;
  private socketClosed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly options: ReceivingOptions,
  ) {
    this.ended = new Promise((resolve) => (this.settle = resolve));
    socket.on('error', () => {});
    socket.on('message', (datagram, from) => this.receive(datagram, from));
    this.armStall();
  }

  /** Binds on the connection's local address, any port: that port is the get's udp_port. */
  static async open(options: ReceivingOptions): Promise<UdpReceiving> {
    const local = options.local.replace(/^::ffff:/, '');
    const socket = dgram.createSocket(local.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, local, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new UdpReceiving(socket, { ...options, holder: options.holder.replace(/^::ffff:/, '') });
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** The attempt is over: an unfinished transfer stops; an answered one stays to answer repeated FINs. */
  close(): void {
    clearTimeout(this.stall);
    if (this.answered) return; // its linger timer closes the socket (onForget)
    if (this.transfer instanceof InboundTransfer) void this.transfer.stop();
    this.transfer = undefined;
    this.closeSocket();
  }

  private receive(datagram: Buffer, from: dgram.RemoteInfo): void {
    if (from.address.replace(/^::ffff:/, '') !== this.options.holder) return;
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return;
    const packet = decoded.packet;
    if (this.sender) {
      if (from.port !== this.sender.port || packet.transferId !== this.sender.transferId) return;
      if (!this.answered) this.armStall();
      if (this.transfer instanceof InboundTransfer) this.transfer.handle(packet);
      return; // while the file is being created, copies of META are dropped: the holder repeats it
    }
    if (packet.type !== 'META') return;
    const meta = decodeMeta(packet.payload);
    if (!meta) return;
    const { name, size, sha256 } = this.options.expected;
    if (meta.name !== name || meta.size !== size || meta.sha256 !== sha256) {
      return this.end({ kind: 'mismatch', message: `META announces ${JSON.stringify(meta.name)} (${meta.size} bytes, SHA-256 ${meta.sha256}), not the file of the answer` });
    }
    this.sender = { port: from.port, transferId: packet.transferId };
    this.armStall();
    void this.start(meta, packet, from);
  }

  private async start(meta: UdpMeta, packet: UdpPacket, from: dgram.RemoteInfo): Promise<void> {
    this.transfer = 'opening';
    const { downloads, saveAs, xfer, expected, stallTimeoutMs } = this.options;
    let file: IncomingFile;
    try {
      file = await IncomingFile.create(downloads, saveAs, xfer, expected.size, expected.sha256);
    } catch (error) {
      return this.end({ kind: 'failed', code: 'DISK_ERROR', message: `cannot create a file in ${downloads}: ${(error as Error).message}` });
    }
    if (this.transfer !== 'opening') return void file.abort(); // closed meanwhile
    const reply = (answer: Reply) => {
      if (!this.socketClosed) this.socket.send(encodePacket({ ...answer, transferId: packet.transferId }), from.port, from.address);
    };
    this.transfer = new InboundTransfer({
      meta,
      file,
      idleMs: stallTimeoutMs,
      reply,
      onEnd: (end) => {
        this.answered = end.kind !== 'abandoned';
        clearTimeout(this.stall);
        this.end(end);
      },
      onForget: () => this.closeSocket(),
    });
    this.transfer.handle(packet);
  }

  private armStall(): void {
    clearTimeout(this.stall);
    this.stall = setTimeout(() => this.end({ kind: 'stalled', message: `no datagram from the holder for ${this.options.stallTimeoutMs} ms` }), this.options.stallTimeoutMs);
  }

  private end(end: UdpEnd): void {
    this.settle(end);
  }

  private closeSocket(): void {
    if (this.socketClosed) return;
    this.socketClosed = true;
    this.socket.close();
  }
}
