import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  dataPacketCount, decodeFinAck, decodeMeta, decodePacket, encodeFinAck, encodeMeta, encodePacket, UDP_TYPES,
  type UdpPacket,
} from '#kit/protocol/udp-packet.ts';
import { UDP_HEADER_BYTES, UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';

const SHA = 'b'.repeat(64);
const packet = (fields: Partial<UdpPacket> = {}): UdpPacket => ({
  type: 'DATA',
  transferId: 0xdeadbeef,
  seq: 7,
  payload: Buffer.from('hello, datagram'),
  ...fields,
});

describe('encodePacket / decodePacket', () => {
  it('round-trips every type, empty and full payloads, and extreme numbers', () => {
    for (const type of Object.keys(UDP_TYPES) as UdpPacket['type'][]) {
      for (const payload of [Buffer.alloc(0), Buffer.from('x'), Buffer.alloc(UDP_MAX_PAYLOAD, 0xab)]) {
        for (const [transferId, seq] of [[0, 0], [1, 2], [0xffffffff, 0xffffffff]] as const) {
          const decoded = decodePacket(encodePacket({ type, transferId, seq, payload }));
          expect(decoded).toEqual({ ok: true, packet: { type, transferId, seq, payload: Buffer.from(payload) } });
        }
      }
    }
  });

  it('writes the header layout of docs/PROTOCOL.md, big-endian', () => {
    const datagram = encodePacket(packet({ type: 'ACK', transferId: 0x01020304, seq: 0x0a0b0c0d, payload: Buffer.from([0xff, 0xee]) }));
    expect(datagram.length).toBe(UDP_HEADER_BYTES + 2);
    expect([...datagram.subarray(0, 12)]).toEqual([1, 3, 0, 2, 1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d]);
    const expectedCrc = crc32(Buffer.from([0xff, 0xee]), crc32(datagram.subarray(0, 12)));
    expect(datagram.readUInt32BE(12)).toBe(expectedCrc);
    expect([...datagram.subarray(16)]).toEqual([0xff, 0xee]);
  });

  it('decodes from a view inside a bigger buffer', () => {
    const datagram = encodePacket(packet());
    const big = Buffer.concat([Buffer.alloc(5, 9), datagram, Buffer.alloc(3, 9)]);
    expect(decodePacket(big.subarray(5, 5 + datagram.length))).toMatchObject({ ok: true, packet: { seq: 7 } });
  });

  it('refuses to build packets that cannot exist', () => {
    expect(() => encodePacket(packet({ payload: Buffer.alloc(UDP_MAX_PAYLOAD + 1) }))).toThrow(RangeError);
    expect(() => encodePacket(packet({ seq: -1 }))).toThrow(RangeError);
    expect(() => encodePacket(packet({ seq: 2 ** 32 }))).toThrow(RangeError);
    expect(() => encodePacket(packet({ transferId: 1.5 }))).toThrow(RangeError);
    expect(() => encodePacket(packet({ type: 'NOPE' as UdpPacket['type'] }))).toThrow(RangeError);
  });
});

describe('decodePacket detects damage', () => {
  const good = encodePacket(packet());

  it('detects a change of any single byte', () => {
    for (let index = 0; index < good.length; index++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const bad = Buffer.from(good);
        bad[index] = (bad[index] ?? 0) ^ flip;
        expect(decodePacket(bad).ok, `byte ${index} ^ ${flip}`).toBe(false);
      }
    }
  });

  it('names the reason', () => {
    const withByte = (index: number, value: number) => {
      const copy = Buffer.from(good);
      copy[index] = value;
      return copy;
    };
    expect(decodePacket(good.subarray(0, 15))).toEqual({ ok: false, reason: 'TOO_SHORT' });
    expect(decodePacket(Buffer.alloc(0))).toEqual({ ok: false, reason: 'TOO_SHORT' });
    expect(decodePacket(good.subarray(0, good.length - 1))).toEqual({ ok: false, reason: 'BAD_LENGTH' });
    expect(decodePacket(Buffer.concat([good, Buffer.from([0])]))).toEqual({ ok: false, reason: 'BAD_LENGTH' });
    expect(decodePacket(withByte(good.length - 1, 0))).toEqual({ ok: false, reason: 'BAD_CRC' });
    // A wrong version or type with a CRC that matches is a real packet of something else, not noise.
    const resealed = (index: number, value: number) => {
      const copy = withByte(index, value);
      copy.writeUInt32BE(crc32(copy.subarray(16), crc32(copy.subarray(0, 12))), 12);
      return copy;
    };
    expect(decodePacket(resealed(0, 2))).toEqual({ ok: false, reason: 'BAD_VERSION' });
    expect(decodePacket(resealed(1, 0))).toEqual({ ok: false, reason: 'BAD_TYPE' });
    expect(decodePacket(resealed(1, 6))).toEqual({ ok: false, reason: 'BAD_TYPE' });
  });

  it('refuses a length field above the maximum payload even if the bytes are there', () => {
    const huge = Buffer.alloc(UDP_HEADER_BYTES + UDP_MAX_PAYLOAD + 1);
    huge.writeUInt8(1, 0);
    huge.writeUInt8(2, 1);
    huge.writeUInt16BE(UDP_MAX_PAYLOAD + 1, 2);
    huge.writeUInt32BE(crc32(huge.subarray(16), crc32(huge.subarray(0, 12))), 12);
    expect(decodePacket(huge)).toEqual({ ok: false, reason: 'BAD_LENGTH' });
  });

  it('never throws on random bytes', () => {
    let seed = 4;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let round = 0; round < 5000; round++) {
      const bytes = Buffer.from(Array.from({ length: next() % 40 }, () => next() & 0xff));
      if (round % 3 === 0 && bytes.length >= 4) bytes.writeUInt16BE(Math.max(0, bytes.length - 16), 2);
      expect(typeof decodePacket(bytes).ok).toBe('boolean');
    }
  });
});

