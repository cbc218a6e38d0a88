// Files inside a session: offering one (offer → accept → data frames → file_ok) and receiving one
// (safe name, size limit, temporary file, verify, publish). Chat keeps flowing between the frames.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ChatSession, PeerContext } from '#kit/peer/peer-feature.ts';
import type { ErrorCode } from '#kit/protocol/errors.ts';
import { DEFAULT_MAX_RECEIVE_SIZE, MAX_DATA_CHUNK } from '#kit/protocol/limits.ts';
import type { PeerToPeerMessage } from '#kit/protocol/messages.ts';
import { errorReply, replyTo } from '#kit/protocol/replies.ts';
import { IncomingFile } from './incoming-file.ts';
import { safeReceivedName } from './safe-name.ts';
import { sha256OfFile } from './sha256-file.ts';
import type { TransferProgress } from './transfer-progress.ts';

type Msg<T extends PeerToPeerMessage['type']> = Extract<PeerToPeerMessage, { type: T }>;
// A stall is judged at each wait for the socket to drain: with at most 1 MiB queued, a reader that
// takes anything at all drains it well within the stall timeout (8 MiB took longer than some stall
// timeouts to drain, and was no faster: bench/tcp-transfer.ts).
const SEND_BUFFER_BYTES = 1024 * 1024;
// Reads ahead of the socket in large pieces, cut into frames of MAX_DATA_CHUNK.
const READ_BYTES = 1024 * 1024;
type Answer = Msg<'accept'> | Msg<'decline'> | Msg<'file_ok'> | Msg<'file_bad'> | Msg<'cancel'>;

export class SessionTransfers {
  private readonly incoming = new Map<string, IncomingFile>();
  // Transfer ids in use, by session and xfer (PROTOCOL §3.4, offer: an xfer in use in either direction
  // is refused): ours from our offer to its end, theirs from their offer to its end. Taken before
  // anything is awaited, so two offers with one xfer can never both get through.
  private readonly sending = new Set<string>();
  private readonly receiving = new Set<string>();
  // Outgoing transfers waiting for the receiver's next answer, by session and xfer.
  private readonly waiting = new Map<string, (answer: Answer | undefined) => void>();

  constructor(
    private readonly peer: PeerContext,
    private readonly progress: TransferProgress,
  ) {}

  /** /send NAME PATH: offers the file and streams it once accepted. */
  async send(session: ChatSession, path: string): Promise<void> {
    const size = await stat(path).then((s) => (s.isFile() ? s.size : -1), () => -1);
    if (size < 0) return this.problem('NO_SUCH_FILE', `no file at ${path}`);
    const name = basename(path);
    const sha256 = await sha256OfFile(path);
    const xfer = randomBytes(8).toString('base64url');
    const key = `${session.id}/${xfer}`;
    this.sending.add(key);
    try {
      session.link.send({ type: 'offer', xfer, name, size, sha256 });
      const answer = await this.answerTo(session, xfer, this.peer.options.stallTimeoutMs);
      if (!answer) session.link.send({ type: 'cancel', xfer, reason: 'TIMEOUT', message: 'no answer to the offer' });
      if (answer?.type !== 'accept') return this.problem(answer?.type === 'decline' ? answer.reason : 'TIMEOUT', `${session.with} did not accept ${name}${answer?.type === 'decline' ? `: ${answer.reason}` : ''}`);
      const verdict = this.answerTo(session, xfer, Number.MAX_SAFE_INTEGER);
      this.progress.start(xfer, name, size, 'sending');
      await streamFile(session, xfer, path, (n) => this.progress.advance(xfer, n));
      const result = await verdict;
      this.progress.finish(xfer);
      const verified = result?.type === 'file_ok';
      session.files.push({ name, size, sha256, verified, direction: 'sent' });
      if (verified) this.peer.out.emit('file_sent', { name, size, sha256 }, `✓ ${name} sent to ${session.with} and verified (SHA-256 ${sha256.slice(0, 12)}…)`);
      else this.problem(result?.type === 'file_bad' ? result.code : 'INTERNAL', `${name} was not verified by ${session.with}`);
    } finally {
      this.sending.delete(key);
    }
  }

