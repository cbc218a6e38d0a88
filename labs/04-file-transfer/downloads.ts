// Lab 04 starter: /get F1, F2, … with parallel downloads and failover (README steps 5 and 6).
import type { PeerContext } from '#kit/peer/peer-feature.ts';
import type { Holder } from '#kit/protocol/messages.ts';
import type { TransferProgress } from './transfer-progress.ts';

export class Downloads {
  constructor(
    private readonly peer: PeerContext,
    private readonly progress: TransferProgress,
  ) {}

  /**
   * whohas the names; then for each file (up to MAX_PARALLEL_DOWNLOADS at once) try its holders in
   * turn: dial, get, check the offer against the tracker's size and hash, receive, verify, publish.
   * Print download_attempt for each holder tried, and error when every holder failed.
   */
  async get(list: string): Promise<void> {
    void [this.peer, this.progress];
    throw new Error(`TODO (README step 5): download ${list}`);
  }

  /**
   * Tries the holders of one file in the order given until one delivers a verified file: each tried
   * holder is a download_attempt; when every one failed, an error naming the file with the last
   * reason. get() calls it for each file (README step 6), and Lab 06's /pick for a room's answers.
   */
  async fetch(name: string, holders: Holder[]): Promise<void> {
    throw new Error(`TODO (README step 6): fetch ${name} from ${holders.length} holder(s)`);
  }
}
