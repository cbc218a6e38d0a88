// Whether a receiver takes a new transfer announced by a valid META (docs/PROTOCOL.md §6.2): the mode
// it was started for, and a file name that is safe to create. Refusals are error events, once each.
import { isSafeFileName } from '../protocol/messages.ts';
import type { UdpMeta, UdpMode } from '../protocol/udp-packet.ts';

export interface Refusal {
  code: 'BAD_MESSAGE' | 'BAD_NAME';
  message: string;
}

/** Undefined when the transfer is accepted; `onlyMode` is the receiver's --mode, if any. */
export function refuseMeta(meta: UdpMeta, onlyMode: UdpMode | undefined): Refusal | undefined {
  if (onlyMode !== undefined && meta.mode !== onlyMode) {
    return { code: 'BAD_MESSAGE', message: `refused ${JSON.stringify(meta.name)}: a ${meta.mode} transfer, but this receiver takes ${onlyMode} only` };
  }
  if (!isSafeFileName(meta.name)) return { code: 'BAD_NAME', message: `refused the unsafe file name ${JSON.stringify(meta.name)}` };
  return undefined;
}

/**
 * A bounded memory of transfers refused already, so that the copies of META a sender repeats every
 * timeout are dropped quietly, and a stream of bad METAs cannot make it grow forever.
 */
export class RefusedTransfers {
  private readonly keys = new Set<string>();

  constructor(private readonly limit = 1024) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    if (this.keys.size >= this.limit) this.keys.delete(this.keys.values().next().value as string);
    this.keys.add(key);
  }
}
