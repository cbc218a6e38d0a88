// Lab 06 starter, step 9: the peer's side of the relay (PROTOCOL §9.4, "Through the relay"). A
// /connect whose dial failed asks the tracker `relay` and meets the callee at the relay; a
// relay_incoming push takes the callee there. After relay_paired the connection is an ordinary session
// connection: hand it back from reach() (the caller) or to peer.accept() (the callee).
import type { PeerFeatureFactory } from '#kit/peer/peer-feature.ts';

export function relayPeerFeature(): PeerFeatureFactory {
  // Until step 9 a failed dial stays CONNECT_FAILED, and relay_incoming is not heard.
  return (peer) => {
    void peer;
    return {
      // TODO (step 9): reach: relay {session} → relay_info; dial the relay, send relay_join with the
      //   token, read up to relay_paired (readFirstLine), put back what followed, print
      //   sealChannel (step 9's sealed-channel.ts), print session_relayed and return the sealed stream.
//   Listen to peer.tracker's pushes: incoming (keep its ticket) and relay_incoming.
      reach: async () => undefined,
    };
  };
}
