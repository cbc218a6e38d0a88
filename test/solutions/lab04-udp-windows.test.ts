// The reference's reliable-UDP rules as plain function calls: the receive windows, and the sender's
// window and timers driven by fake time, so each rule of docs/PROTOCOL.md §6.3–§6.4 is pinned down.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeMeta, decodePacket, encodeFinAck, type UdpMode, type UdpPacket } from '#kit/protocol/udp-packet.ts';
import { GoBackNReceiveWindow, SelectiveRepeatReceiveWindow } from '../../solutions/04-file-transfer/udp-receiver.ts';
import { ReliableSender, type SendOutcome } from '../../solutions/04-file-transfer/udp-sender.ts';

const bytes = (seq: number) => Uint8Array.of(seq);

describe('Go-Back-N receive window', () => {
  it('delivers only the expected packet and answers every packet with the cumulative ACK', () => {
    const window = new GoBackNReceiveWindow(4);
    expect(window.ackForMeta()).toBe(1);
    expect(window.receive(1, bytes(1))).toEqual({ ack: 2, deliver: [bytes(1)] });
    expect(window.receive(3, bytes(3))).toEqual({ ack: 2, deliver: [] });
    expect(window.receive(2, bytes(2))).toEqual({ ack: 3, deliver: [bytes(2)] });
    expect(window.receive(2, bytes(2))).toEqual({ ack: 3, deliver: [] });
    window.receive(3, bytes(3));
    expect(window.complete).toBe(false);
    expect(window.receive(4, bytes(4))).toEqual({ ack: 5, deliver: [bytes(4)] });
    expect(window.complete).toBe(true);
    expect(window.buffered).toBe(0);
  });
});

describe('Selective Repeat receive window', () => {
  it('keeps packets inside the window, delivers runs from base, re-acknowledges old ones, drops the rest', () => {
    const window = new SelectiveRepeatReceiveWindow(3, 6);
    expect(window.ackForMeta()).toBe(0);
    expect(window.receive(3, bytes(3))).toEqual({ ack: 3, deliver: [] });
    expect(window.receive(4, bytes(4))).toEqual({ ack: undefined, deliver: [] }); // beyond [1, 3]
    expect(window.receive(2, bytes(2))).toEqual({ ack: 2, deliver: [] });
    expect(window.buffered).toBe(2);
    expect(window.receive(1, bytes(1))).toEqual({ ack: 1, deliver: [bytes(1), bytes(2), bytes(3)] });
    expect(window.buffered).toBe(0);
    expect(window.receive(2, bytes(2))).toEqual({ ack: 2, deliver: [] }); // its ACK may have been lost
    expect(window.receive(6, bytes(6))).toEqual({ ack: 6, deliver: [] });
    expect(window.receive(6, bytes(6))).toEqual({ ack: 6, deliver: [] }); // stored once
    expect(window.buffered).toBe(1);
    window.receive(5, bytes(5));
    expect(window.receive(4, bytes(4)).deliver).toEqual([bytes(4), bytes(5), bytes(6)]);
    expect(window.complete).toBe(true);
  });

  it('never holds more than the window', () => {
    const window = new SelectiveRepeatReceiveWindow(4, 100);
    for (let seq = 2; seq <= 100; seq += 1) window.receive(seq, bytes(seq));
    expect(window.buffered).toBe(3);
  });
});

// ── the sender, with fake timers and a fake network ─────────────────────────────────────────────

afterEach(() => {
  vi.useRealTimers();
});

interface Harness {
  sent: UdpPacket[];
  /** DATA seqs sent since the last call. */
  takeData(): number[];
  ack(seq: number): Promise<void>;
  finAck(ok: boolean): Promise<void>;
  outcome: () => SendOutcome | undefined;
  tick(ms: number): Promise<void>;
}