  /** An answer about one of our offers. */
  answered(session: ChatSession, answer: Answer): void {
    const key = `${session.id}/${answer.xfer}`;
    const wake = this.waiting.get(key);
    this.waiting.delete(key);
    wake?.(answer);
  }

  /** An offer from the other peer: accepted when the name can be made safe, the size is sane and the file can be created. */
  async offered(session: ChatSession, offer: Msg<'offer'>): Promise<void> {
    const key = `${session.id}/${offer.xfer}`;
    // The transfer already using this id goes on untouched; this offer is refused without a trace.
    if (this.sending.has(key) || this.receiving.has(key)) return session.link.send(errorReply(offer, 'WRONG_STATE', `transfer ${offer.xfer} is already in use in this session`));
    this.receiving.add(key);
    const decline = (reason: Msg<'decline'>['reason'], message: string) => {
      this.receiving.delete(key);
      session.link.send(replyTo(offer, { type: 'decline', xfer: offer.xfer, reason, message }));
      this.problem(reason, message, offer.name);
    };
    const name = safeReceivedName(offer.name);
    if (!name) return decline('BAD_NAME', `no safe file name can be made of ${JSON.stringify(offer.name)}`);
    if (offer.size > DEFAULT_MAX_RECEIVE_SIZE) return decline('TOO_LARGE', `${name} is ${offer.size} bytes, more than ${DEFAULT_MAX_RECEIVE_SIZE} accepted`);
    let file: IncomingFile;
    try {
      file = await IncomingFile.create(this.peer.options.downloads, name, offer.xfer, offer.size, offer.sha256);
    } catch (error) {
      return decline('DISK_ERROR', `cannot write in ${this.peer.options.downloads}: ${(error as Error).message}`);
    }
    // Cancelled, or the session ended, while the file was being created: leave nothing behind.
    if (!this.receiving.has(key)) return file.abort();
    this.incoming.set(`${session.id}/${offer.xfer}`, file);
    session.link.send(replyTo(offer, { type: 'accept', xfer: offer.xfer }));
    this.progress.start(offer.xfer, name, offer.size, 'receiving');
    if (offer.size === 0) await this.complete(session, offer.xfer, file);
  }

  /** Bytes of a data frame; frames of unknown or finished transfers are dropped. */
  data(session: ChatSession, xfer: string, bytes: Buffer): void {
    const file = this.incoming.get(`${session.id}/${xfer}`);
    if (!file) return;
    const outcome = file.write(bytes);
    if (outcome === 'too-much') {
      this.incoming.delete(`${session.id}/${xfer}`);
      this.receiving.delete(`${session.id}/${xfer}`);
      session.link.send({ type: 'cancel', xfer, reason: 'SIZE_MISMATCH', message: 'more bytes than the offer announced' });
      this.progress.finish(xfer);
      void file.abort();
      return this.problem('SIZE_MISMATCH', `${file.name}: more bytes than announced`, file.name);
    }
    this.progress.advance(xfer, bytes.length);
    if (outcome === 'wait') {
      // The disk is behind: stop reading the socket until it catches up (TCP then slows the sender).
      session.link.socket.pause();
      void file.drained().then(() => session.link.socket.resume());
    }
    if (file.complete) void this.complete(session, xfer, file);
  }

  /** The other side gave up on a transfer we are receiving. */
  cancelled(session: ChatSession, cancel: Msg<'cancel'>): void {
    const file = this.incoming.get(`${session.id}/${cancel.xfer}`);
    this.receiving.delete(`${session.id}/${cancel.xfer}`);
    if (file) {
      this.incoming.delete(`${session.id}/${cancel.xfer}`);
      this.progress.finish(cancel.xfer);
      void file.abort();
      this.problem(cancel.reason, `${file.name} was cancelled by ${session.with}`, file.name);
    }
    this.answered(session, cancel);
  }

