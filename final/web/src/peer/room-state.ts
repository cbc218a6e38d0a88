// Lab 06's rooms as the page keeps them, from the events the peer prints (PROTOCOL §9.4): who is in
// each, what was said in the tracker's order, and the answers to the latest "who has it?".

export interface RoomAnswer {
  n: number;
  from: string;
  name: string;
  size: number;
  sha256: string;
}

export type RoomItem =
  | { kind: 'message'; seq: number; from: string; text: string; at: number; mine: boolean }
  | { kind: 'notice'; text: string; at: number };

export interface RoomState {
  code: string;
  topic: string;
  members: string[];
  /** False once this peer left or was removed: the room stays readable until its tab is closed. */
  open: boolean;
  timeline: RoomItem[];
  unread: number;
  /** The latest ask of this room, with its answers numbered as they came. */
  ask?: { ask: string; name: string; answers: RoomAnswer[] };
}

/** A tab's key for a room (sessions' tabs are keyed by session id, which never starts like this). */
export const roomTab = (code: string) => `room:${code}`;

export function roomOfTab(tab: string | undefined): string | undefined {
  return tab?.startsWith('room:') ? tab.slice('room:'.length) : undefined;
}

type Fields = Record<string, unknown>;
const text = (f: Fields, key: string) => (typeof f[key] === 'string' ? (f[key] as string) : '');
const count = (f: Fields, key: string) => (typeof f[key] === 'number' ? (f[key] as number) : 0);

/** Applies one room event; the room it changed, or undefined when it was not a room event. */
export function applyRoomEvent(rooms: Map<string, RoomState>, event: string, f: Fields, me: string): RoomState | undefined {
  const code = text(f, 'code');
  const room = rooms.get(code);
  const now = Date.now();
  switch (event) {
    case 'room_joined': {
      const members = Array.isArray(f.members) ? (f.members as string[]) : [];
      const joined: RoomState = { code, topic: text(f, 'topic'), members: [...members], open: true, timeline: room?.timeline ?? [], unread: 0 };
      joined.timeline.push({ kind: 'notice', text: room ? 'You are back in the room' : members.length <= 1 ? 'You made this room: share its code with whoever should join' : `You joined: ${members.join(', ')}`, at: now });
      rooms.set(code, joined);
      return joined;
    }
    case 'room_presence': {
      if (!room) return undefined;
      const who = text(f, 'username');
      const reason = text(f, 'reason');
      if (text(f, 'change') === 'joined') room.members = [...room.members.filter((m) => m !== who), who];
      else room.members = room.members.filter((m) => m !== who);
      const why = reason === 'too_slow' ? ' (removed: too slow to read)' : reason === 'lost' ? ' (connection lost)' : reason === 'disconnected' ? ' (logged out)' : '';
      room.timeline.push({ kind: 'notice', text: `${who} ${text(f, 'change') === 'joined' ? 'joined' : 'left'}${why}`, at: now });
      return room;
    }
    case 'room_message': {
      if (!room) return undefined;
      room.timeline.push({ kind: 'message', seq: count(f, 'seq'), from: text(f, 'from'), text: text(f, 'text'), at: Date.parse(text(f, 'at')) || now, mine: text(f, 'from') === me });
      return room;
    }
    case 'room_left': {
      if (!room) return undefined;
      room.open = false;
      room.timeline.push({ kind: 'notice', text: text(f, 'reason') === 'too_slow' ? 'You were removed: your connection fell behind' : 'You left the room', at: now });
      return room;
    }
    case 'room_asked': {
      if (!room) return undefined;
      room.ask = { ask: text(f, 'ask'), name: text(f, 'name'), answers: [] };
      return room;
    }
    case 'room_answer': {
      if (!room?.ask || room.ask.ask !== text(f, 'ask')) return undefined;
      room.ask.answers.push({ n: count(f, 'n'), from: text(f, 'from'), name: text(f, 'name'), size: count(f, 'size'), sha256: text(f, 'sha256') });
      return room;
    }
    default:
      return undefined;
  }
}
