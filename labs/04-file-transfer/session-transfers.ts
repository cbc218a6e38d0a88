// Lab 04 starter: files inside a session (README step 1).
import type { ChatSession, PeerContext } from '#kit/peer/peer-feature.ts';
import type { PeerToPeerMessage } from '#kit/protocol/messages.ts';
import type { TransferProgress } from './transfer-progress.ts';

type Msg<T extends PeerToPeerMessage['type']> = Extract<PeerToPeerMessage, { type: T }>;
type Answer = Msg<'accept'> | Msg<'decline'> | Msg<'file_ok'> | Msg<'file_bad'> | Msg<'cancel'>;

export class SessionTransfers {
  constructor(
    private readonly peer: PeerContext,
    private readonly progress: TransferProgress,
  ) {}

  /** /send NAME PATH: offer {xfer, name, size, sha256}, wait for accept, stream data frames, wait for file_ok. */
  async send(session: ChatSession, path: string): Promise<void> {
    void [this.peer, this.progress];
    throw new Error(`TODO (README step 1): send ${path} to ${session.with}`);
  }

  /** An answer (accept, decline, file_ok, file_bad) about one of our offers. */
  answered(session: ChatSession, answer: Answer): void {
    throw new Error(`TODO (README step 1): ${answer.type} from ${session.with}`);
  }

  /** An offer: safe name (step 2), size limit, temporary file, then accept — or decline with a code. */
  async offered(session: ChatSession, offer: Msg<'offer'>): Promise<void> {
    throw new Error(`TODO (README step 1): ${session.with} offers ${offer.name}`);
  }

  /** Bytes of a data frame; frames of unknown or finished transfers are dropped. */
  data(session: ChatSession, xfer: string, bytes: Buffer): void {
    throw new Error(`TODO (README step 1): ${bytes.length} bytes of ${xfer} from ${session.with}`);
  }

  cancelled(session: ChatSession, cancel: Msg<'cancel'>): void {
    throw new Error(`TODO (README step 1): ${session.with} cancelled ${cancel.xfer}`);
  }

  /** The session is over: delete unfinished files. */
  ended(session: ChatSession): void {
    void session;
  }
}

/** The other side took none of our bytes for the stall timeout: it stopped reading. */
export class StalledError extends Error {
  override readonly name = 'StalledError';
}

/**
 * The file as data frames of at most MAX_DATA_CHUNK bytes, waiting whenever the socket is full (also
 * used for uploads). A wait longer than `stallMs` throws StalledError, so a reader that stops cannot
 * hold us forever (README step 6).
 */
export async function streamFile(session: { link: ChatSession['link'] }, xfer: string, path: string, sent: (bytes: number) => void, stallMs = Number.POSITIVE_INFINITY): Promise<void> {
  void [session, sent, stallMs];
  throw new Error(`TODO (README step 1): stream ${path} as ${xfer}`);
}
