// Lab 06 starter, step 5: /pick N udp (PROTOCOL §5.9). Walk the answers as your Lab 04 Downloads.fetch
// walks holders (a download_attempt for each, an error naming the file when all failed); each attempt
// is a download connection whose get carries the port of a UdpReceiving, the file coming over UDP.
import type { PeerContext } from '#kit/peer/peer-feature.ts';
import type { Holder } from '#kit/protocol/messages.ts';
import type { TransferProgress } from '../04-file-transfer/transfer-progress.ts';

export class UdpDownloads {
  constructor(
    private readonly peer: PeerContext,
    private readonly progress: TransferProgress,
  ) {}

  /**
   * Tries the holders in the order given until one delivers a verified file over UDP. One attempt:
   * dial; UdpReceiving.open on the connection's local address; get {xfer, name, udp_port}; check the
   * offer as Lab 04 does (cancel HASH_MISMATCH when it is not the answer's); then the first of the
   * UDP transfer's end and the holder's cancel or close: saved → file_ok and file_received; the bytes
   * failed → file_bad HASH_MISMATCH; META not the answer's → cancel HASH_MISMATCH; stalled → cancel
   * TIMEOUT. Always bye and close after.
   */
  async fetch(name: string, holders: Holder[]): Promise<void> {
    void [this.peer, this.progress];
    throw new Error(`TODO (README step 5): fetch ${name} over UDP from ${holders.length} holder(s)`);
  }
}
