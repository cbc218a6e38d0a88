// The holder's socket for one UDP pick (PROTOCOL §5.9): the file goes to the asker's address and
// udp_port, from a UDP socket of its own, made reliable by Lab 04's ReliableSender with Selective
// Repeat. Lab 04's udp-send.ts does the same work as a program; a peer may send several files at once,
// so each gets a socket of its own and answers come only from the address it sends to.
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { fileChunks } from '#kit/files/file-chunks.ts';
import { UDP_DEFAULT_TIMEOUT_MS, UDP_DEFAULT_WINDOW, UDP_GIVE_UP_MS, UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import type { SharedFile } from '#kit/protocol/messages.ts';
import { decodePacket } from '#kit/protocol/udp-packet.ts';
import { ReliableSender, type SendOutcome } from '../04-file-transfer/udp-sender.ts';

export interface UdpTarget {
  address: string;
  port: number;
}

export class UdpSending {
  private stopped = false;

  private constructor(
    private readonly socket: dgram.Socket,
    /** How the transfer ended: FIN_ACK (ok or not), or given up. Never rejects. */
    readonly outcome: Promise<SendOutcome>,
  ) {}

  /** Binds a socket and starts sending `file` (at `path`) to `to`. */
  static async start(file: SharedFile, path: string, to: UdpTarget): Promise<UdpSending> {
    const socket = dgram.createSocket(to.address.includes(':') ? 'udp6' : 'udp4');
    // A send can fail for a moment (ICMP "port unreachable"): the timers resend, giving up decides.
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.bind(0, resolve));
    const transferId = randomInt(0, 2 ** 32);
    let sending: UdpSending | undefined;
    const sender = new ReliableSender({
      transferId,
      meta: { name: file.name, size: file.size, sha256: file.sha256, mode: 'sr', window: UDP_DEFAULT_WINDOW },
      payloads: fileChunks(path, UDP_MAX_PAYLOAD),
      timeoutMs: UDP_DEFAULT_TIMEOUT_MS,
      giveUpMs: UDP_GIVE_UP_MS,
      link: {
        send: (datagram) => {
          if (!sending?.stopped) socket.send(datagram, to.port, to.address);
        },
        timedOut: () => {},
      },
    });
    socket.on('message', (datagram, from) => {
      if (from.address !== to.address || from.port !== to.port) return; // not the asker's socket
      const decoded = decodePacket(datagram);
      if (decoded.ok && decoded.packet.transferId === transferId) sender.receive(decoded.packet);
    });
    sending = new UdpSending(socket, sender.run().finally(() => sending?.stop()));
    return sending;
  }

  /**
   * Nothing more goes out: the asker answered on the TCP connection, cancelled, or went away. The
   * sender's own timers run on, silent, until it gives up: Lab 04's ReliableSender has no way to stop.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.socket.close();
  }
}
