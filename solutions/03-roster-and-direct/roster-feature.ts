// Who is online, and telling everyone when that changes (presence), so no client has to poll.
import type { FeatureFactory, OnlinePeer } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from './session-table.ts';

export function rosterFeature(sessions: SessionTable): FeatureFactory {
  return (tracker) => {
    const others = (peer: OnlinePeer) => [...tracker.online.values()].filter((other) => other !== peer);
    return {
      requests: {
        list: () => ({
          type: 'roster',
          users: [...tracker.online.values()]
            .sort((a, b) => a.since.getTime() - b.since.getTime() || a.username.localeCompare(b.username))
            .map((peer) => ({ username: peer.username, since: peer.since.toISOString(), busy: sessions.isBusy(peer.username) })),
        }),
      },
      joined(peer) {
        for (const other of others(peer)) other.push({ type: 'presence', event: 'joined', username: peer.username, since: peer.since.toISOString() });
      },
      left(peer) {
        for (const other of others(peer)) other.push({ type: 'presence', event: 'left', username: peer.username });
      },
    };
  };
}
