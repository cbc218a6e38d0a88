// The grader playing one end of a reliable-UDP transfer itself, packet by packet, so that a check can
// create exactly the situation it wants (a gap, a duplicate, a lost packet, a silence) and see exactly
// what the student's program answers.
import { UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import { dataPacketCount, decodeFinAck, decodeMeta, encodeFinAck, encodeMeta, encodePacket, type UdpMeta, type UdpMode, type UdpPacket } from '#kit/protocol/udp-packet.ts';
import { fail } from '../../engine/check-failure.ts';
import type { Address, ReceivedPacket, UdpParty } from '../../engine/udp-party.ts';
import { sha256Of, type TestFile } from './udp-harness.ts';

const EMPTY = new Uint8Array(0);

/** The payload of DATA `seq` of a file. */
export function payloadOf(bytes: Buffer, seq: number): Buffer {
  return bytes.subarray((seq - 1) * UDP_MAX_PAYLOAD, seq * UDP_MAX_PAYLOAD);
}

/** The grader as a sender, driving the student's receiver. */
export class ScriptedSender {
  readonly packetCount: number;

  constructor(
    private readonly party: UdpParty,
    private readonly to: Address,
    private readonly file: TestFile,
    private readonly mode: UdpMode,
    private readonly window: number,
    readonly transferId: number,
  ) {
    this.packetCount = dataPacketCount(file.bytes.length);
  }

  get meta(): UdpMeta {
    return { name: this.file.name, size: this.file.bytes.length, sha256: this.file.sha256, mode: this.mode, window: this.window };
  }

  sendMeta(): void {
    this.send({ type: 'META', seq: 0, payload: encodeMeta(this.meta) });
  }

  sendData(seq: number, note = ''): void {
    this.send({ type: 'DATA', seq, payload: payloadOf(this.file.bytes, seq) }, note);
  }

  /** DATA `seq` with any payload (a wrong length, or a seq beyond n), its CRC intact. */
  sendDataWith(seq: number, payload: Uint8Array, note: string): void {
    this.send({ type: 'DATA', seq, payload }, note);
  }

  /** FIN (seq n + 1), whatever has been acknowledged so far. */
  sendFin(note = ''): void {
    this.send({ type: 'FIN', seq: this.packetCount + 1, payload: EMPTY }, note);
  }

  /** DATA `seq` with one byte of its payload flipped after the CRC was computed. */
  sendDamagedData(seq: number, payloadIndex: number): void {
    const datagram = encodePacket({ type: 'DATA', transferId: this.transferId, seq, payload: payloadOf(this.file.bytes, seq) });
    const at = 16 + payloadIndex;
    datagram[at] = (datagram[at] ?? 0) ^ 0xff;
    this.party.sendRaw(datagram, this.to, `DATA seq=${seq} with payload byte ${payloadIndex} flipped after the CRC was computed, so its CRC no longer matches`);
  }

  /** Expects the receiver's next packet to be ACK `seq`; older ACKs repeated meanwhile are skipped if `skipOlder`. */
  async expectAck(seq: number, why: string, { skipOlder = false } = {}): Promise<ReceivedPacket> {
    const skip = skipOlder ? (p: UdpPacket) => p.type === 'ACK' && p.seq < seq : undefined;
    return this.ownTransfer(await this.party.expect('ACK', seq, { why, skip }));
  }

  /** Sends FIN and expects FIN_ACK saying ok, with the file's SHA-256. */
  async finish(why: string): Promise<void> {
    const seq = this.packetCount + 1;
    this.send({ type: 'FIN', seq, payload: EMPTY });
    const { packet } = this.ownTransfer(await this.party.expect('FIN_ACK', seq, { why, skip: (p) => p.type === 'ACK' }));
    const answer = decodeFinAck(packet.payload);
    if (!answer || !answer.ok || answer.sha256 !== this.file.sha256) {
      fail({
        expected: `FIN_ACK with {"ok":true,"sha256":"${this.file.sha256}"}`,
        got: `FIN_ACK with ${Buffer.from(packet.payload).toString('utf8')}`,
        why: answer && !answer.ok ? `${why}; ok false means the bytes your receiver wrote do not hash to the META's SHA-256` : why,
      });
    }
  }

  /** FIN again, as when the FIN_ACK was lost: the receiver answers with the same FIN_ACK (§6.2). */
  async finAgain(why: string): Promise<void> {
    const seq = this.packetCount + 1;
    this.send({ type: 'FIN', seq, payload: EMPTY }, 'again, as if the FIN_ACK had been lost');
    const { packet } = this.ownTransfer(await this.party.expect('FIN_ACK', seq, { why, skip: (p) => p.type === 'ACK' }));
    const answer = decodeFinAck(packet.payload);
    if (!answer?.ok || answer.sha256 !== this.file.sha256) fail({ expected: `the same FIN_ACK {"ok":true,"sha256":"${this.file.sha256}"}`, got: `FIN_ACK with ${Buffer.from(packet.payload).toString('utf8')}`, why });
  }

  private ownTransfer(received: ReceivedPacket): ReceivedPacket {
    if (received.packet.transferId !== this.transferId) {
      fail({
        expected: `the answer to carry transfer id ${this.transferId}`,
        got: `transfer id ${received.packet.transferId}`,
        why: 'every answer carries the transfer id of the META it belongs to: that is how a sender tells its transfers apart',
      });
    }
    return received;
  }

  private send(packet: Omit<UdpPacket, 'transferId'>, note = ''): void {
    this.party.send({ ...packet, transferId: this.transferId }, this.to, note);
  }
}

/** What the grader, as a receiver, learnt from the student's META. */
export interface SenderSeen {
  meta: UdpMeta;
  transferId: number;
  from: Address;
}

/** Waits for the student's META and checks its fields against the file and flags. */
export async function expectMeta(party: UdpParty, file: TestFile, mode: UdpMode, window: number): Promise<SenderSeen> {
  const { packet, from } = await party.expect('META', 0, { why: 'a transfer starts with META, seq 0 (docs/PROTOCOL.md §6.1)' });
  const meta = decodeMeta(packet.payload);
  const wanted: UdpMeta = { name: file.name, size: file.bytes.length, sha256: file.sha256, mode, window };
  if (!meta || JSON.stringify(meta) !== JSON.stringify(wanted)) {
    fail({
      expected: `META with ${JSON.stringify(wanted)}`,
      got: `META with ${Buffer.from(packet.payload).toString('utf8')}`,
      why: 'META announces the base name, size, SHA-256, --mode and --window of the file, in JSON',
    });
  }
  return { meta, transferId: packet.transferId, from };
}

/** Replies to the student's sender. */
export function reply(party: UdpParty, seen: SenderSeen, type: 'ACK' | 'FIN_ACK', seq: number, note = '', payload: Uint8Array = EMPTY): void {
  party.send({ type, transferId: seen.transferId, seq, payload }, seen.from, note);
}

/** FIN_ACK for the bytes the grader received, in answer to FIN n+1. */
export function answerFin(party: UdpParty, seen: SenderSeen, received: Buffer): void {
  const sha256 = sha256Of(received);
  const ok = sha256 === seen.meta.sha256 && received.length === seen.meta.size;
  reply(party, seen, 'FIN_ACK', dataPacketCount(seen.meta.size) + 1, ok ? 'the file verified' : 'the file did NOT verify', encodeFinAck({ ok, sha256 }));
}

/**
 * The grader as an honest receiver of `mode` (PROTOCOL §6.3, §6.4): keeps each packet it delivers and
 * acknowledges as the mode says. `take` may be wrapped by a check that misbehaves now and then.
 */
export class HonestReceiver {
  private readonly held = new Map<number, Buffer>();
  /** GBN: the next seq to deliver. */
  expected = 1;

  constructor(
    private readonly party: UdpParty,
    private readonly seen: SenderSeen,
    private readonly packetCount: number,
  ) {}

  take(seq: number, payload: Uint8Array): void {
    if (this.seen.meta.mode === 'sr') {
      if (!this.held.has(seq)) this.held.set(seq, Buffer.from(payload));
      return reply(this.party, this.seen, 'ACK', seq);
    }
    if (seq === this.expected) {
      this.held.set(seq, Buffer.from(payload));
      this.expected += 1;
    }
    reply(this.party, this.seen, 'ACK', this.expected);
  }

  /** Every DATA packet delivered. */
  get complete(): boolean {
    return Array.from({ length: this.packetCount }, (_, i) => this.held.has(i + 1)).every(Boolean);
  }

  assemble(): Buffer {
    return Buffer.concat(Array.from({ length: this.packetCount }, (_, i) => this.held.get(i + 1) ?? Buffer.alloc(0)));
  }
}
