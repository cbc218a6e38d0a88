// Lab 06 starter, step 5 (/pick N udp, the asker's side): the UDP socket of one attempt, bound before
// the get (PROTOCOL §5.9). Take datagrams from the holder's address only, and the first META there
// that announces the answer's file (else: mismatch). Hand that transfer to your Lab 04
// InboundTransfer, with a Lab 04 IncomingFile made for the answer's size and SHA-256, not META's.
import type dgram from 'node:dgram';
import type { ReceiverEnd } from '#kit/udp/receiver-events.ts';

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

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly options: ReceivingOptions,
  ) {
    this.ended = new Promise(() => {});
  }

  /** Binds on the connection's local address, any port: that port is the get's udp_port. */
  static async open(options: ReceivingOptions): Promise<UdpReceiving> {
    // TODO (README step 5, /pick N udp):
    //   1. dgram.createSocket('udp4' or 'udp6'), bind(0, options.local).
    //   2. On each datagram: drop it unless it comes from options.holder and decodePacket takes it.
    //      Before any transfer: only a META; decodeMeta; when its name, size or sha256 is not the
    //      expected one, end with { kind: 'mismatch' }. Otherwise remember its port and transfer id
    //      (drop anything else from now on), IncomingFile.create(downloads, saveAs, xfer, expected
    //      size, expected sha256), then new InboundTransfer({ meta, file, idleMs, reply, onEnd, onForget })
    //      and hand it this META. reply sends encodePacket({ ...reply, transferId }) back to the holder.
    //   3. No datagram for stallTimeoutMs: end with { kind: 'stalled' }. onEnd ends with Lab 04's end;
    //      onForget closes the socket.
    throw new Error(`TODO (README step 5): receive ${options.expected.name} over UDP`);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** The attempt is over: an unfinished transfer stops; an answered one stays to answer repeated FINs. */
  close(): void {
    void this.options;
    throw new Error('TODO (README step 5): close the UDP socket of the attempt');
  }
}
