// The datagram of the reliable-UDP transfer (Lab 04 step 7): a 16-byte big-endian header and a
// payload. decodePacket never throws: a datagram can be anything the network hands us, and a bad one
// is simply dropped. encodePacket throws RangeError, because a bad packet to send is a bug in our code.
//
//   offset  size  field
//        0    u8  version (1)
//        1    u8  type: 1 META, 2 DATA, 3 ACK, 4 FIN, 5 FIN_ACK
//        2   u16  payload length (0..1200)
//        4   u32  transfer id
//        8   u32  seq
//       12   u32  CRC-32 (zlib) of bytes 0..11 followed by the payload
import { crc32 } from 'node:zlib';
import { MAX_FILE_NAME_BYTES, SHA256_PATTERN, UDP_HEADER_BYTES, UDP_MAX_PAYLOAD, UDP_MAX_WINDOW, UDP_VERSION } from './limits.ts';

export const UDP_TYPES = { META: 1, DATA: 2, ACK: 3, FIN: 4, FIN_ACK: 5 } as const;
export type UdpPacketType = keyof typeof UDP_TYPES;
const TYPE_BY_NUMBER = new Map(Object.entries(UDP_TYPES).map(([name, number]) => [number as number, name as UdpPacketType]));

const U32_MAX = 0xffff_ffff;

export interface UdpPacket {
  type: UdpPacketType;
  transferId: number;
  seq: number;
  payload: Uint8Array;
}

export type UdpDecodeError = 'TOO_SHORT' | 'BAD_LENGTH' | 'BAD_CRC' | 'BAD_VERSION' | 'BAD_TYPE';
export type UdpDecodeResult = { ok: true; packet: UdpPacket } | { ok: false; reason: UdpDecodeError };

export function encodePacket({ type, transferId, seq, payload }: UdpPacket): Buffer {
  if (!Object.hasOwn(UDP_TYPES, type)) throw new RangeError(`unknown UDP packet type ${String(type)}`);
  if (!isU32(transferId)) throw new RangeError(`transferId must be an integer 0..${U32_MAX}`);
  if (!isU32(seq)) throw new RangeError(`seq must be an integer 0..${U32_MAX}`);
  if (payload.length > UDP_MAX_PAYLOAD) throw new RangeError(`payload is ${payload.length} bytes; at most ${UDP_MAX_PAYLOAD}`);
  const datagram = Buffer.alloc(UDP_HEADER_BYTES + payload.length);
  datagram.writeUInt8(UDP_VERSION, 0);
  datagram.writeUInt8(UDP_TYPES[type], 1);
  datagram.writeUInt16BE(payload.length, 2);
  datagram.writeUInt32BE(transferId, 4);
  datagram.writeUInt32BE(seq, 8);
  datagram.set(payload, UDP_HEADER_BYTES);
  datagram.writeUInt32BE(checksum(datagram), 12);
  return datagram;
}

/** Checks, in this order: length, CRC, version, type. The payload is a view into `datagram`. */
export function decodePacket(datagram: Uint8Array): UdpDecodeResult {
  if (datagram.length < UDP_HEADER_BYTES) return { ok: false, reason: 'TOO_SHORT' };
  const view = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const payloadLength = view.readUInt16BE(2);
  if (payloadLength > UDP_MAX_PAYLOAD || view.length !== UDP_HEADER_BYTES + payloadLength) {
    return { ok: false, reason: 'BAD_LENGTH' };
  }
  if (view.readUInt32BE(12) !== checksum(view)) return { ok: false, reason: 'BAD_CRC' };
  if (view.readUInt8(0) !== UDP_VERSION) return { ok: false, reason: 'BAD_VERSION' };
  const type = TYPE_BY_NUMBER.get(view.readUInt8(1));
  if (!type) return { ok: false, reason: 'BAD_TYPE' };
  return {
    ok: true,
    packet: { type, transferId: view.readUInt32BE(4), seq: view.readUInt32BE(8), payload: view.subarray(UDP_HEADER_BYTES) },
  };
}

/** CRC-32 of header bytes 0..11 (the CRC field itself excluded) followed by the payload. */
function checksum(datagram: Buffer): number {
  return crc32(datagram.subarray(UDP_HEADER_BYTES), crc32(datagram.subarray(0, 12)));
}

function isU32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= U32_MAX;
}

// ── JSON payloads of META and FIN_ACK ───────────────────────────────────────────────────────────

export type UdpMode = 'gbn' | 'sr';
export interface UdpMeta {
  name: string;
  size: number;
  sha256: string;
  mode: UdpMode;
  window: number;
}
export interface UdpFinAck {
  ok: boolean;
  sha256: string;
}

/** Largest file one transfer can carry: DATA seq runs 1..2^32−2, FIN takes the next one. */
export const UDP_MAX_FILE_SIZE = (U32_MAX - 1) * UDP_MAX_PAYLOAD;

export const encodeMeta = (meta: UdpMeta): Buffer => Buffer.from(JSON.stringify(meta));
export const encodeFinAck = (finAck: UdpFinAck): Buffer => Buffer.from(JSON.stringify(finAck));

/** The META payload, or null when it is not valid (the receiver then drops the datagram). */
export function decodeMeta(payload: Uint8Array): UdpMeta | null {
  const value = parseJsonObject(payload);
  if (!value) return null;
  const { name, size, sha256, mode, window } = value;
  const valid =
    typeof name === 'string' && name.length > 0 && Buffer.byteLength(name) <= MAX_FILE_NAME_BYTES &&
    Number.isInteger(size) && (size as number) >= 0 && (size as number) <= UDP_MAX_FILE_SIZE &&
    typeof sha256 === 'string' && SHA256_PATTERN.test(sha256) &&
    (mode === 'gbn' || mode === 'sr') &&
    Number.isInteger(window) && (window as number) >= 1 && (window as number) <= UDP_MAX_WINDOW;
  return valid ? { name, size: size as number, sha256, mode, window: window as number } : null;
}

/** The FIN_ACK payload, or null when it is not valid. */
export function decodeFinAck(payload: Uint8Array): UdpFinAck | null {
  const value = parseJsonObject(payload);
  if (!value) return null;
  const { ok, sha256 } = value;
  return typeof ok === 'boolean' && typeof sha256 === 'string' && SHA256_PATTERN.test(sha256) ? { ok, sha256 } : null;
}

/** Number of DATA packets for a file of `size` bytes (0 for an empty file). */
export function dataPacketCount(size: number): number {
  return Math.ceil(size / UDP_MAX_PAYLOAD);
}

function parseJsonObject(payload: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
