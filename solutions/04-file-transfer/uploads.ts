// Serving downloads (a direct connection that starts with get): one file per get, at most
// --max-uploads at once; beyond that the downloader is told AT_CAPACITY and tries another holder. An
// upload that makes no progress for --stall-timeout (the downloader stopped reading, or never gives its
// verdict) is closed, so nobody can hold the slots forever.
import { access, constants } from 'node:fs/promises';
import type { DirectLink } from '#kit/peer/direct-link.ts';
import { MessageQueue } from '#kit/peer/message-queue.ts';
import type { PeerLink } from '#kit/peer/peer-feature.ts';
import { HANDSHAKE_TIMEOUT_MS } from '#kit/protocol/limits.ts';
import { isSafeFileName, type PeerToPeerMessage } from '#kit/protocol/messages.ts';
import { errorReply, replyTo } from '#kit/protocol/replies.ts';
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
      request = await this.next(link, queue, HANDSHAKE_TIMEOUT_MS);
    }
    link.close();
  }

  private async serveOne(link: Link, queue: MessageQueue, get: Get): Promise<boolean> {
    if (!isSafeFileName(get.name)) {
      link.send(errorReply(get, 'BAD_NAME', 'a get names a shared file, never a path'));
      return false;
    }
    const file = this.files().find((f) => f.name === get.name);
    if (!file) {
      link.send(errorReply(get, 'NO_SUCH_FILE', `${get.name} is not shared here`));
      return false;
    }
    if (this.active >= this.maxUploads) {
      link.send(errorReply(get, 'AT_CAPACITY', `already serving ${this.active} downloads: try another holder`));
      return false;
    }
    this.active += 1;
    try {
      // Shared at login, perhaps gone or unreadable since: say so before an offer promises the bytes.
      if (!(await access(file.path, constants.R_OK).then(() => true, () => false))) {
        link.send(errorReply(get, 'DISK_ERROR', `${get.name} cannot be read here any more`));
        return false;
      }
      link.send(replyTo(get, { type: 'offer', xfer: get.xfer, name: file.name, size: file.size, sha256: file.sha256 }));
      try {
        await streamFile({ link }, get.xfer, file.path, () => {}, this.stallTimeoutMs);
      } catch (error) {
        // A read that fails halfway ends this transfer, never the peer: the offer is out, so cancel it.
        if (!(error instanceof StalledError)) link.send({ type: 'cancel', xfer: get.xfer, reason: 'DISK_ERROR', message: `${get.name} could not be read` });
        return false;
      }
      const verdict = await this.next(link, queue, this.stallTimeoutMs);
      return verdict?.type === 'file_ok' || verdict?.type === 'file_bad';
    } finally {
      this.active -= 1;
    }
  }

  /** The next message that is not a ping, within `timeoutMs` in all; pings are answered on the way (§3.1). */
  private async next(link: Link, queue: MessageQueue, timeoutMs: number): Promise<PeerToPeerMessage | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await queue.next(Math.max(0, deadline - Date.now()));
      if (message?.type !== 'ping') return message;
      link.send(replyTo(message, { type: 'pong' }));
    }
  }
}
