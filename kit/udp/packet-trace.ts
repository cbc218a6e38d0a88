// --trace (docs/PROTOCOL.md §9.5): a `packet` event for every datagram sent, received or dropped, and
// the sender's `timeout` events. Without --trace every method does nothing, so a program calls them
// unconditionally and never builds its own event fields.
import type { Output } from '../cli/output.ts';
import type { UdpPacketType } from '../protocol/udp-packet.ts';

export interface PacketTrace {
  /** A datagram went out; `retransmit` is the sender's only (true for a resend). */
  sent(packet: { type: UdpPacketType; seq: number; retransmit?: boolean }): void;
  /** A datagram came in and decodePacket accepted it. */
  received(packet: { type: UdpPacketType; seq: number }): void;
  /** A datagram came in and was dropped: a decodePacket reason, or BAD_META. */
  dropped(reason: string): void;
  /** Retransmission timers expired: these seqs are sent again. */
  timedOut(seqs: number[]): void;
}

export function packetTrace(out: Output, enabled: boolean): PacketTrace {
  const emit = (event: string, fields: Record<string, unknown>) => {
    if (enabled) out.emit(event, fields);
  };
  return {
    sent: ({ type, seq, retransmit }) => emit('packet', retransmit === undefined ? { dir: 'out', type, seq } : { dir: 'out', type, seq, retransmit }),
    received: ({ type, seq }) => emit('packet', { dir: 'in', type, seq }),
    dropped: (reason) => emit('packet', { dir: 'in', dropped: reason }),
    timedOut: (seqs) => emit('timeout', { seqs }),
  };
}
