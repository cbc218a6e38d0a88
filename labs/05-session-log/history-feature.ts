// Lab 05 starter: history on the peer, its transcript and /history (README step 6).
import type { PeerFeatureFactory } from '#kit/peer/peer-feature.ts';

export function historyFeature(): PeerFeatureFactory {
  return (peer) => {
    // TODO (step 6): with --history-db (peer.options.historyDb), open a Transcript (when it cannot
    //   be opened: print error DISK_ERROR and keep nothing). chatSent / chatReceived: keep each line.
    //   sessionStarted: if the transcript holds earlier lines with session.with, print chat_history.
    // TODO (step 6): the /history command: ask the tracker (history), print the history event.
    void peer;
    return {};
  };
}
