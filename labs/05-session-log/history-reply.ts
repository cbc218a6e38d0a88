// Lab 05 starter: a history reply that fits in one line (README step 1).
import type { MessageOf, PastSession } from '#kit/protocol/messages.ts';

/** `candidates` newest first; `more` when the log holds older ones beyond them. */
export function historyReply(candidates: readonly PastSession[], more: boolean): MessageOf<'tracker-to-peer', 'history'> {
  // TODO (step 1): keep the newest sessions while the encoded reply (with room for the request's id)
  //   stays within MAX_LINE_BYTES; truncated is true when any session was left out.
  throw new Error(`TODO (README step 1): fit ${candidates.length} sessions${more ? ' (and more)' : ''} in one line`);
}
