// What a receive window answers, whatever the mode: the receiving transfer asks it about every DATA
// packet and does what it says (write these payloads, send this ACK). Keeping the rule behind this
// interface, with no socket and no file, lets each mode's rule be tested with plain calls.

export interface Received {
  /** The seq of the ACK to send back, or undefined to stay silent. */
  ack: number | undefined;
  /** Payloads that are now in order, oldest first: they go to the file in this order. */
  deliver: Uint8Array[];
}

export interface ReceiveWindow {
  /** The ACK that answers META (and every repeated copy of it). */
  ackForMeta(): number;
  /** Handles DATA `seq` (already checked to be 1..n with the right payload length). */
  receive(seq: number, payload: Uint8Array): Received;
  /** Every one of the n packets has been delivered. */
  readonly complete: boolean;
  /** Payloads held out of order; never more than the window. */
  readonly buffered: number;
}
