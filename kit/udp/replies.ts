// The packets a receiver sends back to a sender. A transfer builds them without its transfer id; the
// program that owns the socket adds it when it encodes the datagram (one socket, many transfers).
import type { UdpPacket } from '../protocol/udp-packet.ts';

export type Reply = Pick<UdpPacket, 'type' | 'seq' | 'payload'>;

const EMPTY = new Uint8Array(0);

/** ACK `seq`: an ACK carries nothing but its seq (docs/PROTOCOL.md §6.1). */
export function ackReply(seq: number): Reply {
  return { type: 'ACK', seq, payload: EMPTY };
}
