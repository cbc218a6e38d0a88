// Lab 06 starter: the rooms the tracker knows, and who is in which (README step 1). A room is found by
// its code's key (roomCodeKey in #kit/protocol/room-code.ts) and keeps its members in joining order.
import type { OnlinePeer } from '#kit/tracker/tracker-feature.ts';

export interface Room {
  readonly code: string;
  readonly topic: string;
  /** Username → the member's connection, oldest member first. */
  readonly members: Map<string, OnlinePeer>;
  /** The seq of the last message accepted; the next gets seq + 1. */
  seq: number;
}

export class RoomBook {
  /** A new room with a code from newRoomCode() no live room has, the creator its only member. */
  create(creator: OnlinePeer, topic: string): Room {
    throw new Error(`TODO (README step 1): create a room for ${creator.username} (${topic})`);
  }

  /** The room a typed code names, whoever asks. */
  find(typed: string): Room | undefined {
    throw new Error(`TODO (README step 1): find the room of ${typed}`);
  }

  /** The room a typed code names, if `username` is one of its members: all a non-member may learn. */
  findAsMember(typed: string, username: string): Room | undefined {
    throw new Error(`TODO (README step 1): find ${typed} for ${username}`);
  }

  /** How many rooms `username` is in. */
  roomCount(username: string): number {
    throw new Error(`TODO (README step 1): count the rooms of ${username}`);
  }

  /** The rooms `username` is in. */
  roomsOf(username: string): Room[] {
    throw new Error(`TODO (README step 1): list the rooms of ${username}`);
  }

  /** Makes `member` a member of `room`. */
  add(room: Room, member: OnlinePeer): void {
    throw new Error(`TODO (README step 1): add ${member.username} to ${room.code}`);
  }

  /** Takes a member out; a room left empty ends, and its code with it. */
  remove(room: Room, username: string): void {
    throw new Error(`TODO (README step 1): remove ${username} from ${room.code}`);
  }
}