  /** The session is over: unfinished files are deleted, waiting senders give up. */
  ended(session: ChatSession): void {
    for (const key of this.receiving) if (key.startsWith(`${session.id}/`)) this.receiving.delete(key);
    for (const [key, file] of this.incoming) {
      if (!key.startsWith(`${session.id}/`)) continue;
      this.incoming.delete(key);
      void file.abort();
    }
    for (const [key, wake] of this.waiting) if (key.startsWith(`${session.id}/`)) {
      this.waiting.delete(key);
      wake(undefined);
    }
  }

  private async complete(session: ChatSession, xfer: string, file: IncomingFile): Promise<void> {
    this.incoming.delete(`${session.id}/${xfer}`);
    const result = await file.finish();
    this.progress.finish(xfer);
    session.files.push({ name: file.name, size: file.size, sha256: file.sha256, verified: result.ok, direction: 'received' });
    if (result.ok) {
      session.link.send({ type: 'file_ok', xfer, sha256: result.sha256 });
      this.peer.out.emit('file_received', { name: file.name, path: result.path, size: file.size, sha256: result.sha256 }, `✓ ${file.name} from ${session.with} saved as ${result.path} (SHA-256 verified)`);
    } else {
      session.link.send(result.code === 'HASH_MISMATCH' ? { type: 'file_bad', xfer, code: 'HASH_MISMATCH' } : { type: 'cancel', xfer, reason: 'DISK_ERROR', message: result.message });
      this.problem(result.code, result.message, file.name);
    }
    this.receiving.delete(`${session.id}/${xfer}`);
  }

  private answerTo(session: ChatSession, xfer: string, timeoutMs: number): Promise<Answer | undefined> {
    return new Promise((resolve) => {
      const key = `${session.id}/${xfer}`;
      const timer = timeoutMs < 2 ** 31 ? setTimeout(() => this.waiting.delete(key) && resolve(undefined), timeoutMs) : undefined;
      this.waiting.set(key, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
  }

  private problem(code: ErrorCode, message: string, name?: string): void {
    this.peer.out.emit('error', { code, message, ...(name ? { name } : {}) }, `✗ ${message}`);
  }
}

/** The other side took none of our bytes for the stall timeout: it stopped reading. */
export class StalledError extends Error {
  override readonly name = 'StalledError';
}

/**
 * The file as data frames of MAX_DATA_CHUNK bytes. The socket may hold a few MiB before we wait for it
 * to drain: waiting on every frame would stall the pipe, never waiting would load the file into memory.
 * A wait longer than `stallMs` throws StalledError, so a reader that stops cannot hold us forever.
 */
export async function streamFile(session: { link: ChatSession['link'] }, xfer: string, path: string, sent: (bytes: number) => void, stallMs = Number.POSITIVE_INFINITY): Promise<void> {
  const stream = createReadStream(path, { highWaterMark: READ_BYTES });
  for await (const piece of stream as AsyncIterable<Buffer>) {
    if (session.link.socket.destroyed) break;
    for (let at = 0; at < piece.length; at += MAX_DATA_CHUNK) {
      const chunk = piece.subarray(at, at + MAX_DATA_CHUNK);
      session.link.send({ type: 'data', xfer, len: chunk.length });
      session.link.sendBytes(chunk);
      sent(chunk.length);
    }
    if (session.link.socket.writableLength > SEND_BUFFER_BYTES) await drainedWithin(session.link, stallMs).catch((error: unknown) => {
      stream.destroy();
      throw error;
    });
  }
  stream.destroy();
  // The wait for the verdict starts once the last frame has left our buffer, not when it was queued.
  if (session.link.socket.writableLength > 0 && !session.link.socket.destroyed) await drainedWithin(session.link, stallMs);
}

async function drainedWithin(link: ChatSession['link'], stallMs: number): Promise<void> {
  if (!Number.isFinite(stallMs)) return link.drained();
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StalledError(`the reader took nothing for ${stallMs} ms`)), stallMs);
  });
  try {
    await Promise.race([link.drained(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}
