// Serving downloads (a direct connection that starts with get): one file per get, at most
// --max-uploads at once; beyond that the downloader is told AT_CAPACITY and tries another holder.
import type { PeerLink } from '#kit/peer/peer-feature.ts';
import { HANDSHAKE_TIMEOUT_MS } from '#kit/protocol/limits.ts';
import type { PeerToPeerMessage } from '#kit/protocol/messages.ts';
import type { LocalFile } from './shared-folder.ts';
import { streamFile } from './session-transfers.ts';

type Get = Extract<PeerToPeerMessage, { type: 'get' }>;
type Link = PeerLink;

export class Uploads {
  private active = 0;

  constructor(
    private readonly files: () => LocalFile[],
    private readonly maxUploads: number,
  ) {}

  /** Serves gets on this connection until bye, silence, or an error. */
  async serve(link: Link, first: Get): Promise<void> {
    let request: PeerToPeerMessage | undefined = first;
    while (request?.type === 'get') {
      if (!(await this.serveOne(link, request))) return link.close();
      request = await link.nextMessage(HANDSHAKE_TIMEOUT_MS);
    }
    link.close();
  }

  private async serveOne(link: Link, get: Get): Promise<boolean> {
    const file = this.files().find((f) => f.name === get.name);
    if (!file) {
      link.send({ type: 'error', code: 'NO_SUCH_FILE', message: `${get.name} is not shared here`, re: 'get' });
      return false;
    }
    if (this.active >= this.maxUploads) {
      link.send({ type: 'error', code: 'AT_CAPACITY', message: `already serving ${this.active} downloads: try another holder`, re: 'get' });
      return false;
    }
    this.active += 1;
    try {
      link.send({ type: 'offer', xfer: get.xfer, name: file.name, size: file.size, sha256: file.sha256 });
      const answer = link.nextMessage(2 ** 31 - 1);
      await streamFile({ link }, get.xfer, file.path, () => {});
      const verdict = await answer;
      return verdict?.type === 'file_ok' || verdict?.type === 'file_bad';
    } finally {
      this.active -= 1;
    }
  }
}
