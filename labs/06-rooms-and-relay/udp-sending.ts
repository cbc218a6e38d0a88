// Lab 06 starter, step 5 (/pick N udp, the holder's side): one file sent over UDP to the asker's address
// and udp_port, from a UDP socket of its own, by your Lab 04 ReliableSender in Selective Repeat
// (PROTOCOL §5.9). It is the work of your Lab 04 udp-send.ts, for a peer instead of a program.
import type dgram from 'node:dgram';
import type { SharedFile } from '#kit/protocol/messages.ts';
import type { SendOutcome } from '../04-file-transfer/udp-sender.ts';

export interface UdpTarget {
  address: string;
  port: number;
}

export class UdpSending {
  private constructor(
    private readonly socket: dgram.Socket,
    /** How the transfer ended: FIN_ACK (ok or not), or given up. Never rejects. */
    readonly outcome: Promise<SendOutcome>,
  ) {}

  /** Binds a socket and starts sending `file` (at `path`) to `to`. */
  static async start(file: SharedFile, path: string, to: UdpTarget): Promise<UdpSending> {
    // TODO (README step 5, /pick N udp):
    //   1. dgram.createSocket('udp4') ('udp6' when to.address holds a ':'), an 'error' listener that
    //      ignores errors (the timers resend), bind(0).
    //   2. new ReliableSender (../04-file-transfer/udp-sender.ts) with a random transfer id, META
    //      { name, size, sha256, mode: 'sr', window: UDP_DEFAULT_WINDOW }, payloads fileChunks(path,
    //      UDP_MAX_PAYLOAD) (kit/files/file-chunks.ts), UDP_DEFAULT_TIMEOUT_MS, UDP_GIVE_UP_MS, and a
    //      link whose send() sends to `to` (and nothing once stop() was called).
    //   3. socket.on('message'): only from to.address and to.port, decodePacket, only this transfer
    //      id: sender.receive(packet).
    //   4. outcome: sender.run(), closing the socket when it ends.
    throw new Error(`TODO (README step 5): send ${file.name} from ${path} over UDP to ${to.address}:${to.port}`);
  }

  /** Nothing more goes out: the asker answered on the TCP connection, cancelled, or went away. */
  stop(): void {
    void this.socket;
    throw new Error('TODO (README step 5): stop sending');
  }
}
