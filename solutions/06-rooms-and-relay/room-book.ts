// The rooms the tracker knows, and who is in which. A room is found by its code's key (the code as
// matched: see kit/protocol/room-code.ts) and keeps its members in the order they joined: that is the
// order of the member list every joiner gets.
import { newRoomCode, roomCodeKey } from '#kit/protocol/room-code.ts';
import type { OnlinePeer } from '#kit/tracker/tracker-feature.ts';

export interface Room {
  readonly code: string;
  readonly topic: string;
  /** Username → the member's connection, oldest member first. */
  readonly members: Map<string, OnlinePeer>;
  /** The seq of the last message accepted; the next gets seq + 1. */
  seq: number;
}

/** Codes drawn before giving up on an unused one: with 60 bits, the first is unused but for a fluke. */
const CODE_DRAWS = 8;

export class RoomBook {
  private readonly rooms = new Map<string, Room>();
  private readonly byMember = new Map<string, Set<Room>>();

  create(creator: OnlinePeer, topic: string): Room {
    for (let draw = 0; draw < CODE_DRAWS; draw++) {
      const code = newRoomCode();
      const key = roomCodeKey(code)!;
      if (this.rooms.has(key)) continue;
      const room: Room = { code, topic, members: new Map(), seq: 0 };
      this.rooms.set(key, room);
      this.add(room, creator);
      return room;
    }
    throw new Error('no unused room code after several draws');
  }

  /** The room a typed code names, whoever asks. */
  find(typed: string): Room | undefined {
    const key = roomCodeKey(typed);
    return key === undefined ? undefined : this.rooms.get(key);
  }

  /** The room a typed code names, if `username` is one of its members: all a non-member may learn. */
  findAsMember(typed: string, username: string): Room | undefined {
    const room = this.find(typed);
    return room?.members.has(username) ? room : undefined;
  }

  roomCount(username: string): number {
    return this.byMember.get(username)?.size ?? 0;
  }

  /** The rooms `username` is in. */
  roomsOf(username: string): Room[] {
    return [...(this.byMember.get(username) ?? [])];
  }

  add(room: Room, member: OnlinePeer): void {
    room.members.set(member.username, member);
    const rooms = this.byMember.get(member.username) ?? new Set<Room>();
    rooms.add(room);
    this.byMember.set(member.username, rooms);
  }

  /** Takes a member out; a room left empty ends, and its code with it. */
  remove(room: Room, username: string): void {
    room.members.delete(username);
    const rooms = this.byMember.get(username);
    rooms?.delete(room);
    if (rooms?.size === 0) this.byMember.delete(username);
    if (room.members.size === 0) {
      // Its code is not kept: with 60 random bits, a later room drawing it again is as likely as a guess.
      this.rooms.delete(roomCodeKey(room.code)!);
    }
  }
}
