// Who is online, and telling everyone when that changes (presence), so no client has to poll.
import { ROSTER_PAGE } from '#kit/protocol/limits.ts';
import type { FeatureFactory, OnlinePeer } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from './session-table.ts';

const byLogin = (a: OnlinePeer, b: OnlinePeer) => a.since.getTime() - b.since.getTime() || a.username.localeCompare(b.username);

export function rosterFeature(sessions: SessionTable): FeatureFactory {
  return (tracker) => {
    const others = (peer: OnlinePeer) => [...tracker.online.values()].filter((other) => other !== peer);
    return {
      requests: {
        // One page of at most ROSTER_PAGE users from `offset` on: 10,000 users would not fit one line.
        list: (_peer, { offset = 0 }) => {
          const inOrder = [...tracker.online.values()].sort(byLogin);
          return {
            type: 'roster',
            users: inOrder
              .slice(offset, offset + ROSTER_PAGE)
              .map((peer) => ({ username: peer.username, since: peer.since.toISOString(), busy: sessions.isBusy(peer.username) })),
            total: inOrder.length,
          };
        },
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
