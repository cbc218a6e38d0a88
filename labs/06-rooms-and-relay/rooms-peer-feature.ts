// Lab 06 starter: rooms on the peer: /room new, join, say and leave, and /rooms, and the tracker's
// room pushes shown as they come (peer.tracker.on('push', …)). A peer feature like Lab 05's history.
import type { PeerFeatureFactory } from '#kit/peer/peer-feature.ts';

export function roomsPeerFeature(): PeerFeatureFactory {
  return () => {
    throw new Error('TODO (README step 3): the room commands and the room pushes on the peer');
  };
}
