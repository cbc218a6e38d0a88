// The grader as the asker's UDP receiver (PROTOCOL §5.9, §6.2, §6.4), for the student's holder: it
// takes the first META, may hold back its ACK (a transfer kept in flight while another get tries for a
// slot), then receives by Selective Repeat with META's window and answers FIN with what it received.
// A DATA packet beyond the window, or FIN before every packet, breaks §6.4 and fails the check.
import dgram from 'node:dgram';
import { UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import { dataPacketCount, decodeMeta, decodePacket, encodeFinAck, encodePacket, type UdpMeta, type UdpPacket, type UdpPacketType } from '#kit/protocol/udp-packet.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { describePacket } from '../../engine/udp-party.ts';
import { sha256 } from '../04-file-transfer/file-harness.ts';

const HOST = '127.0.0.1';
const EMPTY = new Uint8Array(0);

interface Sender {
  port: number;
  transferId: number;
  meta: UdpMeta;
}

export class GraderUdpReceiver {
  private sender: Sender | undefined;
  private metaCopies = 0;
  private holding: boolean;
  private readonly held = new Map<number, Buffer>();
  private base = 1;
  private finAck: Uint8Array | undefined;
  private problem: { expected: string; got: string; why: string } | undefined;
  private datagrams = 0;

  private constructor(
    private readonly ctx: CheckContext,
    private readonly socket: dgram.Socket,
    private readonly label: string,
    hold: boolean,
  ) {
    this.holding = hold;
    socket.on('error', () => {});
    socket.on('message', (datagram, from) => this.receive(datagram, from));
  }

  /** A socket of the grader's on 127.0.0.1, closed when the check ends; `hold`: META's ACK waits for release(). */
  static async open(ctx: CheckContext, label: string, { hold = false } = {}): Promise<GraderUdpReceiver> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
    const receiver = new GraderUdpReceiver(ctx, socket, label, hold);
    ctx.defer(() => {
      socket.close();
    });
    return receiver;
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Waits for the first META; fails when none comes, or when it does not announce `expected`. */
  async meta(expected: { name: string; size: number; sha256: string }, why: string, timeoutMs = 5_000): Promise<UdpMeta> {
    const sender = await this.ctx.watch.until(() => this.sender, timeoutMs);
    if (!sender) fail({ expected: `${this.label} to receive META from your peer`, got: `nothing within ${timeoutMs / 1000} s (${this.datagrams} datagrams at all)`, why });
    const { meta } = sender;
    const wanted = { ...expected, mode: 'sr' };
    if (meta.name !== wanted.name || meta.size !== wanted.size || meta.sha256 !== wanted.sha256 || meta.mode !== 'sr') {
      fail({ expected: `META announcing ${JSON.stringify(wanted)} and a window of 1 to 1024`, got: `META ${JSON.stringify(meta)}`, why: 'PROTOCOL §5.9: the holder sends with Selective Repeat ("sr"), and META repeats the offer\'s name, size and SHA-256' });
    }
    this.ctx.log.add(`${this.label} received META ${JSON.stringify(meta)} (transfer id ${sender.transferId})${this.holding ? ': its ACK held back for now' : ''}`);
    return meta;
  }

  /** Where the student's datagrams come from (its socket, when no relay is between), and the transfer id. */
  get from(): { port: number; transferId: number } | undefined {
    return this.sender && { port: this.sender.port, transferId: this.sender.transferId };
  }

  /** Acknowledges META from now on: the transfer may go on. */
  release(): void {
    this.holding = false;
    if (this.sender) this.reply('ACK', 0, EMPTY);
    this.ctx.log.add(`${this.label} acknowledges META now (it came ${this.metaCopies} time(s) while held back)`);
  }

  /** Receives until FIN, answers it, and returns the bytes delivered. */
  async file(why: string, timeoutMs: number): Promise<Buffer> {
    const done = await this.ctx.watch.until(() => (this.problem || this.finAck ? true : undefined), timeoutMs);
    if (this.problem) fail(this.problem);
    const n = this.sender ? dataPacketCount(this.sender.meta.size) : 0;
    if (!done) fail({ expected: `${this.label} to receive every DATA packet and then FIN seq=${n + 1}`, got: `within ${timeoutMs / 1000} s, DATA up to ${this.base - 1} delivered in order and ${this.held.size} more held (${this.datagrams} datagrams in all)`, why });
    const bytes = this.assemble();
    this.ctx.log.add(`${this.label} received FIN after ${n} DATA packets (${this.datagrams} datagrams in all) and answered FIN_ACK`);
    return bytes;
  }

  private receive(datagram: Buffer, from: dgram.RemoteInfo): void {
    this.datagrams += 1;
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return; // the relay flipped a byte: a receiver drops it unanswered
    const packet = decoded.packet;
    if (!this.sender) {
      const meta = packet.type === 'META' ? decodeMeta(packet.payload) : null;
      if (!meta) return;
      this.sender = { port: from.port, transferId: packet.transferId, meta };
      this.ctx.watch.changed();
    }
    if (from.port !== this.sender.port || packet.transferId !== this.sender.transferId) return;
    this.handle(packet);
    this.ctx.watch.changed();
  }

  private handle(packet: UdpPacket): void {
    const { meta } = this.sender!;
    const n = dataPacketCount(meta.size);
    if (packet.type === 'META') {
      this.metaCopies += 1;
      if (!this.holding) this.reply('ACK', 0, EMPTY);
      return;
    }
    if (this.holding) return this.breaks(packet, 'nothing but META until the asker acknowledges META', 'PROTOCOL §6.2, §5.9: the sender sends META until it is acknowledged, and only then DATA; it takes answers only from the asker\'s address and udp_port, so an ACK from anywhere else (the grader sent one, as a stranger) acknowledges nothing');
    if (packet.type === 'DATA') {
      const { seq, payload } = packet;
      const length = seq === n ? meta.size - (n - 1) * UDP_MAX_PAYLOAD : UDP_MAX_PAYLOAD;
      if (seq < 1 || seq > n || payload.length !== length) return this.breaks(packet, `DATA 1 to ${n}, each as long as its seq implies`, 'PROTOCOL §6.1: DATA seq s carries bytes (s − 1) × 1200 onwards of the file, 1200 of them except in the last packet');
      if (seq >= this.base + meta.window) return this.breaks(packet, `no DATA beyond seq ${this.base + meta.window - 1}: DATA ${this.base} is not delivered yet and META said window ${meta.window}`, 'PROTOCOL §6.4: the sender sends DATA while next < base + window; its base is never past the receiver\'s');
      if (seq >= this.base) {
        if (!this.held.has(seq)) this.held.set(seq, Buffer.from(payload));
        while (this.held.has(this.base)) this.base += 1;
        return this.reply('ACK', seq, EMPTY);
      }
      if (seq >= this.base - meta.window) this.reply('ACK', seq, EMPTY);
      return;
    }
    if (packet.type === 'FIN') {
      if (packet.seq !== n + 1 || this.base <= n) return this.breaks(packet, `FIN seq=${n + 1}, and only once DATA 1 to ${n} were all acknowledged`, 'PROTOCOL §6.2: FIN means "all data acknowledged"');
      if (!this.finAck) {
        const bytes = this.assemble();
        this.finAck = encodeFinAck({ ok: bytes.length === meta.size && sha256(bytes) === meta.sha256, sha256: sha256(bytes) });
      }
      this.reply('FIN_ACK', n + 1, this.finAck); // every repeated FIN gets the same answer
    }
  }

  /** Sends a packet of the grader's choosing from this socket (a stranger's forged answer). */
  forge(packet: { type: UdpPacketType; transferId: number; seq: number }, port: number, note: string): void {
    this.socket.send(encodePacket({ ...packet, payload: EMPTY }), port, HOST);
    this.ctx.log.add(`${this.label} sent ${packet.type} seq=${packet.seq} ${note}`);
  }

  private breaks(packet: UdpPacket, expected: string, why: string): void {
    this.problem ??= { expected: `from your peer's UDP sender: ${expected}`, got: describePacket(packet), why };
  }

  private reply(type: UdpPacketType, seq: number, payload: Uint8Array): void {
    const { port, transferId } = this.sender!;
    this.socket.send(encodePacket({ type, transferId, seq, payload }), port, HOST);
  }

  private assemble(): Buffer {
    const n = this.sender ? dataPacketCount(this.sender.meta.size) : 0;
    return Buffer.concat(Array.from({ length: n }, (_, i) => this.held.get(i + 1) ?? Buffer.alloc(0)));
  }
}
