// How the protocol inspector reads a connection to Lab 06's relay (PROTOCOL §3.6): one JSON line each
// way (relay_join out; relay_paired or an error in), then sealed records, which are shown only as
// their count of bytes: they are exactly what the relay sees, and nobody without the keys can read them.
import type { Frame, FrameSplitter } from '#kit/peer/frames.ts';

/** The transfer id under which sealed bytes are reported (no Lab 04 transfer has it: ids are tokens). */
export const SEALED = '(sealed)';

/** True when a connection's first outgoing bytes are a relay_join line (its fields in any order). */
export function isRelayJoin(bytes: Buffer): boolean {
  const end = bytes.indexOf(0x0a);
  try {
    const first: unknown = JSON.parse(bytes.subarray(0, end < 0 ? bytes.length : end).toString());
    return typeof first === 'object' && first !== null && (first as { type?: unknown }).type === 'relay_join';
  } catch {
    return false;
  }
}

export class SealedAfterFirstLine implements FrameSplitter {
  private pending: Buffer | undefined = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    if (this.pending === undefined) return chunk.length > 0 ? [{ kind: 'data', xfer: SEALED, bytes: chunk }] : [];
    const bytes = Buffer.concat([this.pending, chunk]);
    const end = bytes.indexOf(0x0a);
    if (end < 0) {
      this.pending = bytes;
      return [];
    }
    this.pending = undefined;
    const rest = bytes.subarray(end + 1);
    return [{ kind: 'line', text: bytes.subarray(0, end).toString() }, ...(rest.length > 0 ? [{ kind: 'data' as const, xfer: SEALED, bytes: rest }] : [])];
  }
}
