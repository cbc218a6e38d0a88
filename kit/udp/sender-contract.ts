// What a reliable sender is given and what it answers. The program (udp-send.ts) owns the socket and
// hands the sender a link to it; the sender (udp-sender.ts) owns the window and the timers and never
// touches a socket, so it can be driven by plain calls and fake time.
import type { UdpMeta, UdpPacketType } from '../protocol/udp-packet.ts';

/** What was just sent, for --trace. */
export interface SentDatagram {
  type: UdpPacketType;
  seq: number;
  retransmit: boolean;
}

/** How the sender reaches the network (and --trace); the program provides it. */
export interface SenderLink {
  send(datagram: Buffer, sent: SentDatagram): void;
  /** A retransmission timer expired; these seqs are sent again. */
  timedOut(seqs: number[]): void;
}

export interface SenderOptions {
  transferId: number;
  meta: UdpMeta;
  /** The DATA payloads in order: 1200 bytes each, the last one shorter. */
  payloads: AsyncIterator<Uint8Array>;
  timeoutMs: number;
  giveUpMs: number;
  link: SenderLink;
}

export type SendOutcome =
  | { ok: true; packets: number; retransmissions: number }
  | { ok: false; code: 'TIMEOUT' | 'HASH_MISMATCH' | 'DISK_ERROR'; message: string };