describe('META and FIN_ACK payloads', () => {
  const meta = { name: 'photo.jpg', size: 123_456, sha256: SHA, mode: 'sr', window: 32 } as const;

  it('round-trip', () => {
    expect(decodeMeta(encodeMeta(meta))).toEqual(meta);
    expect(decodeFinAck(encodeFinAck({ ok: true, sha256: SHA }))).toEqual({ ok: true, sha256: SHA });
    expect(encodeMeta(meta).length).toBeLessThanOrEqual(UDP_MAX_PAYLOAD);
  });

  it.each([
    ['not JSON', Buffer.from('{"name"')],
    ['not an object', Buffer.from('[1]')],
    ['bad UTF-8', Buffer.from([0x7b, 0xff, 0x7d])],
    ['empty name', encodeMeta({ ...meta, name: '' })],
    ['negative size', encodeMeta({ ...meta, size: -1 })],
    ['bad sha', encodeMeta({ ...meta, sha256: 'xyz' })],
    ['bad mode', Buffer.from(JSON.stringify({ ...meta, mode: 'tcp' }))],
    ['window 0', encodeMeta({ ...meta, window: 0 })],
    ['window 1025', encodeMeta({ ...meta, window: 1025 })],
  ])('META refuses %s', (_title, payload) => {
    expect(decodeMeta(payload)).toBeNull();
  });

  it('FIN_ACK refuses bad payloads', () => {
    expect(decodeFinAck(Buffer.from('{"ok":"yes","sha256":"' + SHA + '"}'))).toBeNull();
    expect(decodeFinAck(Buffer.from('{"ok":true}'))).toBeNull();
    expect(decodeFinAck(Buffer.alloc(0))).toBeNull();
  });

  it('counts DATA packets', () => {
    expect(dataPacketCount(0)).toBe(0);
    expect(dataPacketCount(1)).toBe(1);
    expect(dataPacketCount(UDP_MAX_PAYLOAD)).toBe(1);
    expect(dataPacketCount(UDP_MAX_PAYLOAD + 1)).toBe(2);
  });
});
