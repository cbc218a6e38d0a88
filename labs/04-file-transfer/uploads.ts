// Lab 04 starter: serving downloads (README steps 5 and 6).
import type { PeerLink } from '#kit/peer/peer-feature.ts';
import type { PeerToPeerMessage } from '#kit/protocol/messages.ts';
import type { LocalFile } from './shared-folder.ts';

type Get = Extract<PeerToPeerMessage, { type: 'get' }>;

export class Uploads {
  constructor(
    private readonly files: () => LocalFile[],
    private readonly maxUploads: number,
    private readonly stallTimeoutMs: number,
  ) {}

  /**
   * A direct connection that starts with get: answer each get with an offer and the data at once (no
   * accept), NO_SUCH_FILE for a name that is not shared, AT_CAPACITY beyond maxUploads at once; close
   * an upload that makes no progress for stallTimeoutMs (README step 6).
   */
  async serve(link: PeerLink, first: Get): Promise<void> {
    void [this.files, this.maxUploads, this.stallTimeoutMs];
    link.send({ type: 'error', code: 'INTERNAL', message: `TODO (README step 5): serve ${first.name}`, re: 'get' });
    link.close();
  }
}
