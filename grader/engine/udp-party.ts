// The grader speaking Lab 04's reliable-UDP protocol itself, as a scripted sender or receiver: it
// sends exact packets and checks the next packet it gets, logging each one as a step, so a failure
// shows the whole exchange (DATA 3 sent, ACK 4 received where ACK 2 was due).
import dgram from 'node:dgram';
import { decodePacket, encodePacket, type UdpPacket, type UdpPacketType } from '#kit/protocol/udp-packet.ts';
import { fail } from './check-failure.ts';
import type { StepLog } from './step-log.ts';
import { EVENT_TIMEOUT_MS } from './student-program.ts';
import type { Watch } from './watch.ts';

export interface Address {
  host: string;
  port: number;
}

export interface ReceivedPacket {
  packet: UdpPacket;
  from: Address;
}

export interface ExpectPacketOptions {
  timeoutMs?: number;
  why?: string;
  /** Packets to pass over silently before the expected one (e.g. repeated copies). */
  skip?: (packet: UdpPacket) => boolean;
}

const HOST = '127.0.0.1';
const SHOWN_RECENT = 8;

export class UdpParty {
  /** Every valid packet received, in order. */
  readonly received: ReceivedPacket[] = [];
  /** Datagrams that failed decodePacket, with the reason. */
  readonly damaged: string[] = [];
  private consumed = 0;
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly label: string,
    private readonly log: StepLog,
    private readonly watch: Watch,
  ) {
    socket.on('message', (datagram, from) => {
      const decoded = decodePacket(datagram);
      if (decoded.ok) this.received.push({ packet: decoded.packet, from: { host: from.address, port: from.port } });
      else this.damaged.push(decoded.reason);
      this.watch.changed();
    });
    socket.on('error', () => {}); // an ICMP "unreachable" for one of our datagrams: UDP loses it, so do we
  }

  /**
   * A UDP socket on 127.0.0.1 and a port the system chooses, or at `at` (another loopback address with
   * a port in use on 127.0.0.1, say); rejects when that cannot be bound.
   */
  static async open(label: string, log: StepLog, watch: Watch, at: Address = { host: HOST, port: 0 }): Promise<UdpParty> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      const refused = (error: Error) => {
        socket.close();
        reject(error);
      };
      socket.once('error', refused);
      socket.bind(at.port, at.host, () => {
        socket.off('error', refused);
        resolve();
      });
    });
    return new UdpParty(socket, label, log, watch);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(packet: UdpPacket, to: Address, note = ''): void {
    this.log.add(`${this.label} sent ${describePacket(packet)} to ${to.host}:${to.port}${note ? ` (${note})` : ''}`);
    this.sendQuietly(encodePacket(packet), to);
  }

  /** Sends bytes as they are (a damaged datagram); `description` says what they are. */
  sendRaw(datagram: Buffer, to: Address, description: string): void {
    this.log.add(`${this.label} sent ${description} to ${to.host}:${to.port}`);
    this.sendQuietly(datagram, to);
  }

  /** The next packet not looked at yet; fails when none comes in time. */
  async next({ timeoutMs = EVENT_TIMEOUT_MS, why = '', expected = 'a packet' } = {}): Promise<ReceivedPacket> {
    const found = await this.watch.until(() => this.received[this.consumed], timeoutMs);
    if (!found) fail({ expected: `${this.label} to receive ${expected}`, got: `nothing within ${timeoutMs / 1000} s${this.recent()}`, why });
    this.consumed += 1;
    this.log.add(`${this.label} received ${describePacket(found.packet)}`);
    return found;
  }

  /** The next packet (after skipped ones) must have this type and, if given, this seq. */
  async expect(type: UdpPacketType, seq: number | undefined, { timeoutMs = EVENT_TIMEOUT_MS, why = '', skip }: ExpectPacketOptions = {}): Promise<ReceivedPacket> {
    const expected = seq === undefined ? type : `${type} seq=${seq}`;
    for (;;) {
      const got = await this.next({ timeoutMs, why, expected });
      if (skip?.(got.packet) && !(got.packet.type === type && (seq === undefined || got.packet.seq === seq))) continue;
      if (got.packet.type !== type || (seq !== undefined && got.packet.seq !== seq)) {
        fail({ expected: `${this.label} to receive ${expected}`, got: `${describePacket(got.packet)}${this.recent()}`, why });
      }
      return got;
    }
  }

  /** Packets received and not looked at yet. */
  get unread(): number {
    return this.received.length - this.consumed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }

  private sendQuietly(datagram: Buffer, to: Address): void {
    if (!this.closed) this.socket.send(datagram, to.port, to.host);
  }

  private recent(): string {
    const recent = this.received.slice(-SHOWN_RECENT).map((r) => describePacket(r.packet));
    const damaged = this.damaged.length > 0 ? `\n${this.damaged.length} damaged datagram(s) too: ${this.damaged.slice(-4).join(', ')}` : '';
    return recent.length > 0 ? `\nthe last packets ${this.label} received:\n  ${recent.join('\n  ')}${damaged}` : `\n${this.label} received no packet at all${damaged}`;
  }
}

/**
 * How steps show a packet: `DATA seq=3 (1200 bytes)`, `ACK seq=2`, `META seq=0 id=77 {"name":…}`. The
 * transfer id is shown with META only, where a transfer begins.
 */
export function describePacket({ type, seq, payload, transferId }: UdpPacket): string {
  if (type === 'META') return `META seq=${seq} id=${transferId} ${Buffer.from(payload).toString('utf8')}`;
  if (type === 'FIN_ACK') return `FIN_ACK seq=${seq} ${Buffer.from(payload).toString('utf8')}`;
  if (type === 'DATA') return `DATA seq=${seq} (${payload.length} bytes)`;
  return `${type} seq=${seq}${payload.length > 0 ? ` (+${payload.length} unexpected payload bytes)` : ''}`;
}
