// The rooms as the dashboard may show them: how many, how many members each, how many messages. It
// learns membership from what the tracker tells the members (the `room` replies and the room pushes),
// and keeps the codes to itself: the dashboard never sees a code, a topic or a message (PROTOCOL §3.5:
// a room is invisible to everyone outside it).
import type { TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import { roomCodeKey } from '#kit/protocol/room-code.ts';
import type { RoomsRow } from '../shared/dashboard-snapshot.ts';

export class RoomWatch {
  /** Members by room, the room named by its code's matching form (a code may be typed several ways). */
  private readonly members = new Map<string, Set<string>>();
  private messages = 0;

  constructor(private readonly changed: () => void) {}

  /** A line the tracker sent a member (a reply or a push), as the member's connection saw it. */
  sentTo(username: string, message: TrackerToPeerMessage): void {
    if (message.type === 'room') this.members.set(key(message.code), new Set(message.members));
    else if (message.type === 'room_presence' && message.event === 'joined') this.members.get(key(message.code))?.add(message.username);
    else if (message.type === 'room_presence') this.remove(message.code, message.username);
    else if (message.type === 'room_removed') this.remove(message.code, username);
    else if (message.type === 'room_message' && message.from === username) this.messages += 1; // once: the sender's copy
    else return;
    this.changed();
  }

  /** The member left the room (its `ok` to room_leave). */
  left(code: string, username: string): void {
    this.remove(code, username);
    this.changed();
  }

  /** The user left the tracker: gone from every room. */
  gone(username: string): void {
    for (const code of [...this.members.keys()]) this.remove(code, username);
    this.changed();
  }

  summary(): RoomsRow {
    const sizes = [...this.members.values()].map((set) => set.size).sort((a, b) => b - a);
    return { rooms: sizes.length, members: sizes, messages: this.messages };
  }

  private remove(code: string, username: string): void {
    const room = this.members.get(key(code));
    room?.delete(username);
    if (room?.size === 0) this.members.delete(key(code));
  }
}

function key(code: string): string {
  return roomCodeKey(code) ?? code;
}
