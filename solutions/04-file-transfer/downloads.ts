// /get F1, F2, …: ask the tracker who holds each file, then fetch several at once, each from one
// holder at a time, moving on to the next holder when one is offline, busy, dies or sends bad bytes.
import { randomBytes } from 'node:crypto';
import type { Output } from '#kit/cli/output.ts';
import type { ErrorCode } from '#kit/protocol/errors.ts';
import type { PeerEvents } from '#kit/protocol/events.ts';
import { dial } from '#kit/peer/dial.ts';
import { DirectLink } from '#kit/peer/direct-link.ts';
import type { PeerContext } from '#kit/peer/peer-feature.ts';
import { MAX_PARALLEL_DOWNLOADS, MAX_WHOHAS_NAMES } from '#kit/protocol/limits.ts';
import type { Holder } from '#kit/protocol/messages.ts';
import { FrameReader } from './frame-reader.ts';
import { IncomingFile } from './incoming-file.ts';
import type { TransferProgress } from './transfer-progress.ts';
import { safeReceivedName } from './safe-name.ts';

type Attempt = { ok: true; path: string } | { ok: false; reason: ErrorCode; message: string };

export class Downloads {
  // One connection per holder at a time from this peer: files from the same holder queue instead of
  // using up its upload slots (others' downloads may still fill them: that is what failover is for).
  private readonly holderTurns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly peer: PeerContext,
    private readonly progress: TransferProgress,
  ) {}

  async get(list: string): Promise<void> {
    const names = [...new Set(list.split(',').map((name) => name.trim()).filter(Boolean))];
    if (names.length === 0 || names.length > MAX_WHOHAS_NAMES) return this.problem('BAD_COMMAND', `give 1 to ${MAX_WHOHAS_NAMES} file names: /get a.txt, b.pdf`);
    const reply = await this.peer.tracker.request({ type: 'whohas', names });
    if (reply.type !== 'holders') return this.problem(reply.type === 'error' ? reply.code : 'INTERNAL', reply.type === 'error' ? reply.message : 'unexpected reply');
    const jobs = reply.files.map((entry, index) => async () => {
      if ('error' in entry) return this.problem(entry.error, `${entry.name}: ${entry.error === 'NO_SUCH_FILE' ? 'nobody shares it' : 'not a valid file name'}`, entry.name);
      await this.fetch(entry.name, rotate(entry.holders, index));
    });
    await runLimited(jobs, MAX_PARALLEL_DOWNLOADS);
  }

  // #region failover
  /** Tries the holders in turn until one delivers a verified file (Lab 06's /pick calls it too). */
  async fetch(name: string, holders: Holder[]): Promise<void> {
    let last: Attempt | undefined;
    for (const holder of holders) {
      last = await this.inTurn(holder.username, () => this.attempt(name, holder));
      this.peer.out.emit(
        'download_attempt',
        { name, from: holder.username, ok: last.ok, ...(last.ok ? {} : { reason: last.reason }) },
        last.ok ? `  ${name} from ${holder.username}: ok` : `  ${name} from ${holder.username}: failed (${last.reason}: ${last.message}), trying the next holder`,
      );
      if (last.ok) return;
    }
    if (last && !last.ok) this.problem(last.reason, `${name}: every holder failed; the last said ${last.reason}`, name);
  }
  // #endregion failover

  private async attempt(name: string, holder: Holder): Promise<Attempt> {
    const socket = await dial(holder.host, holder.port);
    if (typeof socket === 'string') return { ok: false, reason: 'CONNECT_FAILED', message: socket };
    const link = new DirectLink(socket, new FrameReader());
    const xfer = randomBytes(8).toString('base64url');
    // The holder sends the data right after its offer, without waiting: keep every byte from now on.
    const inbox = new DataInbox(link, xfer);
    try {
      link.send({ type: 'get', xfer, name });
      const offer = await link.nextMessage(this.peer.options.stallTimeoutMs);
      if (!offer) return { ok: false, reason: 'TIMEOUT', message: 'no answer to get' };
      if (offer.type === 'error') return { ok: false, reason: offer.code, message: offer.message };
      if (offer.type !== 'offer' || offer.xfer !== xfer) return { ok: false, reason: 'BAD_MESSAGE', message: `expected an offer, got ${offer.type}` };
      if (offer.name !== name || offer.sha256 !== holder.sha256 || offer.size !== holder.size) {
        link.send({ type: 'cancel', xfer, reason: 'HASH_MISMATCH', message: 'the offer does not match what the tracker listed' });
        return { ok: false, reason: 'HASH_MISMATCH', message: 'the offer does not match the tracker\'s listing' };
      }
      return await this.receive(link, inbox, name, xfer, offer.size, offer.sha256);
    } finally {
      link.send({ type: 'bye', reason: 'done' });
      link.close();
    }
  }

  /** Receives the data frames of one offer, with a stall timer, then verifies and publishes. */
  private async receive(link: DirectLink, inbox: DataInbox, name: string, xfer: string, size: number, sha256: string): Promise<Attempt> {
    // The name came from a person and a tracker's listing: it is saved under its safe form only (§1).
    const saveAs = safeReceivedName(name);
    if (!saveAs) return { ok: false, reason: 'BAD_NAME', message: `no safe file name can be made of ${JSON.stringify(name)}` };
    let file: IncomingFile;
    try {
      file = await IncomingFile.create(this.peer.options.downloads, saveAs, xfer, size, sha256);
    } catch (error) {
      return { ok: false, reason: 'DISK_ERROR', message: (error as Error).message };
    }
    this.progress.start(xfer, name, size, 'receiving');
    const outcome = await new Promise<'complete' | 'lost' | 'stalled' | 'too-much'>((resolve) => {
      if (size === 0) return resolve('complete');
      let stall = setTimeout(() => resolve('stalled'), this.peer.options.stallTimeoutMs);
      inbox.deliverTo((bytes) => {
        clearTimeout(stall);
        stall = setTimeout(() => resolve('stalled'), this.peer.options.stallTimeoutMs);
        const written = file.write(bytes);
        if (written === 'too-much') return resolve('too-much');
        this.progress.advance(xfer, bytes.length);
        if (written === 'wait') {
          link.socket.pause();
          void file.drained().then(() => link.socket.resume());
        }
        if (file.complete) {
          clearTimeout(stall);
          resolve('complete');
        }
      });
      const gone = () => {
        clearTimeout(stall);
        resolve(file.complete ? 'complete' : 'lost');
      };
      link.on('closed', gone);
      if (link.closed) gone(); // it may have closed while the file was being created
    });
    this.progress.finish(xfer);
    if (outcome !== 'complete') {
      await file.abort();
      if (outcome === 'stalled') link.send({ type: 'cancel', xfer, reason: 'TIMEOUT', message: 'no progress' });
      const reason = outcome === 'too-much' ? 'SIZE_MISMATCH' : outcome === 'stalled' ? 'TIMEOUT' : 'CONNECT_FAILED';
      return { ok: false, reason, message: outcome === 'lost' ? 'the holder went away mid-transfer' : outcome };
    }
    const result = await file.finish();
    if (!result.ok) {
      if (result.code === 'HASH_MISMATCH') link.send({ type: 'file_bad', xfer, code: 'HASH_MISMATCH' });
      return { ok: false, reason: result.code, message: result.message };
    }
    link.send({ type: 'file_ok', xfer, sha256: result.sha256 });
    this.peer.out.emit('file_received', { name, path: result.path, size, sha256: result.sha256 }, `✓ ${name} saved as ${result.path} (SHA-256 verified)`);
    return { ok: true, path: result.path };
  }

  private async inTurn<T>(holder: string, work: () => Promise<T>): Promise<T> {
    const previous = this.holderTurns.get(holder) ?? Promise.resolve();
    const mine = previous.then(work, work);
    this.holderTurns.set(holder, mine.catch(() => {}));
    return mine;
  }

  private problem(code: ErrorCode, message: string, name?: string): void {
    const out: Output<PeerEvents> = this.peer.out;
    out.emit('error', { code, message, ...(name ? { name } : {}) }, `✗ ${message}`);
  }
}

// #region rotate
/** The holders starting at index `start`, so parallel files spread over the holders. */
function rotate<T>(items: T[], start: number): T[] {
  const at = start % items.length;
  return [...items.slice(at), ...items.slice(0, at)];
}
// #endregion rotate

/** Runs the jobs with at most `limit` at once. */
async function runLimited(jobs: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]?.();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

/** Keeps the bytes of one transfer until a receiver is ready for them, then passes them on live. */
class DataInbox {
  private held: Buffer[] = [];
  private sink: ((bytes: Buffer) => void) | undefined;

  constructor(link: DirectLink, xfer: string) {
    link.on('data', (frameXfer, bytes) => {
      if (frameXfer !== xfer) return;
      if (this.sink) this.sink(bytes);
      else this.held.push(bytes);
    });
  }

  deliverTo(sink: (bytes: Buffer) => void): void {
    this.sink = sink;
    for (const bytes of this.held.splice(0)) sink(bytes);
  }
}
