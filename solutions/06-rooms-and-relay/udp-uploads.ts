// Serving a get that asks for the file over UDP (PROTOCOL §5.9): refused as Lab 04 refuses any get,
// else offer, then the file by Selective Repeat to the asker's address and udp_port, while the TCP
// connection waits for the asker's verdict. UDP uploads have --max-uploads slots of their own: Lab 04's
// slots live inside its Uploads, and a UDP upload is paced by its window, not by a connection.
import { access, constants } from 'node:fs/promises';
import type { DirectLink } from '#kit/peer/direct-link.ts';
import type { UdpGet } from '#kit/peer/file-feature-wiring.ts';
import type { PeerLink } from '#kit/peer/peer-feature.ts';
import { isSafeFileName, type PeerToPeerMessage } from '#kit/protocol/messages.ts';
import { errorReply, replyTo } from '#kit/protocol/replies.ts';
import type { LocalFile } from '../04-file-transfer/shared-folder.ts';
import { UdpSending } from './udp-sending.ts';

export class UdpUploads {
  private active = 0;

  constructor(
    private readonly files: () => LocalFile[],
    private readonly maxUploads: number,
    private readonly stallTimeoutMs: number,
  ) {}

  /** One file over UDP, then the connection closes: a UDP download carries one file (§5.9). */
  async serve(link: PeerLink, get: UdpGet): Promise<void> {
    try {
      await this.serveOne(link, get);
    } finally {
      link.close();
    }
  }

  private async serveOne(link: PeerLink, get: UdpGet): Promise<void> {
    if (!isSafeFileName(get.name)) return link.send(errorReply(get, 'BAD_NAME', 'a get names a shared file, never a path'));
    const file = this.files().find((f) => f.name === get.name);
    if (!file) return link.send(errorReply(get, 'NO_SUCH_FILE', `${get.name} is not shared here`));
    if (this.active >= this.maxUploads) return link.send(errorReply(get, 'AT_CAPACITY', `already sending ${this.active} files over UDP: try another holder`));
    this.active += 1;
    try {
      if (!(await access(file.path, constants.R_OK).then(() => true, () => false))) {
        return link.send(errorReply(get, 'DISK_ERROR', `${get.name} cannot be read here any more`));
      }
      // The asker listens on the address it dialled from: the connection's remote address.
      const address = (link.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const answered = askerAnswer(link);
      link.send(replyTo(get, { type: 'offer', xfer: get.xfer, name: file.name, size: file.size, sha256: file.sha256 }));
      const sending = await UdpSending.start(file, file.path, { address, port: get.udp_port });
      const sent = await Promise.race([sending.outcome, answered.then(() => undefined)]);
      if (sent === undefined) return sending.stop(); // a verdict, cancel or close came first: stop sending
      // Given up, or the file could not be read: the asker must hear it on the connection.
      if (!sent.ok && sent.code !== 'HASH_MISMATCH') return link.send({ type: 'cancel', xfer: get.xfer, reason: sent.code, message: sent.message });
      // FIN_ACK came (verified or not): the verdict follows on TCP, within --stall-timeout.
      await within(answered, this.stallTimeoutMs);
    } finally {
      this.active -= 1;
    }
  }
}

/** The asker's next message that is not a ping (pings are answered, §3.1), or undefined at the close. */
function askerAnswer(link: PeerLink): Promise<PeerToPeerMessage | undefined> {
  const events = link as DirectLink;
  return new Promise((resolve) => {
    const onMessage = (message: PeerToPeerMessage) => {
      if (message.type === 'ping') return link.send(replyTo(message, { type: 'pong' }));
      done(message);
    };
    const onClosed = () => done(undefined);
    const done = (message: PeerToPeerMessage | undefined) => {
      events.off('message', onMessage);
      events.off('closed', onClosed);
      resolve(message);
    };
    events.on('message', onMessage);
    events.on('closed', onClosed);
    if (events.closed) done(undefined);
  });
}

async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
