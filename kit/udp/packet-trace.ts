// --trace (docs/PROTOCOL.md §9.5): a `packet` event for every datagram sent, received or dropped, and
// the sender's `timeout` events. Without --trace every method does nothing, so a program calls them
// unconditionally and never builds its own event fields.
import type { Output } from '../cli/output.ts';
import type { UdpReceiverEvents, UdpSenderEvents } from '../protocol/events.ts';
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

/** The receiver has no retransmission timers, so its trace has no timeouts. */
export type ReceiverPacketTrace = Omit<PacketTrace, 'timedOut'>;

/** The sender's trace. */
export function packetTrace(out: Output<Pick<UdpSenderEvents, 'packet' | 'timeout'>>, enabled: boolean): PacketTrace {
  return {
    ...receiverPacketTrace(out, enabled),
    timedOut: (seqs) => {
      if (enabled) out.emit('timeout', { seqs });
    },
  };
}

export function receiverPacketTrace(out: Output<Pick<UdpReceiverEvents, 'packet'>>, enabled: boolean): ReceiverPacketTrace {
  const emit = (fields: UdpReceiverEvents['packet']) => {
    if (enabled) out.emit('packet', fields);
  };
  return {
    sent: ({ type, seq, retransmit }) => emit(retransmit === undefined ? { dir: 'out', type, seq } : { dir: 'out', type, seq, retransmit }),
    received: ({ type, seq }) => emit({ dir: 'in', type, seq }),
    dropped: (reason) => emit({ dir: 'in', dropped: reason }),
  };
}
