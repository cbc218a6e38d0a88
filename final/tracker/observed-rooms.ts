// Lab 06's rooms, unchanged, with the dashboard's RoomWatch listening: each member's connection is
// handed to the rooms as a look-alike whose push the watch hears first, so it sees what every member is
// told (joins, leaves, removals, messages) without the rooms knowing it is there.
import type { TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import type { FeatureFactory, OnlinePeer, TrackerFeature } from '#kit/tracker/tracker-feature.ts';
import { lab06 } from '../lab06-plug.ts';
import type { RoomWatch } from './room-watch.ts';

export function observedRooms(watch: RoomWatch): FeatureFactory {
  return (tracker) => {
    const rooms = lab06.roomsFeature()(tracker);
    // One look-alike per connection, always the same: the rooms may key their own tables by it.
    const seen = new WeakMap<OnlinePeer, OnlinePeer>();
    const heard = (peer: OnlinePeer): OnlinePeer => {
      let lookAlike = seen.get(peer);
      if (!lookAlike) {
        lookAlike = new Proxy(peer, {
          get(target, key) {
            if (key === 'push') {
              return (message: TrackerToPeerMessage) => {
                watch.sentTo(target.username, message);
                target.push(message);
              };
            }
            const value: unknown = Reflect.get(target, key, target);
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        });
        seen.set(peer, lookAlike);
      }
      return lookAlike;
    };
    const requests = Object.fromEntries(
      Object.entries(rooms.requests ?? {}).map(([type, handle]) => [
        type,
        async (peer: OnlinePeer, request: { type: string; code?: unknown }) => {
          const reply = await (handle as unknown as (peer: OnlinePeer, request: unknown) => Promise<TrackerToPeerMessage>)(heard(peer), request);
          watch.sentTo(peer.username, reply);
          if (type === 'room_leave' && reply.type === 'ok' && typeof request.code === 'string') watch.left(request.code, peer.username);
          return reply;
        },
      ]),
    ) as TrackerFeature['requests'];
    return {
      requests,
      ...(rooms.joined ? { joined: (peer: OnlinePeer) => rooms.joined?.(heard(peer)) } : {}),
      left: (peer, reason) => {
        rooms.left?.(heard(peer), reason);
        watch.gone(peer.username);
      },
      ...(rooms.close ? { close: () => rooms.close?.() } : {}),
    };
  };
}
