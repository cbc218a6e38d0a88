// The tracker's side of the relay (Lab 06 step 7, PROTOCOL §3.3 relay): the caller of a pending
// session asks for a relay, and the tracker hands each side a token for its own side, signed with
// the secret the relay checks them with, and tells the callee where to go.
import { RequestError, type FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from '../03-roster-and-direct/session-table.ts';
import { issueRelayToken } from './relay-token.ts';

export function relayFeature(sessions: SessionTable): FeatureFactory {
  return (tracker) => {
    // Sessions relayed already, until their tokens expire: each session gets one pair of tokens.
    const relayed = new Map<string, number>();
    return {
      requests: {
        relay: (caller, { session }) => {
          const relay = tracker.options.relay;
          if (!relay) throw new RequestError('NO_RELAY', 'this tracker has no relay');
          const now = Date.now();
          for (const [id, until] of relayed) if (until <= now) relayed.delete(id);
          const pending = sessions.pendingOf(session, caller.username);
          const callee = pending && tracker.online.get(pending.peers[1]);
          if (!callee || relayed.has(session)) throw new RequestError('NO_SUCH_SESSION', `no session ${session} of yours waits for a relay`);
          const expiresAt = now + tracker.options.ticketTtlMs;
          relayed.set(session, expiresAt);
          const token = (side: 'caller' | 'callee') => issueRelayToken(relay.secret, { session, side, expiresAt });
          callee.push({ type: 'relay_incoming', session, from: caller.username, host: relay.host, port: relay.port, token: token('callee') });
          return { type: 'relay_info', session, host: relay.host, port: relay.port, token: token('caller') };
        },
      },
    };
  };
}
