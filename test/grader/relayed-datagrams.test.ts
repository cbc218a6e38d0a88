// The lossy relay's record of the datagrams between two programs (grader/engine/relayed-datagrams.ts):
// every datagram counted by type and direction, the first few and the last ones kept one by one.
import { describe, expect, it } from 'vitest';
import { encodePacket } from '#kit/protocol/udp-packet.ts';
import { RelayRecorder } from '../../grader/engine/relayed-datagrams.ts';

const data = (seq: number) => encodePacket({ type: 'DATA', transferId: 7, seq, payload: Buffer.alloc(100) });
const ack = (seq: number) => encodePacket({ type: 'ACK', transferId: 7, seq, payload: Buffer.alloc(0) });

describe('the relay recorder', () => {
  it('counts every datagram and keeps the first and the last ones, in order, without overlap', () => {
    let now = 0;
    const recorder = new RelayRecorder(4242, () => now++);
    recorder.record('up', encodePacket({ type: 'META', transferId: 7, seq: 0, payload: Buffer.from('{}') }), []);
    for (let seq = 1; seq <= 1000; seq++) {
      recorder.record('up', data(seq), seq % 10 === 0 ? ['dropped'] : []);
      recorder.record('down', ack(seq), seq % 7 === 0 ? ['duplicated', 'held back'] : []);
    }
    recorder.record('up', Buffer.from('not a packet'), ['corrupted']);
    const traffic = recorder.traffic();
    expect(traffic.relayPort).toBe(4242);
    expect(traffic.total).toBe(2002);
    expect(traffic.counts).toEqual({ up: { META: 1, DATA: 1000, other: 1 }, down: { ACK: 1000 } });
    expect(traffic.first.map((d) => d.what)).toEqual(['META', 'DATA 1 · 100 B', 'ACK 1', 'DATA 2 · 100 B', 'ACK 2', 'DATA 3 · 100 B', 'ACK 3', 'DATA 4 · 100 B']);
    expect(traffic.last).toHaveLength(200);
    expect(traffic.last.at(-1)).toEqual({ atMs: 2001, way: 'up', what: 'not a packet (TOO_SHORT, 12 B)', fates: ['corrupted'] });
    expect(traffic.last.at(-3)).toEqual({ atMs: 1999, way: 'up', what: 'DATA 1000 · 100 B', fates: ['dropped'] });
    expect(traffic.last[0]!.atMs).toBeGreaterThan(traffic.first.at(-1)!.atMs);
    const times = [...traffic.first, ...traffic.last].map((d) => d.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
