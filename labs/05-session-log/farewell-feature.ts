// Lab 05 starter: goodbyes when the tracker is lost (README step 5).
import type { PeerFeatureFactory } from '#kit/peer/peer-feature.ts';

export function farewellFeature(): PeerFeatureFactory {
  return (peer) => {
    // TODO (step 5): when the tracker connection closes (peer.tracker's 'closed'), send bye on every
    //   open session before the kit prints TRACKER_LOST and exits. sessionStarted / sessionEnded tell
    //   you which sessions are open.
    void peer;
    return {};
  };
}
