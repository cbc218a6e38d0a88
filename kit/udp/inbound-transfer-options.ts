// What one transfer at the receiver is given by the program that owns the socket: the accepted META,
// its temporary file, its timers, and the ways back to the program. The file's type is a parameter, so
// that the kit needs no lab code: the lab's InboundTransfer takes the lab's own IncomingFile.
import type { UdpMeta } from '../protocol/udp-packet.ts';
import type { ReceiverEnd } from './receiver-events.ts';
import type { Reply } from './replies.ts';

export interface InboundTransferOptions<File> {
  meta: UdpMeta;
  file: File;
  /** Silence after which an unfinished transfer is abandoned (--idle-ms). */
  idleMs: number;
  /** How long an answered transfer stays to answer repeated FINs (UDP_LINGER_MS unless a test says). */
  lingerMs?: number;
  /** Sends a packet back to the sender of this transfer. */
  reply: (packet: Reply) => void;
  /** Called once, when the outcome is known (FIN verified or not, or abandoned). */
  onEnd: (end: ReceiverEnd) => void;
  /** Called once the transfer can be forgotten. */
  onForget: () => void;
}
