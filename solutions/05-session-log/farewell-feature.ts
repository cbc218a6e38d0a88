// When the tracker is gone (it crashed or stopped), the peer must go too (PROTOCOL §5.5): before it
// exits, it says bye on every direct connection, so the other peers learn at once why it vanished.
import type { ChatSession, PeerFeatureFactory } from '#kit/peer/peer-feature.ts';

export function farewellFeature(): PeerFeatureFactory {
  return (peer) => {
    const open = new Map<string, ChatSession>();
    // The kit's own 'closed' listener prints TRACKER_LOST and exits: ours has to run before it.
    // (PeerApp.quit removes every 'closed' listener first, so a /quit never says bye twice.)
    peer.tracker.prependListener('closed', () => {
      for (const session of open.values()) {
        session.link.send({ type: 'bye', reason: 'tracker lost' });
        session.link.close();
      }
    });
    return {
      sessionStarted: (session) => void open.set(session.id, session),
      sessionEnded: (session) => void open.delete(session.id),
    };
  };
}
