// The moves of Lab 06's room checks: members online on scripted connections, rooms made and joined,
// and the ways a room code is typed by people (PROTOCOL §3.3 room_join).
import { ROOM_CODE_PATTERN } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import type { JsonParty, Message } from '../../engine/json-party.ts';
import type { Random } from '../../engine/seeded-random.ts';
import { FAST_HASHING, startTracker } from '../02-tracker-auth/tracker-harness.ts';
import { startPeer, type PeerRun } from '../03-roster-and-direct/peer-harness.ts';
import { online } from '../03-roster-and-direct/tracker-moves.ts';
import { answerShares } from '../04-file-transfer/file-harness.ts';

/** Pushes a member may get between the answers a check waits for (room pushes are judged, not skipped). */
export const OTHER_PUSHES = ['presence', 'incoming', 'session_ended', 'ping'];
export const roomOpts = (why: string) => ({ why, skip: OTHER_PUSHES });

export interface Member {
  name: string;
  party: JsonParty;
}

export async function startRoomTracker(ctx: CheckContext, extra: string[] = []): Promise<number> {
  return (await startTracker(ctx, [...FAST_HASHING, ...extra])).port;
}

export async function members(ctx: CheckContext, port: number, names: string[]): Promise<Member[]> {
  const all: Member[] = [];
  for (const [i, name] of names.entries()) all.push({ name, party: await online(ctx, port, name, 6000 + i) });
  return all;
}

/** `creator` makes a room (with a drawn topic, or none); returns its code, checked against §3.2 room. */
export async function createRoom(ctx: CheckContext, creator: Member): Promise<{ code: string; topic: string }> {
  const topic = ctx.random.pick([undefined, '', 'lab 06 study group', 'café ☕ 🙂', 'x'.repeat(256)]);
  const reply = await creator.party.request({ type: 'room_create', ...(topic === undefined ? {} : { topic }) }, 'room', { topic: topic ?? '', members: [creator.name] }, roomOpts('room_create answers room: the code the tracker made up, the topic ("" when none), and the creator as the only member'));
  const code = String(reply.code);
  if (!ROOM_CODE_PATTERN.test(code)) throw new Error(`unreachable: the monitor checks the code's form (${code})`);
  return { code, topic: topic ?? '' };
}

/** The code as a person might type it: case, dashes, spaces, and O/I/L for 0/1 (§3.3 room_join). */
export function typedCode(random: Random, code: string): string {
  let typed = code;
  if (random.chance(0.5)) typed = typed.toUpperCase();
  typed = random.pick([typed, typed.replace(/-/g, ''), typed.replace(/-/g, ' '), ` ${typed} `]);
  if (random.chance(0.7)) typed = typed.replace(/0/g, random.pick(['o', 'O'])).replace(/1/g, random.pick(['i', 'I', 'l', 'L']));
  return typed;
}

/** A well-formed code that is not `code`: what a guesser would try. */
export function otherCode(random: Random, code: string): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  for (;;) {
    const guess = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => random.pick([...alphabet])).join('')).join('-');
    if (guess !== code) return guess;
  }
}

/** Nothing about rooms reached `member`: a ping's pong comes before any room push sent earlier. */
export async function expectNoRoomPush(member: Member, why: string): Promise<void> {
  await member.party.request({ type: 'ping' }, 'pong', {}, { why, skip: OTHER_PUSHES });
}

/**
 * The joiners enter the room one after the other (each typing the code as `typed` gives it), and each
 * time every member already there is told (PROTOCOL §3.5). `members` is who is in the room now.
 */
export async function joinAll(code: string, members: Member[], joiners: Member[], typed: (code: string) => string = (c) => c): Promise<void> {
  const inRoom = [...members];
  for (const joiner of joiners) {
    await join(joiner, code, typed(code), [...inRoom, joiner].map((m) => m.name));
    for (const earlier of inRoom) {
      await earlier.party.expect('room_presence', { code, event: 'joined', username: joiner.name }, roomOpts('PROTOCOL §3.5: every member already in the room is told who joined'));
    }
    inRoom.push(joiner);
  }
}

export async function join(member: Member, code: string, typed: string, everyone: string[]): Promise<Message> {
  return member.party.request({ type: 'room_join', code: typed }, 'room', { code, members: everyone }, roomOpts(`room_join with the code typed as ${JSON.stringify(typed)} enters the room: the reply names it by its code as handed out, and lists every member, oldest first (PROTOCOL §3.3)`));
}

/** The student's Lab 06 peer against the grader as tracker, logged in, its (empty) share answered. */
export async function startRoomPeer(ctx: CheckContext, me: string): Promise<PeerRun> {
  const run = await startPeer(ctx, me);
  await answerShares(run.tracker, 0);
  return run;
}
