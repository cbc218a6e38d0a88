// Lab 06's relay requests, unchanged, with the dashboard told of each relay_info the tracker gives out:
// a session that is about to go through the relay, and who its two peers are.
import type { FeatureFactory, RequestHandler } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from '#labs/03-roster-and-direct/session-table.ts';
import { lab06 } from '../lab06-plug.ts';
import type { RelayWatch } from './relay-watch.ts';

export function observedRelay(sessions: SessionTable, watch: RelayWatch): FeatureFactory {
  return (tracker) => {
    const feature = lab06.relayFeature(sessions)(tracker);
    const relay = feature.requests?.relay as RequestHandler<'relay'> | undefined;
    if (!relay) return feature;
    return {
      ...feature,
      requests: {
        ...feature.requests,
        relay: async (peer, request) => {
          // Before the answer: once relay_info is out, the session is no longer pending.
          const peers = sessions.pendingOf(request.session, peer.username)?.peers ?? [peer.username];
          const reply = await relay(peer, request);
          if (reply.type === 'relay_info') watch.asked(reply.session, peers);
          return reply;
        },
      },
    };
  };
}
