// Lab 06 starter, step 7: the tracker's side of the relay (PROTOCOL §3.3 relay). The caller of a
// pending session asks (sessions.pendingOf); give each side a token for its own side
// (issueRelayToken), expiring with the ticket, push relay_incoming to the callee and answer
// relay_info. One pair of tokens per session; NO_RELAY without tracker.options.relay.
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from '../03-roster-and-direct/session-table.ts';

export function relayFeature(sessions: SessionTable): FeatureFactory {
  // Until step 7 the tracker starts and runs; only a relay request fails.
  return () => ({
    requests: {
      relay: (caller, { session }) => {
        throw new Error(`TODO (README step 7): a relay for ${caller.username}'s session ${session} (${sessions.constructor.name})`);
      },
    },
  });
}
