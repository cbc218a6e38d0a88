// Rooms on the peer (Lab 06): /room new, join, say, leave and get, /rooms and /pick; the tracker's
// room pushes shown as they come. A peer feature like Lab 05's history: it reaches the tracker through the
// peer's tracker client, and hears its pushes on that client's 'push' event.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PeerContext, PeerFeatureFactory } from '#kit/peer/peer-feature.ts';
import type { TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import { isSafeFileName, type MessageOf } from '#kit/protocol/messages.ts';
import { roomCodeKey } from '#kit/protocol/room-code.ts';
import { sha256OfFile } from '../04-file-transfer/sha256-file.ts';
import { RoomAsks } from './room-asks.ts';

interface KnownRoom {
  code: string;
  topic: string;
  members: string[];
}

export function roomsPeerFeature(): PeerFeatureFactory {
  return (peer) => {
    // The rooms this peer is in, by code, with their members as the pushes keep them.
    const rooms = new Map<string, KnownRoom>();
    const asks = new RoomAsks(peer);
    const problem = (reply: TrackerToPeerMessage) => {
      const { code, message } = reply.type === 'error' ? reply : { code: 'INTERNAL' as const, message: `unexpected reply ${reply.type}` };
      peer.out.emit('error', { code, message }, `✗ ${message}`);
    };
    const entered = (reply: TrackerToPeerMessage) => {
      if (reply.type !== 'room') return problem(reply);
      const room = { code: reply.code, topic: reply.topic, members: [...reply.members] };
      rooms.set(room.code, room);
      peer.out.emit('room_joined', room, `── room ${room.code}${room.topic ? ` (${room.topic})` : ''}: ${room.members.join(', ')} · anyone with the code can join`);
    };
    const left = (code: string, reason: 'left' | 'too_slow') => {
      rooms.delete(code);
      peer.out.emit('room_left', { code, reason }, `── you left room ${code}${reason === 'too_slow' ? ' (removed: your connection fell behind)' : ''}`);
    };
    peer.tracker.on('push', (message: TrackerToPeerMessage) => {
      if (message.type === 'room_message') {
        peer.out.emit('room_message', { code: message.code, seq: message.seq, from: message.from, text: message.text, at: message.at }, `[${message.code}] ${message.from}: ${message.text}`);
      } else if (message.type === 'room_presence') {
        const room = rooms.get(message.code);
        if (room && message.event === 'joined') room.members.push(message.username);
        if (room && message.event === 'left') room.members = room.members.filter((m) => m !== message.username);
        const why = message.reason && message.reason !== 'left' ? ` (${message.reason})` : '';
        peer.out.emit('room_presence', { code: message.code, change: message.event, username: message.username, ...(message.reason ? { reason: message.reason } : {}) }, `${message.event === 'joined' ? '●' : '○'} ${message.username} ${message.event} room ${message.code}${why}`);
      } else if (message.type === 'room_removed') {
        left(message.code, message.reason);
      } else if (message.type === 'room_ask') {
        void answerAsk(peer, message);
      } else if (message.type === 'room_answer') {
        asks.answered(message);
      }
    });
    const room = async (rest: string) => {
      const [action = '', code = '', ...words] = rest.trim().split(/\s+/);
      if (action === 'new') return entered(await peer.tracker.request({ type: 'room_create', ...(rest.trim().length > 3 ? { topic: rest.trim().slice(3).trim() } : {}) }));
      if (action === 'join' && code) return entered(await peer.tracker.request({ type: 'room_join', code: rest.trim().slice(4).trim() }));
      // The rest of the line after the code; surrounding spaces do not count (as with /to).
      const afterCode = () => rest.trim().slice(action.length).trim().slice(code.length).trim();
      if (action === 'say' && code) {
        const reply = await peer.tracker.request({ type: 'room_say', code, text: afterCode() });
        return reply.type === 'ok' ? undefined : problem(reply);
      }
      if (action === 'get' && code && words.length > 0) return asks.ask(code, afterCode());
      if (action === 'leave' && code && words.length === 0) {
        const reply = await peer.tracker.request({ type: 'room_leave', code });
        return reply.type === 'ok' ? left(known(rooms, code), 'left') : problem(reply);
      }
      peer.out.emit('error', { code: 'BAD_COMMAND', message: `unknown room command: /room ${rest.trim()} (try /help)` }, `✗ /room new [topic] · /room join CODE · /room say CODE text · /room leave CODE · /room get CODE NAME`);
    };
    return {
      help: [
        '/room new [topic]     a room of your own: its code lets others in',
        '/room join CODE       enter a room by its code',
        '/room say CODE text   say something in a room',
        '/room leave CODE      leave a room',
        '/rooms                the rooms you are in',
        '/room get CODE NAME   ask a room who has a file',
        '/pick N [udp]         download it from answer N (then the next ones); udp: over UDP',
      ],
      commands: {
        '/room': room,
        '/rooms': () => showRooms(peer, [...rooms.values()]),
        '/pick': (n) => asks.pick(n),
      },
    };
  };
}

/** The code as this peer knows it (the tracker's form), for a code typed in any form. */
function known(rooms: Map<string, KnownRoom>, typed: string): string {
  const key = roomCodeKey(typed);
  return [...rooms.keys()].find((code) => roomCodeKey(code) === key) ?? typed;
}

function showRooms(peer: PeerContext, rooms: KnownRoom[]): void {
  const lines = rooms.map((r) => `  ${r.code}${r.topic ? ` (${r.topic})` : ''}: ${r.members.join(', ')}`);
  peer.out.emit('rooms', { rooms }, rooms.length === 0 ? 'You are in no room.' : ['Your rooms:', ...lines].join('\n'));
}

/**
 * A member asks the room who has a file: answer room_have if this peer shares it, as /share would list
 * it (a regular file directly in --shared, a safe name, a link not followed); else say nothing.
 */
async function answerAsk(peer: PeerContext, ask: MessageOf<'tracker-to-peer', 'room_ask'>): Promise<void> {
  const folder = peer.options.shared;
  if (folder === undefined || !isSafeFileName(ask.name)) return;
  const path = join(folder, ask.name);
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile()) return;
  const sha256 = await sha256OfFile(path).catch(() => undefined);
  if (sha256 === undefined) return;
  peer.out.note(`${ask.from} asked room ${ask.code} for ${ask.name}: you have it, so they were told`);
  await peer.tracker.request({ type: 'room_have', code: ask.code, ask: ask.ask, name: ask.name, size: info.size, sha256 });
}
