// Property: the datagram codec round-trips every valid packet, and any bytes (random, truncated or
// with one bit flipped) decode to a clean refusal, never an exception or a wrong packet.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { UDP_HEADER_BYTES, UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import { decodeFinAck, decodeMeta, decodePacket, encodePacket, UDP_TYPES, type UdpPacketType } from '#kit/protocol/udp-packet.ts';

const packetArb = fc.record({
  type: fc.constantFrom(...(Object.keys(UDP_TYPES) as UdpPacketType[])),
  transferId: fc.nat({ max: 0xffff_ffff }),
  seq: fc.nat({ max: 0xffff_ffff }),
  payload: fc.uint8Array({ maxLength: UDP_MAX_PAYLOAD }),
});

describe('UDP packet codec', () => {
  test('encode then decode gives the same packet', () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        const decoded = decodePacket(encodePacket(packet));
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        expect({ ...decoded.packet, payload: Buffer.from(decoded.packet.payload) }).toEqual({ ...packet, payload: Buffer.from(packet.payload) });
      }),
      { numRuns: 2_000 },
    );
  });

  test('any single flipped bit is refused (CRC-32 catches every 1-bit error)', () => {
    fc.assert(
      fc.property(packetArb, fc.nat(), fc.nat({ max: 7 }), (packet, at, bit) => {
        const bytes = Buffer.from(encodePacket(packet));
        const index = at % bytes.length;
        bytes[index] = (bytes[index] ?? 0) ^ (1 << bit);
        expect(decodePacket(bytes).ok).toBe(false);
      }),
      { numRuns: 3_000 },
    );
  });

  test('a truncated or extended datagram is refused', () => {
    fc.assert(
      fc.property(packetArb, fc.integer({ min: -UDP_MAX_PAYLOAD - UDP_HEADER_BYTES, max: 20 }).filter((n) => n !== 0), (packet, delta) => {
        const bytes = encodePacket(packet);
        const changed = delta < 0 ? bytes.subarray(0, Math.max(0, bytes.length + delta)) : Buffer.concat([bytes, Buffer.alloc(delta)]);
        expect(decodePacket(changed).ok).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  test('random bytes never throw, and META/FIN_ACK payload parsers never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: UDP_HEADER_BYTES + UDP_MAX_PAYLOAD + 8 }), (bytes) => {
        const result = decodePacket(bytes);
        if (!result.ok) expect(['TOO_SHORT', 'BAD_LENGTH', 'BAD_CRC', 'BAD_VERSION', 'BAD_TYPE']).toContain(result.reason);
        expect(() => decodeMeta(bytes)).not.toThrow();
        expect(() => decodeFinAck(bytes)).not.toThrow();
      }),
      { numRuns: 5_000 },
    );
  });

  test('META payloads from arbitrary JSON are either fully valid or null', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const meta = decodeMeta(Buffer.from(JSON.stringify(value) ?? ''));
        if (meta) expect(Number.isInteger(meta.size) && meta.window >= 1 && meta.name.length > 0).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});
