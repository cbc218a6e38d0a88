// What the lossy UDP relay did to each datagram between two of the student's programs (a sender and a
// receiver), kept for the report's diagram. A transfer is thousands of datagrams: the first few (the
// META exchange) and the last ones before the check ended (where a failure shows) are kept one by
// one, and every datagram is counted by type and direction.
import { decodePacket } from '#kit/protocol/udp-packet.ts';

export type DatagramFate = 'dropped' | 'duplicated' | 'held back' | 'corrupted' | 'cut off';
export type RelayWay = 'up' | 'down';

export interface RelayedDatagram {
  /** Milliseconds since the check began, on the steps' clock. */
  atMs: number;
  /** up: sender → receiver; down: receiver → sender. */
  way: RelayWay;
  /** "DATA 41 · 1200 B", "ACK 40", or "not a packet (BAD_CRC, 37 B)". */
  what: string;
  /** What the relay did besides passing it on; empty when it simply forwarded it. */
  fates: DatagramFate[];
}

export interface RelayedTraffic {
  /** The relay's UDP port: the report finds its lifeline by it. */
  relayPort: number;
  total: number;
  /** Per direction, datagrams by type (META, DATA, ACK, FIN, FIN_ACK, other). */
  counts: Record<RelayWay, Record<string, number>>;
  first: RelayedDatagram[];
  /** The last ones, after `first` (never overlapping it). */
  last: RelayedDatagram[];
}

const FIRST_KEPT = 8;
/** Enough for the window the diagram draws around a failure. */
const LAST_KEPT = 200;

export class RelayRecorder {
  private total = 0;
  private readonly counts: Record<RelayWay, Record<string, number>> = { up: {}, down: {} };
  private readonly first: RelayedDatagram[] = [];
  private last: RelayedDatagram[] = [];

  constructor(
    private readonly relayPort: number,
    private readonly clock: () => number,
  ) {}

  record(way: RelayWay, bytes: Uint8Array, fates: DatagramFate[]): void {
    const decoded = decodePacket(bytes);
    const type = decoded.ok ? decoded.packet.type : 'other';
    this.counts[way][type] = (this.counts[way][type] ?? 0) + 1;
    this.total += 1;
    const what = !decoded.ok
      ? `not a packet (${decoded.reason}, ${bytes.length} B)`
      : decoded.packet.type === 'DATA'
        ? `DATA ${decoded.packet.seq} · ${decoded.packet.payload.length} B`
        : decoded.packet.type === 'ACK'
          ? `ACK ${decoded.packet.seq}`
          : decoded.packet.type;
    const datagram = { atMs: this.clock(), way, what, fates };
    if (this.first.length < FIRST_KEPT) return void this.first.push(datagram);
    this.last.push(datagram);
    // Trimmed in batches, so keeping the tail costs O(1) per datagram on average.
    if (this.last.length >= 2 * LAST_KEPT) this.last = this.last.slice(-LAST_KEPT);
  }

  traffic(): RelayedTraffic {
    return { relayPort: this.relayPort, total: this.total, counts: { up: { ...this.counts.up }, down: { ...this.counts.down } }, first: [...this.first], last: this.last.slice(-LAST_KEPT) };
  }
}
