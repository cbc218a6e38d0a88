// Lab 06 rooms on the tracker: group chats entered by a code only members see, relayed by the tracker
// in one order for every member (PROTOCOL §3.5). A non-member learns nothing: every room request it
// makes is answered as a code no room has, and counts as a guess.
import { randomBytes } from 'node:crypto';
import {
  MAX_ROOM_GUESSES, MAX_ROOM_MEMBERS, MAX_ROOMS_PER_USER, ROOM_ASK_TTL_MS, ROOM_QUEUE_BYTES, ROOM_RATE_WINDOW_MS,
} from '#kit/protocol/limits.ts';
import type { TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import { FixedWindowLimit } from '#kit/tracker/fixed-window-limit.ts';
import { RequestError, type FeatureFactory, type LeaveReason, type OnlinePeer, type TrackerFeature } from '#kit/tracker/tracker-feature.ts';
import { RoomBook, type Room } from './room-book.ts';

/** An open room_whohas: who asked, where, for what, until when, and who has answered already. */
interface OpenAsk {
  room: Room;
  asker: OnlinePeer;
  name: string;
  until: number;
  answered: Set<string>;
}

type Left = 'left' | 'disconnected' | 'lost' | 'too_slow';

/** One text for every way a room can be unknown to the asker, so that none of them tells anything. */
const NO_SUCH_ROOM = 'no room with this code';

export function roomsFeature(): FeatureFactory {
  return (tracker) => roomsOfOneTracker(tracker.options.roomRate);
}

function roomsOfOneTracker(roomRate: number): TrackerFeature {
  const book = new RoomBook();
  const guesses = new WeakMap<OnlinePeer, number>();
  const rates = new Map<string, FixedWindowLimit>();
  const asks = new Map<string, OpenAsk>();

  const takeRate = (peer: OnlinePeer): void => {
    const rate = rates.get(peer.username) ?? new FixedWindowLimit(roomRate, ROOM_RATE_WINDOW_MS);
    rates.set(peer.username, rate);
    const retry = rate.take();
    if (retry !== undefined) throw new RequestError('SLOW_DOWN', `more than ${roomRate} room messages in ${ROOM_RATE_WINDOW_MS} ms: this one was dropped`, { retry_after_ms: retry });
  };

  /** A wrong code: NO_SUCH_ROOM, until the connection has guessed too often. */
  const unknownRoom = (peer: OnlinePeer): never => {
    const wrong = (guesses.get(peer) ?? 0) + 1;
    guesses.set(peer, wrong);
    if (wrong > MAX_ROOM_GUESSES) {
      setImmediate(() => peer.disconnect()); // after the error below is written
      throw new RequestError('TOO_MANY_ATTEMPTS', `${MAX_ROOM_GUESSES} wrong room codes on this connection: it is closed`);
    }
    throw new RequestError('NO_SUCH_ROOM', NO_SUCH_ROOM);
  };

  /** Writes a room line to each member; one whose connection stopped taking them is removed. */
  const deliver = (room: Room, message: TrackerToPeerMessage, except?: string): void => {
    const tooSlow: OnlinePeer[] = [];
    for (const member of room.members.values()) {
      if (member.username === except) continue;
      member.push(message);
      if ((member.unsentBytes ?? 0) > ROOM_QUEUE_BYTES) tooSlow.push(member);
    }
    for (const member of tooSlow) {
      if (!room.members.has(member.username)) continue;
      member.push({ type: 'room_removed', code: room.code, reason: 'too_slow' });
      leave(room, member.username, 'too_slow');
    }
  };

  const leave = (room: Room, username: string, reason: Left): void => {
    book.remove(room, username);
    if (room.members.size > 0) deliver(room, { type: 'room_presence', code: room.code, event: 'left', username, reason });
  };

  /** A user may be in MAX_ROOMS_PER_USER rooms at most. */
  const roomForOneMore = (peer: OnlinePeer): void => {
    if (book.roomCount(peer.username) >= MAX_ROOMS_PER_USER) throw new RequestError('TOO_MANY_ROOMS', `you are in ${MAX_ROOMS_PER_USER} rooms already: leave one first`);
  };

  const roomReply = (room: Room): TrackerToPeerMessage => ({ type: 'room', code: room.code, topic: room.topic, members: [...room.members.keys()] });

  return {
    requests: {
      room_create(peer, request) {
        roomForOneMore(peer);
        return roomReply(book.create(peer, request.topic ?? ''));
      },
      room_join(peer, request) {
        const room = book.find(request.code) ?? unknownRoom(peer);
        if (room.members.has(peer.username)) return roomReply(room);
        if (room.members.size >= MAX_ROOM_MEMBERS) throw new RequestError('ROOM_FULL', `the room has ${MAX_ROOM_MEMBERS} members already`);
        roomForOneMore(peer);
        deliver(room, { type: 'room_presence', code: room.code, event: 'joined', username: peer.username });
        book.add(room, peer);
        return roomReply(room);
      },
      room_leave(peer, request) {
        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);
        leave(room, peer.username, 'left');
        return { type: 'ok', re: 'room_leave' };
      },
      room_say(peer, request) {
        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);
        takeRate(peer);
        room.seq += 1;
        const seq = room.seq;
        deliver(room, { type: 'room_message', code: room.code, seq, from: peer.username, text: request.text, at: new Date().toISOString() });
        return { type: 'ok', re: 'room_say', seq };
      },
      room_whohas(peer, request) {
        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);
        takeRate(peer);
        const now = Date.now();
        for (const [id, open] of asks) if (open.until <= now) asks.delete(id); // closed asks go
        const ask = `a-${randomBytes(9).toString('base64url')}`;
        asks.set(ask, { room, asker: peer, name: request.name, until: now + ROOM_ASK_TTL_MS, answered: new Set() });
        deliver(room, { type: 'room_ask', code: room.code, ask, from: peer.username, name: request.name }, peer.username);
        return { type: 'room_asked', code: room.code, ask, name: request.name };
      },
      room_have(peer, request) {
        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);
        const open = asks.get(request.ask);
        // Only a member's answer, to an open ask of this room, for its name, once: else dropped.
        const forward = open && open.room === room && open.until > Date.now() && open.name === request.name && !open.answered.has(peer.username) && room.members.get(open.asker.username) === open.asker;
        if (forward) {
          open.answered.add(peer.username);
          const { name, size, sha256 } = request;
          open.asker.push({ type: 'room_answer', code: room.code, ask: request.ask, from: peer.username, name, size, sha256, host: peer.host, port: peer.port });
        }
        return { type: 'ok', re: 'room_have' };
      },
    },
    left(peer: OnlinePeer, reason: LeaveReason) {
      for (const room of book.roomsOf(peer.username)) leave(room, peer.username, reason === 'logout' ? 'disconnected' : 'lost');
      rates.delete(peer.username);
    },
  };
}
