// The events a UDP receiver prints (docs/PROTOCOL.md §9.5), in one place so that every receiver
// prints them alike: the lab's programs decide when, this module decides how.
import type { Output } from '../cli/output.ts';
import type { UdpReceiverEvents } from '../protocol/events.ts';
import type { UdpMeta } from '../protocol/udp-packet.ts';

/** How one transfer ended, as far as the receiver's user is concerned. */
export type ReceiverEnd =
  | { kind: 'saved'; path: string; size: number; sha256: string }
  | { kind: 'failed'; code: 'HASH_MISMATCH' | 'DISK_ERROR'; message: string }
  | { kind: 'abandoned'; message: string };

export interface Sender {
  address: string;
  port: number;
}

export function reportReceiving(out: Output<UdpReceiverEvents>, from: Sender, transferId: number, { name, size, mode, window }: UdpMeta): void {
  const sender = hostPort(from);
  out.emit('receiving', { from: sender, transfer_id: transferId, name, size, mode, window }, `receiving ${name} (${size} bytes, ${mode}, window ${window}) from ${sender}`);
}

export function reportEnd(out: Output<UdpReceiverEvents>, { name }: UdpMeta, end: ReceiverEnd): void {
  if (end.kind === 'saved') {
    const { path, size, sha256 } = end;
    out.emit('file_received', { name, path, size, sha256 }, `saved ${name} as ${path} (${size} bytes, SHA-256 verified)`);
  } else if (end.kind === 'failed') {
    out.emit('error', { code: end.code, message: end.message });
  } else {
    out.emit('error', { code: 'TIMEOUT', message: end.message });
  }
}

/** `127.0.0.1:40123`, `[::1]:40123`. */
export function hostPort({ address, port }: Sender): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
