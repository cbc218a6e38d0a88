// Who is online, and telling everyone when that changes (presence), so no client has to poll.
import { ROSTER_PAGE } from '#kit/protocol/limits.ts';
import type { FeatureFactory, OnlinePeer } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from './session-table.ts';

// Ties in byte order (PROTOCOL §3.2): localeCompare's order depends on the machine's language.
const byLogin = (a: OnlinePeer, b: OnlinePeer) => a.since.getTime() - b.since.getTime() || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);

export function rosterFeature(sessions: SessionTable): FeatureFactory {
  return (tracker) => {
    const others = (peer: OnlinePeer) => [...tracker.online.values()].filter((other) => other !== peer);
    // The roster in login order, sorted once and kept until someone joins or leaves: with thousands
    // online, sorting for every page request was most of the cost of a roster.
    let sorted: OnlinePeer[] | undefined;
    const inLoginOrder = () => (sorted ??= [...tracker.online.values()].sort(byLogin));
    return {
      requests: {
        // One page of at most ROSTER_PAGE users from `offset` on: 10,000 users would not fit one line.
        list: (_peer, { offset = 0 }) => {
          const inOrder = inLoginOrder();
          return {
            type: 'roster',
            users: inOrder
              .slice(offset, offset + ROSTER_PAGE)
              .map((peer) => ({ username: peer.username, since: peer.since.toISOString(), busy: sessions.isBusy(peer.username) })),
            total: inOrder.length,
          };
        },
      },
      // One message object for everyone: the connection encodes an object it has seen once.
      joined(peer) {
        sorted = undefined;
        const arrival = { type: 'presence', event: 'joined', username: peer.username, since: peer.since.toISOString() } as const;
        for (const other of others(peer)) other.push(arrival);
      },
      left(peer) {
        sorted = undefined;
        const departure = { type: 'presence', event: 'left', username: peer.username } as const;
        for (const other of others(peer)) other.push(departure);
      },
    };
  };
}
