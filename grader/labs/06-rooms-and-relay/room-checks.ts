// Lab 06's checks of rooms (README steps 1 and 2, PROTOCOL §3.3 and §3.5): a code only members see,
// membership pushes to the other members only, one order of messages for everyone, and a member who
// stops reading removed without slowing the others. Every party is a scripted peer.
import { MAX_ROOM_GUESSES, MAX_ROOMS_PER_USER, ROOM_ASK_TTL_MS, ROOM_RATE_WINDOW_MS } from '#kit/protocol/limits.ts';
import { fail } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import type { Message } from '../../engine/json-party.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { logout } from '../02-tracker-auth/tracker-harness.ts';
import { createRoom, expectNoRoomPush, join, joinAll, members, otherCode, OTHER_PUSHES, roomOpts, startRoomTracker, typedCode, type Member } from './room-moves.ts';

/** The code with every 0 typed as O and every 1 as I or L, in either case (PROTOCOL §3.3 room_join). */
function lookAlikes(random: Random, typed: string): string {
  return typed.replace(/0/g, () => random.pick(['o', 'O'])).replace(/1/g, () => random.pick(['i', 'I', 'l', 'L']));
}

const PRIVATE_WHY = 'PROTOCOL §3.5: a non-member learns nothing about a room: every room request of theirs is answered as for a code no room has, NO_SUCH_ROOM with the same message';

