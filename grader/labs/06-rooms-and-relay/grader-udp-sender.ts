// The grader as a holder's UDP sender (PROTOCOL §5.9, §6.2, §6.4): a whole Selective Repeat transfer
// written from the spec, with its own timers, so that the student's asker can be given a file through
// the lossy relay. Quiet: a transfer of hundreds of datagrams is summed up in one step, not logged one
// datagram at a time (the relay's counts end the transcript).
import dgram from 'node:dgram';
import { dataPacketCount, decodeFinAck, decodePacket, encodeMeta, encodePacket, type UdpMeta, type UdpPacketType } from '#kit/protocol/udp-packet.ts';
import { UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../engine/check-context.ts';

export interface SendPlan {
  /** Where to send: the relay in front of the asker's udp_port. */
  port: number;
  /** What META announces; `bytes` are what the DATA packets really carry. */
  meta: UdpMeta;
  bytes: Buffer;
  timeoutMs: number;
  giveUpMs: number;
}

export type SendEnd =
  | { kind: 'fin-ack'; ok: boolean; sha256: string }
  | { kind: 'gave-up'; waitingFor: string }
  | { kind: 'stopped' };

const HOST = '127.0.0.1';
const EMPTY = new Uint8Array(0);

export class GraderUdpSender {
  private ended = false;
  private settle: (end: SendEnd) => void = () => {};
  private readonly timers = new Set<NodeJS.Timeout>();
  private sent = 0;
  private resent = 0;
  private answers = 0;

  private constructor(
    private readonly ctx: CheckContext,
    private readonly socket: dgram.Socket,
    private readonly label: string,
    readonly transferId: number,
  ) {}

  /** A socket of the grader's on 127.0.0.1, closed when the check ends. */
  static async open(ctx: CheckContext, label: string): Promise<GraderUdpSender> {
    const socket = dgram.createSocket('udp4');
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
    const sender = new GraderUdpSender(ctx, socket, label, ctx.random.int(0, 0xffff_ffff));
    ctx.defer(() => sender.stop());
    return sender;
  }

  /** Sends the whole transfer; resolves at FIN_ACK, when giving up, or when stopped. */
  send(plan: SendPlan): Promise<SendEnd> {
    const n = dataPacketCount(plan.bytes.length);
    const window = plan.meta.window;
    let phase: 'meta' | 'data' | 'fin' = 'meta';
    let base = 1;
    let next = 1;
    const unacked = new Map<number, NodeJS.Timeout>();
    let repeat: NodeJS.Timeout | undefined;
    let giveUp: NodeJS.Timeout | undefined;
    this.ctx.log.add(`${this.label} sends META ${JSON.stringify(plan.meta)} (transfer id ${this.transferId}, ${n} DATA packets${plan.bytes.length === plan.meta.size ? '' : `; the DATA carry ${plan.bytes.length} bytes`}) to 127.0.0.1:${plan.port}, and goes on by Selective Repeat`);

    const out = (type: UdpPacketType, seq: number, payload: Uint8Array, again = false) => {
      if (this.ended) return;
      this.sent += 1;
      if (again) this.resent += 1;
      this.socket.send(encodePacket({ type, transferId: this.transferId, seq, payload }), plan.port, HOST);
    };
    const timer = (ms: number, act: () => void) => {
      const handle = setTimeout(() => {
        this.timers.delete(handle);
        act();
      }, ms);
      this.timers.add(handle);
      return handle;
    };
    const cancel = (handle: NodeJS.Timeout | undefined) => {
      if (handle === undefined) return;
      clearTimeout(handle);
      this.timers.delete(handle);
    };
    const progress = () => {
      cancel(giveUp);
      giveUp = timer(plan.giveUpMs, () => this.end({ kind: 'gave-up', waitingFor: phase === 'meta' ? 'ACK 0 (of META)' : phase === 'fin' ? 'FIN_ACK' : `an ACK of DATA ${base}` }));
    };
    const repeatEvery = (type: 'META' | 'FIN', seq: number, payload: Uint8Array) => {
      out(type, seq, payload);
      const again = () => {
        out(type, seq, payload, true);
        repeat = timer(plan.timeoutMs, again);
      };
      repeat = timer(plan.timeoutMs, again);
    };
    const payloadOf = (seq: number) => plan.bytes.subarray((seq - 1) * UDP_MAX_PAYLOAD, seq * UDP_MAX_PAYLOAD);
    const arm = (seq: number) => {
      unacked.set(seq, timer(plan.timeoutMs, () => {
        out('DATA', seq, payloadOf(seq), true);
        arm(seq);
      }));
    };
    const fill = () => {
      while (phase === 'data' && next < base + window && next <= n) {
        out('DATA', next, payloadOf(next));
        arm(next);
        next += 1;
      }
      if (phase === 'data' && base > n) {
        phase = 'fin';
        repeatEvery('FIN', n + 1, EMPTY);
      }
    };

    this.socket.removeAllListeners('message');
    this.socket.on('message', (datagram, from) => {
      if (from.port !== plan.port || this.ended) return; // only the relay's answers
      const decoded = decodePacket(datagram);
      if (!decoded.ok || decoded.packet.transferId !== this.transferId) return;
      const { type, seq, payload } = decoded.packet;
      this.answers += 1;
      if (phase === 'meta' && type === 'ACK' && seq === 0) {
        cancel(repeat);
        phase = 'data';
        this.ctx.log.add(`${this.label} received ACK 0: META acknowledged`);
        progress();
        fill();
      } else if (phase === 'data' && type === 'ACK' && unacked.has(seq)) {
        cancel(unacked.get(seq));
        unacked.delete(seq);
        while (base < next && !unacked.has(base)) base += 1;
        progress();
        fill();
      } else if (phase === 'fin' && type === 'FIN_ACK' && seq === n + 1) {
        const answer = decodeFinAck(payload);
        if (answer) this.end({ kind: 'fin-ack', ok: answer.ok, sha256: answer.sha256 });
      }
    });
    return new Promise((resolve) => {
      this.settle = (end) => {
        this.ctx.log.add(`${this.label}: ${describeEnd(end)}; ${this.sent} datagrams sent (${this.resent} of them again after a timeout), ${this.answers} answers received`);
        resolve(end);
      };
      progress();
      repeatEvery('META', 0, encodeMeta(plan.meta));
    });
  }

  /** Stops every timer and the socket: the asker answered on the connection, or the check ended. */
  stop(): void {
    this.end({ kind: 'stopped' });
    try {
      this.socket.close();
    } catch {
      // closed already
    }
  }

  private end(end: SendEnd): void {
    if (this.ended) return;
    this.ended = true;
    for (const handle of this.timers) clearTimeout(handle);
    this.timers.clear();
    this.settle(end);
  }
}

function describeEnd(end: SendEnd): string {
  if (end.kind === 'fin-ack') return `FIN_ACK {"ok":${end.ok},"sha256":"${end.sha256}"}`;
  if (end.kind === 'gave-up') return `gave up, no answer while waiting for ${end.waitingFor}`;
  return 'stopped';
}
