// /pick N udp (PROTOCOL §5.9): the answers walked as Lab 04's Downloads.fetch walks holders, each
// attempt a download connection whose get carries udp_port, the file arriving by Selective Repeat and
// the verdict going back on the connection. Lab 04's fetch cannot be reused as it is: its attempt is
// private and speaks data frames, so the walk is written again here around this attempt.
import { randomBytes } from 'node:crypto';
import { dial } from '#kit/peer/dial.ts';
import { DirectLink } from '#kit/peer/direct-link.ts';
import type { PeerContext } from '#kit/peer/peer-feature.ts';
import type { ErrorCode } from '#kit/protocol/errors.ts';
import type { Holder } from '#kit/protocol/messages.ts';
import { FrameReader } from '../04-file-transfer/frame-reader.ts';
import { safeReceivedName } from '../04-file-transfer/safe-name.ts';
import type { TransferProgress } from '../04-file-transfer/transfer-progress.ts';
import { UdpReceiving, type UdpEnd } from './udp-receiving.ts';

type Attempt = { ok: true } | { ok: false; reason: ErrorCode; message: string };
type HolderQuit = { kind: 'cancelled'; reason: ErrorCode; message: string } | { kind: 'lost'; message: string };

export class UdpDownloads {
  constructor(
    private readonly peer: PeerContext,
    private readonly progress: TransferProgress,
  ) {}

  /** Tries the holders in the order given until one delivers a verified file over UDP. */
  async fetch(name: string, holders: Holder[]): Promise<void> {
    let last: Attempt | undefined;
    for (const holder of holders) {
      last = await this.attempt(name, holder);
      this.peer.out.emit(
        'download_attempt',
        { name, from: holder.username, ok: last.ok, ...(last.ok ? {} : { reason: last.reason }) },
        last.ok ? `  ${name} from ${holder.username} over UDP: ok` : `  ${name} from ${holder.username} over UDP: failed (${last.reason}: ${last.message}), trying the next answer`,
      );
      if (last.ok) return;
    }
    if (last && !last.ok) this.peer.out.emit('error', { code: last.reason, message: `${name}: every holder failed; the last said ${last.reason}`, name });
  }

  private async attempt(name: string, holder: Holder): Promise<Attempt> {
    const saveAs = safeReceivedName(name);
    if (!saveAs) return { ok: false, reason: 'BAD_NAME', message: `no safe file name can be made of ${JSON.stringify(name)}` };
    const socket = await dial(holder.host, holder.port);
    if (typeof socket === 'string') return { ok: false, reason: 'CONNECT_FAILED', message: socket };
    const link = new DirectLink(socket, new FrameReader());
    const xfer = randomBytes(8).toString('base64url');
    const { stallTimeoutMs, downloads } = this.peer.options;
    // Bound before the get, on the address the holder sees: datagrams may come before the offer does.
    const receiving = await UdpReceiving.open({ local: socket.localAddress ?? '127.0.0.1', holder: socket.remoteAddress ?? holder.host, expected: { name, size: holder.size, sha256: holder.sha256 }, downloads, saveAs, xfer, stallTimeoutMs }).catch(() => undefined);
    if (!receiving) {
      link.close();
      return { ok: false, reason: 'CONNECT_FAILED', message: 'cannot bind a UDP socket' };
    }
    try {
      link.send({ type: 'get', xfer, name, udp_port: receiving.port });
      const offer = await link.nextMessage(stallTimeoutMs);
      if (!offer) return { ok: false, reason: 'TIMEOUT', message: 'no answer to get' };
      if (offer.type === 'error') return { ok: false, reason: offer.code, message: offer.message };
      if (offer.type !== 'offer' || offer.xfer !== xfer) return { ok: false, reason: 'BAD_MESSAGE', message: `expected an offer, got ${offer.type}` };
      if (offer.name !== name || offer.sha256 !== holder.sha256 || offer.size !== holder.size) {
        link.send({ type: 'cancel', xfer, reason: 'HASH_MISMATCH', message: 'the offer does not match the answer' });
        return { ok: false, reason: 'HASH_MISMATCH', message: 'the offer does not match the answer' };
      }
      // Data frames, if a holder that ignores udp_port sends them, are dropped (§2.3): no listener.
      this.progress.start(xfer, name, holder.size, 'receiving');
      const end = await Promise.race([receiving.ended, holderQuits(link)]);
      if (end.kind === 'saved') this.progress.advance(xfer, holder.size);
      this.progress.finish(xfer);
      return this.verdict(link, xfer, name, end);
    } finally {
      link.send({ type: 'bye', reason: 'done' });
      link.close();
      receiving.close();
    }
  }

  /** What the end of the UDP transfer means on the connection, and for this attempt. */
  private verdict(link: DirectLink, xfer: string, name: string, end: UdpEnd | HolderQuit): Attempt {
    switch (end.kind) {
      case 'saved':
        link.send({ type: 'file_ok', xfer, sha256: end.sha256 });
        this.peer.out.emit('file_received', { name, path: end.path, size: end.size, sha256: end.sha256 }, `✓ ${name} saved as ${end.path} (SHA-256 verified, over UDP)`);
        return { ok: true };
      case 'failed':
        if (end.code === 'HASH_MISMATCH') link.send({ type: 'file_bad', xfer, code: 'HASH_MISMATCH' });
        else link.send({ type: 'cancel', xfer, reason: end.code, message: end.message });
        return { ok: false, reason: end.code, message: end.message };
      case 'mismatch':
        link.send({ type: 'cancel', xfer, reason: 'HASH_MISMATCH', message: end.message });
        return { ok: false, reason: 'HASH_MISMATCH', message: end.message };
      case 'stalled':
      case 'abandoned':
        link.send({ type: 'cancel', xfer, reason: 'TIMEOUT', message: end.message });
        return { ok: false, reason: 'TIMEOUT', message: end.message };
      case 'cancelled':
        return { ok: false, reason: end.reason, message: end.message };
      case 'lost':
        return { ok: false, reason: 'CONNECT_FAILED', message: end.message };
    }
  }
}

/** The holder's side of the connection ending the transfer: a cancel (it gave up, say), or the close. */
function holderQuits(link: DirectLink): Promise<HolderQuit> {
  return new Promise((resolve) => {
    link.on('message', (message) => {
      if (message.type === 'cancel') resolve({ kind: 'cancelled', reason: message.reason, message: message.message ?? 'the holder cancelled' });
    });
    link.on('closed', () => resolve({ kind: 'lost', message: 'the holder went away mid-transfer' }));
    if (link.closed) resolve({ kind: 'lost', message: 'the holder went away mid-transfer' });
  });
}