export const roomChecks: CheckDefinition[] = [
  {
    id: 'rooms.create-join',
    step: 1,
    title: 'a room made with room_create is joined by its code however it is typed; the others are told, nobody else',
    hint: 'match codes ignoring case, "-" and spaces, with O as 0 and I, L as 1; push room_presence joined to the members who were there before, never to the joiner or to anyone outside',
    async run(ctx) {
      const port = await startRoomTracker(ctx);
      const count = ctx.random.int(3, 5);
      const [creator, ...rest] = await members(ctx, port, drawUsernames(ctx.random, count + 1));
      const outsider = rest.pop()!;
      // A code with a 0 or a 1 in it (about half of them), so that the first joiner can type it with the
      // look-alikes O, I and L: a room the creator makes and leaves again while it has none.
      let { code } = await createRoom(ctx, creator!);
      for (let tries = 0; !/[01]/.test(code) && tries < 40; tries++) {
        await creator!.party.request({ type: 'room_leave', code }, 'ok', { re: 'room_leave' }, roomOpts('the creator leaves a room whose code has no 0 or 1 (nothing to type as O, I or L), and makes another'));
        ({ code } = await createRoom(ctx, creator!));
      }
      let joined = 0;
      const typed = (c: string) => (joined++ === 0 ? lookAlikes(ctx.random, typedCode(ctx.random, c)) : typedCode(ctx.random, c));
      await joinAll(code, [creator!], rest, typed);
      const inRoom: Member[] = [creator!, ...rest];
      const again = ctx.random.pick(inRoom);
      await join(again, code, typedCode(ctx.random, code), inRoom.map((m) => m.name));
      for (const member of inRoom) await expectNoRoomPush(member, `PROTOCOL §3.3: joining a room you are in already pushes nothing (${again.name} joined again), and no member is told of their own joining`);
      await expectNoRoomPush(outsider, `PROTOCOL §3.5: ${outsider.name} is in no room and must hear nothing of one`);
    },
  },
  {
    id: 'rooms.private',
    step: 1,
    title: 'a non-member gets NO_SUCH_ROOM, the same answer for every room request, and is cut off after 5 wrong codes',
    hint: 'answer room_join with a wrong code, and room_say or room_leave from a non-member, with the same code and message; count each per connection, and after 5 answer TOO_MANY_ATTEMPTS and close',
    async run(ctx) {
      const port = await startRoomTracker(ctx);
      const [owner, mallory] = await members(ctx, port, drawUsernames(ctx.random, 2));
      const { code } = await createRoom(ctx, owner!);
      const tries: Message[] = shuffled(ctx.random, [
        { type: 'room_join', code: otherCode(ctx.random, code) },
        { type: 'room_join', code: ctx.random.pick(['not a code', 'zzzz', `${code}-x`, '🙂']) },
        { type: 'room_say', code, text: 'let me in' },
        { type: 'room_leave', code },
        { type: 'room_say', code: typedCode(ctx.random, code), text: 'hello?' },
      ]);
      let first: Message | undefined;
      for (const attempt of tries) {
        const answer = await mallory!.party.request(attempt, 'error', { code: 'NO_SUCH_ROOM' }, roomOpts(PRIVATE_WHY));
        first ??= answer;
        if (answer.message !== first.message) {
          fail({ expected: `the same message for every NO_SUCH_ROOM (${JSON.stringify(first.message)})`, got: JSON.stringify(answer.message), why: `${PRIVATE_WHY}: a different text tells a guesser that the room exists` });
        }
      }
      await expectNoRoomPush(owner!, 'PROTOCOL §3.5: a non-member\'s attempts change nothing in the room');
      if (tries.length !== MAX_ROOM_GUESSES) throw new Error('unreachable: the tries are the guesses allowed');
      await mallory!.party.request({ type: 'room_join', code: otherCode(ctx.random, code) }, 'error', { code: 'TOO_MANY_ATTEMPTS' }, roomOpts(`PROTOCOL §3.3: after ${MAX_ROOM_GUESSES} NO_SUCH_ROOM on a connection the next wrong code is TOO_MANY_ATTEMPTS, and the connection is closed`));
      await mallory!.party.socket.expectEnd({ why: 'PROTOCOL §3.3: TOO_MANY_ATTEMPTS closes the connection' });
    },
  },
  {
    id: 'rooms.leaving',
    step: 1,
    title: 'leaving by room_leave, logout or a lost connection is told to the others with its reason; the last member ends the room',
    hint: 'on room_leave, logout and loss, take the member out of each of its rooms and push room_presence left with reason left, disconnected or lost; a room left empty is gone, and its code with it',
    async run(ctx) {
      const port = await startRoomTracker(ctx);
      // Four members: three leave in the three ways while others are there to be told, then the last
      // leaves with room_leave, whose ok says it is done (a lost connection is noticed in its own time).
      const everyone = await members(ctx, port, drawUsernames(ctx.random, 5));
      const [creator, ...others] = everyone;
      const newcomer = others.pop()!;
      const { code } = await createRoom(ctx, creator!);
      await joinAll(code, [creator!], others);
      const inRoom: Member[] = [creator!, ...others];
      for (const [i, way] of shuffled(ctx.random, ['left', 'disconnected', 'lost'] as const).entries()) {
        const leaver = inRoom.splice(ctx.random.int(0, inRoom.length - 1), 1)[0]!;
        ctx.note(`${leaver.name} leaves: ${way}`);
        if (way === 'left') await leaver.party.request({ type: 'room_leave', code }, 'ok', { re: 'room_leave' }, roomOpts('room_leave is answered ok'));
        else if (way === 'disconnected') await logout(leaver.party);
        else leaver.party.socket.reset();
        for (const member of inRoom) {
          await member.party.expect('room_presence', { code, event: 'left', username: leaver.name, reason: way }, roomOpts(`PROTOCOL §3.5: the others are told who left, and why: ${way}`));
        }
        if (way === 'left' && i < 2) await expectNoRoomPush(leaver, 'a member who left hears nothing more of the room');
      }
      const last = inRoom.pop()!;
      await last.party.request({ type: 'room_leave', code }, 'ok', { re: 'room_leave' }, roomOpts(`${last.name}, the last member, leaves`));
      await newcomer.party.request({ type: 'room_join', code }, 'error', { code: 'NO_SUCH_ROOM' }, roomOpts('PROTOCOL §3.3: a room whose last member left is gone, and its code with it'));
    },
  },
  {
    id: 'rooms.order',
    step: 2,
    title: 'messages said at once by several members reach every member, the senders too, in one order: seq 1, 2, 3 … with no gap',
    hint: 'number a room\'s messages as you accept them (one counter per room) and write each to every member before the next; answer the sender ok with the seq its message got',
    timeoutMs: 25_000,
    async run(ctx) {
      const port = await startRoomTracker(ctx, ['--room-rate', '100']);
      const count = ctx.random.int(2, 5);
      const roomMembers = await members(ctx, port, drawUsernames(ctx.random, count + 2));
      const [otherA, otherB] = [roomMembers.pop()!, roomMembers.pop()!];
      const { code } = await createRoom(ctx, roomMembers[0]!);
      await joinAll(code, roomMembers.slice(0, 1), roomMembers.slice(1));
      // Another room talks at the same time: its messages must not take this room's numbers.
      const other = await createRoom(ctx, otherA);
      await joinAll(other.code, [otherA], [otherB]);
      const plan = roomMembers.flatMap((m) => Array.from({ length: ctx.random.int(3, 12) }, (_, i) => ({ member: m, text: `${m.name} says ${i} ${ctx.random.pick(['hi', '', 'é 🙂', ' spaced '])}`, id: `${m.name}-${i}` })));
      const said = shuffled(ctx.random, plan);
      ctx.note(`${said.length} messages said at once by ${roomMembers.length} members, in a drawn interleaving; ${otherA.name} talks in another room meanwhile`);
      for (const [i, line] of said.entries()) {
        line.member.party.send({ type: 'room_say', code, text: line.text, id: line.id });
        if (i % 3 === 0) otherA.party.send({ type: 'room_say', code: other.code, text: `elsewhere ${i}` });
      }
      const why = 'PROTOCOL §3.5: the tracker numbers a room\'s messages as it accepts them and writes them to every member in that order: everyone sees the same list, seq 1, 2, 3 … with no gap';
      const seen: string[][] = [];
      for (const member of roomMembers) {
        const lines: string[] = [];
        const oks = new Map<string, number>();
        const mine = said.filter((line) => line.member === member).length;
        while (lines.length < said.length || oks.size < mine) {
          const next = await member.party.expectOneOf(['room_message', 'ok'], {}, roomOpts(why));
          if (next.type === 'ok') {
            if (next.re !== 'room_say') fail({ expected: `${member.name} to receive ok to room_say`, got: JSON.stringify(next), why });
            oks.set(String(next.id), Number(next.seq));
            continue;
          }
          if (next.code !== code || next.seq !== lines.length + 1) fail({ expected: `${member.name} to receive room_message ${lines.length + 1} of ${code}`, got: JSON.stringify(next), why });
          lines.push(`${String(next.from)}\u0000${String(next.text)}`);
        }
        for (const line of said.filter((l) => l.member === member)) {
          const at = oks.get(line.id);
          if (at === undefined || lines[at - 1] !== `${member.name}\u0000${line.text}`) {
            fail({ expected: `the ok to ${member.name}'s room_say ${JSON.stringify(line.text)} (id ${line.id}) to carry the seq of that message`, got: `seq ${String(at)}`, why: 'PROTOCOL §3.3 room_say: the ok tells the sender where its message landed in the room\'s order' });
          }
        }
        const own = lines.filter((l) => l.startsWith(`${member.name}\u0000`)).map((l) => l.split('\u0000')[1]);
        const sent = said.filter((l) => l.member === member).map((l) => l.text);
        if (JSON.stringify(own) !== JSON.stringify(sent)) fail({ expected: `${member.name}'s own messages in the order sent: ${JSON.stringify(sent)}`, got: JSON.stringify(own), why });
        seen.push(lines);
      }
      for (const [i, lines] of seen.entries()) {
        const at = lines.findIndex((line, n) => line !== seen[0]![n]);
        if (at === -1) continue;
        const shown = (line: string | undefined) => JSON.stringify(line?.replace('\u0000', ': '));
        fail({ expected: `${roomMembers[i]!.name}'s message ${at + 1} to be ${shown(seen[0]![at])}, as ${roomMembers[0]!.name} saw it`, got: shown(lines[at]), why });
      }
    },
  },
  {
    id: 'rooms.slow-member',
    step: 2,
    title: 'a member who stops reading is removed (too_slow) while the others keep getting every message',
    hint: 'after writing a room line to a member, look at how much of that connection is still unsent (socket.writableLength): over ROOM_QUEUE_BYTES, remove the member, push room_presence left too_slow to the others and room_removed to it',
    timeoutMs: 45_000,
    async run(ctx) {
      const rounds = 25;
      const port = await startRoomTracker(ctx, ['--room-rate', String(90 * rounds)]);
      const [alice, bob, sleepy] = await members(ctx, port, drawUsernames(ctx.random, 3));
      const { code } = await createRoom(ctx, alice!);
      await joinAll(code, [alice!], [bob!, sleepy!]);
      sleepy!.party.socket.pauseReading();
      ctx.note(`${sleepy!.name} stops reading; ${alice!.name} says 90 messages of 8 kB a second until the tracker removes ${sleepy!.name} (at most ${rounds} s)`);
      const text = 'x'.repeat(8000);
      const why = 'PROTOCOL §3.5: a tracker bounds what it queues for one member (ROOM_QUEUE_BYTES); a member whose queue would overflow is removed, and the others\' delivery goes on';
      let sent = 0;
      let removed = false;
      const readers = [alice!, bob!];
      const read = [0, 0];
      for (let round = 0; round < rounds && !removed; round++) {
        for (let i = 0; i < 90; i++) alice!.party.socket.sendQuietly(Buffer.from(`${JSON.stringify({ type: 'room_say', code, text, id: `r${round}-${i}` })}\n`));
        sent += 90;
        const until = Date.now() + 1_000;
        // Both readers take everything as it comes (quietly: 8 kB lines would drown the story).
        for (const [r, reader] of readers.entries()) {
          while (read[r]! < sent && Date.now() < until + 4_000) {
            const message = JSON.parse(await reader.party.socket.nextLine({ timeoutMs: 5_000, expected: `room_message ${read[r]! + 1}`, why })) as Message;
            if (message.type === 'room_presence' && message.username === sleepy!.name) {
              if (message.event !== 'left' || message.reason !== 'too_slow') fail({ expected: `room_presence left ${sleepy!.name} with reason too_slow`, got: JSON.stringify(message), why });
              removed = true;
            } else if (message.type === 'room_message') {
              if (message.seq !== read[r]! + 1) fail({ expected: `${reader.name} to receive room_message ${read[r]! + 1}`, got: `seq ${String(message.seq)}`, why });
              read[r]! += 1;
            }
          }
        }
        const left = until - Date.now();
        if (left > 0 && !removed) await new Promise((resolve) => setTimeout(resolve, left));
      }
      if (!removed) fail({ expected: `room_presence left ${sleepy!.name} (too_slow) after ${sent} messages of 8 kB it never read`, got: 'no removal', why });
      for (const [r, reader] of readers.entries()) {
        while (read[r]! < sent) {
          const message = JSON.parse(await reader.party.socket.nextLine({ timeoutMs: 10_000, expected: `room_message ${read[r]! + 1} of ${sent}`, why })) as Message;
          if (message.type !== 'room_message') continue;
          if (message.seq !== read[r]! + 1) fail({ expected: `${reader.name} to receive room_message ${read[r]! + 1}`, got: `seq ${String(message.seq)}`, why });
          read[r]! += 1;
        }
      }
      ctx.note(`${sent} messages sent; ${alice!.name} and ${bob!.name} got every one of them in order; ${sleepy!.name} was removed`);
      sleepy!.party.socket.resumeReading();
      for (;;) {
        const message = JSON.parse(await sleepy!.party.socket.nextLine({ timeoutMs: 10_000, expected: 'room_removed', why: 'PROTOCOL §3.2 room_removed: the removed member is told, once its connection takes lines again' })) as Message;
        if (message.type === 'room_removed') {
          if (message.code !== code || message.reason !== 'too_slow') fail({ expected: `room_removed ${code} too_slow`, got: JSON.stringify(message), why });
          break;
        }
      }
    },
  },
  {
    id: 'rooms.whohas',
    step: 4,
    title: 'who has a file, asked of the room: every other member is asked, and only members\' answers for that ask and name reach the asker, once each, while the ask is open, with the holder\'s address',
    hint: 'keep each open ask (room, asker, name, until, who answered); push room_ask to the other members; forward a room_have as room_answer only from a member, for an open ask of that room with that name, once per member, with the host and port you know for that member',
    timeoutMs: 30_000,
    async run(ctx) {
      const port = await startRoomTracker(ctx);
      const [asker, holderA, holderB, quiet, outsider, neighbour] = await members(ctx, port, drawUsernames(ctx.random, 6));
      const inRoom = [asker!, holderA!, holderB!, quiet!];
      const { code } = await createRoom(ctx, inRoom[0]!);
      await joinAll(code, inRoom.slice(0, 1), inRoom.slice(1));
      // A member of another room, who may name only that room: its answer is not a member's of this one.
      const elsewhere = (await createRoom(ctx, neighbour!)).code;
      const name = ctx.random.pick(['notes.txt', 'lab 06 slides.pdf', 'été 🙂.md']);
      const file = { size: ctx.random.int(0, 5_000_000), sha256: 'ab'.repeat(32) };
      const asked = await asker!.party.request({ type: 'room_whohas', code, name }, 'room_asked', { code, name }, roomOpts('PROTOCOL §3.3 room_whohas: answered room_asked with the ask\'s id'));
      const askedBy = Date.now(); // the ask was open by then: it closes ROOM_ASK_TTL_MS after this at the latest
      const ask = String(asked.ask);
      for (const member of inRoom.slice(1)) {
        await member.party.expect('room_ask', { code, ask, from: asker!.name, name }, roomOpts('PROTOCOL §3.5: every other member is asked'));
      }
      const have = (from: Member, fields: Record<string, unknown> = {}) => ({ type: 'room_have', code, ask, name, ...file, ...fields, from });
      // Answers in a drawn order: the holders' and ones that must not reach the asker (a member who has
      // another file by a near name, someone outside the room, and a member of another room who names
      // its own room with this ask's id).
      const moves = shuffled(ctx.random, [
        { ...have(holderA!), valid: true },
        { ...have(holderB!), valid: true },
        { ...have(quiet!, { name: `${name}.bak` }), valid: false },
        { ...have(outsider!), valid: false, outside: true },
        { ...have(neighbour!, { code: elsewhere }), valid: false },
      ]);
      const forwarded: string[] = [];
      for (const move of moves) {
        const { from, valid, outside, ...message } = move as typeof move & { from: Member; outside?: boolean };
        if (outside) {
          await from.party.request(message, 'error', { code: 'NO_SUCH_ROOM' }, roomOpts('PROTOCOL §3.3 room_have: a non-member is answered NO_SUCH_ROOM, and nothing goes on'));
        } else {
          await from.party.request(message, 'ok', { re: 'room_have' }, roomOpts('PROTOCOL §3.3 room_have: answered ok, whether it goes on or not'));
        }
        if (valid) forwarded.push(from.name);
      }
      // A second answer from a holder who already answered goes nowhere.
      const again = ctx.random.pick([holderA!, holderB!]);
      await again.party.request({ type: 'room_have', code, ask, name, ...file }, 'ok', { re: 'room_have' }, roomOpts('a second answer is answered ok too'));
      const why = 'PROTOCOL §3.5: only a member\'s answer, for an open ask of the room with the same name, reaches the asker, once per member, with the address the tracker knows for the holder';
      const addresses = new Map(inRoom.map((m, i) => [m.name, 6000 + i]));
      for (const holder of forwarded) {
        await asker!.party.expect('room_answer', { code, ask, from: holder, name, ...file, host: '127.0.0.1', port: addresses.get(holder) }, roomOpts(why));
      }
      await expectNoRoomPush(asker!, `${why}: nothing more may reach ${asker!.name} (no outsider, no member of another room, no other name, no second answer)`);
      await expectNoRoomPush(quiet!, 'a member who answered for another name hears nothing more');
      // The ask closes after ROOM_ASK_TTL_MS: a member's first answer, for the right name, comes too late.
      await ctx.waitOut(Math.max(0, askedBy + ROOM_ASK_TTL_MS + 300 - Date.now()), `the ask is ${ROOM_ASK_TTL_MS / 1000} s old: closed`);
      await quiet!.party.request({ type: 'room_have', code, ask, name, ...file }, 'ok', { re: 'room_have' }, roomOpts('PROTOCOL §3.3 room_have: a late answer is answered ok (a late holder did nothing wrong), and dropped'));
      await expectNoRoomPush(asker!, `PROTOCOL §3.5: an answer goes on only for an open ask; ${quiet!.name}'s came ${ROOM_ASK_TTL_MS / 1000} s after the ask (ROOM_ASK_TTL_MS), when it was closed`);
    },
  },
  {
    id: 'rooms.too-many',
    step: 1,
    title: 'a user in 8 rooms gets TOO_MANY_ROOMS for a ninth, made or joined, until it leaves one',
    hint: 'count the rooms each user is in; at MAX_ROOMS_PER_USER, answer room_create and room_join with TOO_MANY_ROOMS (a room already joined is not a new one)',
    async run(ctx) {
      const port = await startRoomTracker(ctx);
      const [busy, host] = await members(ctx, port, drawUsernames(ctx.random, 2));
      const why = `PROTOCOL §3.5: a user is in at most ${MAX_ROOMS_PER_USER} rooms`;
      const theirs = (await createRoom(ctx, host!)).code;
      const mine: string[] = [];
      // The eight rooms: some made, some joined (then the host is told), in a drawn mix.
      for (let i = 0; i < MAX_ROOMS_PER_USER; i++) {
        if (ctx.random.chance(0.5)) {
          mine.push((await createRoom(ctx, busy!)).code);
        } else {
          const code = (await createRoom(ctx, host!)).code;
          await joinAll(code, [host!], [busy!]);
          mine.push(code);
        }
      }
      const ninth = ctx.random.pick(['made', 'joined'] as const);
      ctx.note(`${busy!.name} is in ${MAX_ROOMS_PER_USER} rooms and tries a ninth: ${ninth}`);
      const ask = ninth === 'made' ? { type: 'room_create' } : { type: 'room_join', code: theirs };
      await busy!.party.request(ask, 'error', { code: 'TOO_MANY_ROOMS' }, roomOpts(why));
      await expectNoRoomPush(host!, `${why}: a join that was refused is told to nobody`);
      const rejoined = ctx.random.pick(mine);
      await busy!.party.request({ type: 'room_join', code: typedCode(ctx.random, rejoined) }, 'room', { code: rejoined }, roomOpts(`PROTOCOL §3.3 room_join: joining a room you are in already is answered room again, also at ${MAX_ROOMS_PER_USER} rooms: it is not a new one`));
      const leaving = ctx.random.pick(mine);
      await busy!.party.request({ type: 'room_leave', code: leaving }, 'ok', { re: 'room_leave' }, roomOpts('room_leave frees a place'));
      await busy!.party.request({ type: 'room_join', code: theirs }, 'room', { code: theirs }, roomOpts(`${why}: after leaving one, the ninth is possible`));
    },
  },
  {
    id: 'rooms.rate',
    step: 2,
    title: 'room messages and asks beyond the rate (--room-rate per 10 s) get SLOW_DOWN with retry_after_ms, and reach nobody',
    hint: 'count each user\'s room_say and room_whohas in a window of 10 s; past the rate, answer SLOW_DOWN with the milliseconds until the window ends, and deliver nothing',
    async run(ctx) {
      const rate = ctx.random.int(2, 6);
      const port = await startRoomTracker(ctx, ['--room-rate', String(rate)]);
      const [talker, listener] = await members(ctx, port, drawUsernames(ctx.random, 2));
      const { code } = await createRoom(ctx, talker!);
      await joinAll(code, [talker!], [listener!]);
      const why = `PROTOCOL §3.3 room_say and room_whohas: at most ${rate} messages per ${ROOM_RATE_WINDOW_MS / 1000} s per user (--room-rate ${rate}), asks counted too; beyond, SLOW_DOWN and the message goes nowhere`;
      // The talker's own room_message may come before or after its ok (§3.3): the listener's are judged.
      const talkerOpts = { why, skip: [...OTHER_PUSHES, 'room_message'] };
      // One of the messages, drawn, is a room_whohas: asks count toward ROOM_RATE (§3.3 room_whohas).
      const askAt = ctx.random.int(1, rate + 1);
      ctx.note(askAt <= rate ? `message ${askAt} of ${rate} is a room_whohas` : `the one too many is a room_whohas`);
      const heard: Array<{ type: string; fields: Record<string, unknown> }> = [];
      let seq = 0;
      for (let i = 1; i <= rate; i++) {
        if (i === askAt) {
          const asked = await talker!.party.request({ type: 'room_whohas', code, name: `file ${i}.txt` }, 'room_asked', { code, name: `file ${i}.txt` }, talkerOpts);
          heard.push({ type: 'room_ask', fields: { code, ask: asked.ask, name: `file ${i}.txt` } });
        } else {
          seq += 1;
          await talker!.party.request({ type: 'room_say', code, text: `message ${i}` }, 'ok', { re: 'room_say', seq }, talkerOpts);
          heard.push({ type: 'room_message', fields: { code, seq, text: `message ${i}` } });
        }
      }
      const tooMany = askAt > rate ? { type: 'room_whohas', code, name: 'one too many.txt' } : { type: 'room_say', code, text: 'one too many' };
      const refused = await talker!.party.request(tooMany, 'error', { code: 'SLOW_DOWN' }, talkerOpts);
      const retry = Number(refused.retry_after_ms);
      if (!(retry > 0 && retry <= ROOM_RATE_WINDOW_MS)) fail({ expected: `retry_after_ms between 1 and ${ROOM_RATE_WINDOW_MS}`, got: String(refused.retry_after_ms), why: 'the number says when the next message will be accepted: within the window' });
      for (const { type, fields } of heard) await listener!.party.expect(type, fields, roomOpts(why));
      await expectNoRoomPush(listener!, `${why}: the refused ${tooMany.type} must reach no member`);
    },
  },
];
