// The one seam between the parts of a reliable sender that both modes share (META, the window, FIN,
// giving up) and the part that makes Go-Back-N and Selective Repeat different: what an ACK means and
// what a timeout resends. The sender calls these four; each mode implements them.
export interface Retransmission {
  /** Whether this ACK answers META. */
  metaAcknowledgedBy(seq: number): boolean;
  /** DATA `seq` was just sent for the first time. */
  sent(seq: number): void;
  /** An ACK during the data phase; true when it acknowledged something new (base may have moved). */
  acknowledged(seq: number): boolean;
  stop(): void;
}
