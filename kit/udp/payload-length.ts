// Every DATA payload is 1200 bytes except the last, which holds the rest of the file, so the length a
// DATA packet must have follows from its seq and the size META announced. A receiver drops a packet
// whose length disagrees: it was damaged in a way the CRC missed, or it is not ours.
import { UDP_MAX_PAYLOAD } from '../protocol/limits.ts';
import { dataPacketCount } from '../protocol/udp-packet.ts';

/** The payload length of DATA `seq` (1 … n) of a file of `size` bytes. */
export function expectedPayloadLength(size: number, seq: number): number {
  const packetCount = dataPacketCount(size);
  return seq < packetCount ? UDP_MAX_PAYLOAD : size - (packetCount - 1) * UDP_MAX_PAYLOAD;
}
