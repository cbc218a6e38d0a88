// Lab 04 starter: the tracker's file index (README step 4).
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';

export function fileIndexFeature(): FeatureFactory {
  return (tracker) => {
    // TODO (step 4): share {files, append?} → shared {count} (keep each online user's list; append
    //   adds, otherwise replace); whohas {names} → holders (per name: the online peers that share it,
    //   or error NO_SUCH_FILE); left(peer): forget the peer's list.
    void tracker;
    return {};
  };
}