async function startSender(mode: UdpMode, packets: number, window: number): Promise<Harness> {
  vi.useFakeTimers();
  const sent: UdpPacket[] = [];
  let read = 0;
  async function* payloads() {
    for (let seq = 1; seq <= packets; seq += 1) yield new Uint8Array(seq < packets ? 1200 : 7);
  }
  let outcome: SendOutcome | undefined;
  const sender = new ReliableSender({
    transferId: 9,
    meta: { name: 'a.bin', size: packets === 0 ? 0 : (packets - 1) * 1200 + 7, sha256: 'a'.repeat(64), mode, window },
    payloads: payloads(),
    timeoutMs: 50,
    giveUpMs: 1000,
    link: {
      send(datagram) {
        const decoded = decodePacket(datagram);
        if (decoded.ok) sent.push(decoded.packet);
      },
      timedOut() {},
    },
  });
  void sender.run().then((result) => (outcome = result));
  const flush = async () => {
    await vi.advanceTimersByTimeAsync(0);
  };
  const packet = (type: UdpPacket['type'], seq: number, payload: Uint8Array = new Uint8Array(0)): UdpPacket => ({ type, transferId: 9, seq, payload });
  await flush();
  return {
    sent,
    takeData() {
      const data = sent.slice(read).filter((p) => p.type === 'DATA').map((p) => p.seq);
      read = sent.length;
      return data;
    },
    async ack(seq) {
      sender.receive(packet('ACK', seq));
      await flush();
    },
    async finAck(ok) {
      sender.receive(packet('FIN_ACK', packets + 1, encodeFinAck({ ok, sha256: 'b'.repeat(64) })));
      await flush();
    },
    outcome: () => outcome,
    async tick(ms) {
      await vi.advanceTimersByTimeAsync(ms);
    },
  };
}

describe('the sender', () => {
  it('Go-Back-N: META first, a window in flight, and a timeout resends from base on', async () => {
    const s = await startSender('gbn', 6, 4);
    expect(s.sent[0]?.type).toBe('META');
    expect(decodeMeta(s.sent[0]!.payload)).toMatchObject({ name: 'a.bin', mode: 'gbn', window: 4 });
    await s.tick(50);
    expect(s.sent.map((p) => p.type)).toEqual(['META', 'META']); // repeated until acknowledged
    await s.ack(1);
    expect(s.takeData()).toEqual([1, 2, 3, 4]);
    await s.ack(2);
    expect(s.takeData()).toEqual([5]);
    await s.ack(2); // a duplicate ACK changes nothing
    expect(s.takeData()).toEqual([]);
    await s.tick(50);
    expect(s.takeData()).toEqual([2, 3, 4, 5]);
    await s.ack(6);
    expect(s.takeData()).toEqual([6]);
    await s.ack(7);
    expect(s.sent.at(-1)).toMatchObject({ type: 'FIN', seq: 7 });
    await s.finAck(true);
    expect(s.outcome()).toEqual({ ok: true, packets: 6, retransmissions: 4 });
  });

  it('Selective Repeat: each ACK names one packet, and a timeout resends only that packet', async () => {
    const s = await startSender('sr', 6, 4);
    await s.ack(1); // not the META ACK in Selective Repeat: ignored
    expect(s.takeData()).toEqual([]);
    await s.ack(0);
    expect(s.takeData()).toEqual([1, 2, 3, 4]);
    await s.ack(1);
    await s.ack(3);
    await s.ack(4);
    expect(s.takeData()).toEqual([5]); // base moved to 2 only
    await s.tick(50);
    expect(s.takeData()).toEqual([2, 5]); // the timers of 2 and 5; never 3 or 4
    await s.ack(2);
    await s.ack(5);
    expect(s.takeData()).toEqual([6]);
    await s.ack(6);
    await s.finAck(false);
    expect(s.outcome()).toMatchObject({ ok: false, code: 'HASH_MISMATCH' });
  });

  it('sends FIN right after META for an empty file', async () => {
    const s = await startSender('gbn', 0, 4);
    await s.ack(1);
    expect(s.sent.map((p) => `${p.type} ${p.seq}`)).toEqual(['META 0', 'FIN 1']);
  });

  it('gives up with TIMEOUT after giveUpMs without progress', async () => {
    const s = await startSender('sr', 3, 4);
    await s.ack(0);
    await s.tick(999);
    expect(s.outcome()).toBeUndefined();
    await s.tick(1);
    expect(s.outcome()).toMatchObject({ ok: false, code: 'TIMEOUT' });
    const count = s.sent.length;
    await s.tick(500);
    expect(s.sent.length).toBe(count); // every timer stopped
  });
});
