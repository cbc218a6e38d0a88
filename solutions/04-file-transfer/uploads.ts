// Serving downloads (a direct connection that starts with get): one file per get, at most
// --max-uploads at once; beyond that the downloader is told AT_CAPACITY and tries another holder. An
// upload that makes no progress for --stall-timeout (the downloader stopped reading, or never gives its
// verdict) is closed, so nobody can hold the slots forever.
import type { DirectLink } from '#kit/peer/direct-link.ts';
import { MessageQueue } from '#kit/peer/message-queue.ts';
import type { PeerLink } from '#kit/peer/peer-feature.ts';
import { HANDSHAKE_TIMEOUT_MS } from '#kit/protocol/limits.ts';
import { isSafeFileName, type PeerToPeerMessage } from '#kit/protocol/messages.ts';
import type { LocalFile } from './shared-folder.ts';
import { StalledError, streamFile } from './session-transfers.ts';

type Get = Extract<PeerToPeerMessage, { type: 'get' }>;
type Link = PeerLink;

export class Uploads {
  private active = 0;

  constructor(
    private readonly files: () => LocalFile[],
    private readonly maxUploads: number,
    private readonly stallTimeoutMs: number,
  ) {}

  /** Serves gets on this connection until bye, silence, or an error. */
  async serve(link: Link, first: Get): Promise<void> {
    // Every message from now on is kept in order: a next get may come right behind a file_ok.
    const queue = new MessageQueue(link as DirectLink);
    let request: PeerToPeerMessage | undefined = first;
    while (request?.type === 'get') {
      if (!(await this.serveOne(link, queue, request))) return link.close();
      request = await queue.next(HANDSHAKE_TIMEOUT_MS);
    }
    link.close();
  }

  private async serveOne(link: Link, queue: MessageQueue, get: Get): Promise<boolean> {
    if (!isSafeFileName(get.name)) {
      link.send({ type: 'error', code: 'BAD_NAME', message: 'a get names a shared file, never a path', re: 'get' });
      return false;
    }
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
      try {
        await streamFile({ link }, get.xfer, file.path, () => {}, this.stallTimeoutMs);
      } catch (error) {
        if (error instanceof StalledError) return false;
        throw error;
      }
      const verdict = await queue.next(this.stallTimeoutMs);
      return verdict?.type === 'file_ok' || verdict?.type === 'file_bad';
    } finally {
      this.active -= 1;
    }
  }
}
