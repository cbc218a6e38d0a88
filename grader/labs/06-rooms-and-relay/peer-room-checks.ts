// Lab 06's checks of the peer's rooms (README step 3, PROTOCOL §9.4): the room commands become the
// requests of §3.3, their answers and the tracker's room pushes become events. The grader plays the
// tracker and types at the student's peer.
import { roomCodeKey } from '#kit/protocol/room-code.ts';
import { fail } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { createHash } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { startFilePeer } from '../04-file-transfer/file-harness.ts';
import { otherCode, startRoomPeer, typedCode } from './room-moves.ts';

const AT = '2025-03-01T10:03:00.000Z';
const TEXTS = ['hi all', '  two  spaces inside ', 'é 🙂 中', '', 'a/b \\c "quoted"'];

export const peerRoomChecks: CheckDefinition[] = [
  {
    id: 'peer.room-commands',
    step: 3,
    title: '/room new, join, say and leave send their requests, and their answers (or errors) are printed',
    hint: 'each /room command is one tracker request (room_create, room_join, room_say, room_leave); print room_joined for a room reply, room_left after leaving, and an error event for an error reply',
    async run(ctx) {
      const [me, other] = drawUsernames(ctx.random, 2) as [string, string];
      const run = await startRoomPeer(ctx, me);
      const code = otherCode(ctx.random, '');
      const topic = ctx.random.pick(['lab 06', 'café ☕', 'x']);
      run.peer.type(`/room new ${topic}`);
      const create = await run.tracker.expect('room_create', { topic }, { why: 'PROTOCOL §9.4: /room new [topic] sends room_create with the rest of the line as topic', skip: NOISE });
      reply(run.tracker, create, { type: 'room', code, topic, members: [me] });
      await run.peer.expectEvent('room_joined', { code, topic, members: [me] }, { why: 'PROTOCOL §9.4: the answer to /room new is room_joined, with the code to share' });

      const second = otherCode(ctx.random, code);
      const typed = typedCode(ctx.random, second);
      run.peer.type(`/room join ${typed}`);
      const join = await run.tracker.expect('room_join', {}, { why: 'PROTOCOL §9.4: /room join CODE sends room_join', skip: NOISE });
      if (roomCodeKey(String(join.code)) !== roomCodeKey(second)) {
        fail({ expected: `room_join with the code typed (${JSON.stringify(typed)}), or the same code in another form`, got: JSON.stringify(join.code), why: 'PROTOCOL §3.3: the tracker matches a code however it was typed; the peer must not change what it means' });
      }
      reply(run.tracker, join, { type: 'room', code: second, topic: '', members: [other, me] });
      await run.peer.expectEvent('room_joined', { code: second, topic: '', members: [other, me] }, { why: 'PROTOCOL §9.4: the answer to /room join is room_joined' });

      // Inner spaces always once, then two more drawn texts.
      for (const text of [TEXTS[1]!, ...shuffled(ctx.random, TEXTS.filter((t) => t !== TEXTS[1])).slice(0, 2)]) {
        run.peer.type(`/room say ${second} ${text}`);
        const say = await run.tracker.expect('room_say', { code: second, text: text.trim() }, { why: 'PROTOCOL §9.4: /room say CODE text sends the rest of the line after the code, its inner spaces kept (surrounding ones do not count, as with /to)', skip: NOISE });
        reply(run.tracker, say, { type: 'ok', re: 'room_say', seq: ctx.random.int(1, 99) });
      }
      // Read aloud: in capitals, groups apart.
      const refused = otherCode(ctx.random, second);
      const aloud = refused.toUpperCase().replace(/-/g, ' ');
      run.peer.type(`/room join ${aloud}`);
      const wrong = await run.tracker.expect('room_join', {}, { why: 'another /room join', skip: NOISE });
      if (roomCodeKey(String(wrong.code)) !== roomCodeKey(refused)) {
        fail({ expected: `room_join with the code as typed (${JSON.stringify(aloud)}), or the same code in another form`, got: JSON.stringify(wrong.code), why: 'PROTOCOL §3.3: a code read aloud has spaces; all of it is the code' });
      }
      reply(run.tracker, wrong, { type: 'error', code: 'NO_SUCH_ROOM', message: 'no room with this code', re: 'room_join' });
      await run.peer.expectEvent('error', { code: 'NO_SUCH_ROOM' }, { why: 'PROTOCOL §9.4: tracker errors in answer to a command are printed as error events' });

      // Left with the code typed another way: the room is gone from /rooms all the same.
      const leaving = typedCode(ctx.random, second).trim().replace(/\s+/g, '-');
      run.peer.type(`/room leave ${leaving}`);
      const leave = await run.tracker.expect('room_leave', {}, { why: 'PROTOCOL §9.4: /room leave CODE sends room_leave', skip: NOISE });
      if (roomCodeKey(String(leave.code)) !== roomCodeKey(second)) {
        fail({ expected: `room_leave with the code typed (${JSON.stringify(leaving)}), or the same code in another form`, got: JSON.stringify(leave.code), why: 'PROTOCOL §3.3 room_leave: the code as in room_join' });
      }
      reply(run.tracker, leave, { type: 'ok', re: 'room_leave' });
      const left = await run.peer.expectEvent('room_left', { reason: 'left' }, { why: 'PROTOCOL §9.4: after /room leave, room_left' });
      if (roomCodeKey(String(left.code)) !== roomCodeKey(second)) fail({ expected: `room_left for ${second}`, got: JSON.stringify(left), why: 'PROTOCOL §9.4: room_left names the room left' });
      run.peer.type('/rooms');
      await run.peer.expectEvent('rooms', { rooms: [{ code, topic, members: [me] }] }, { why: `PROTOCOL §9.4: /rooms lists the rooms this peer is in: ${second}, left as ${JSON.stringify(leaving)} (the same code typed another way, PROTOCOL §3.3), is no longer one of them` });
    },
  },
  {
    id: 'peer.room-pushes',
    step: 3,
    title: 'room messages and presence pushed by the tracker are printed as they come, and /rooms keeps up with them',
    hint: 'listen to the tracker client\'s pushes: room_message and room_presence become events with the same fields (event → change), room_removed becomes room_left too_slow; keep each room\'s members for /rooms',
    async run(ctx) {
      const [me, bob, carol, dave] = drawUsernames(ctx.random, 4) as [string, string, string, string];
      const run = await startRoomPeer(ctx, me);
      const code = otherCode(ctx.random, '');
      run.peer.type(`/room join ${code}`);
      const join = await run.tracker.expect('room_join', {}, { why: '/room join sends room_join', skip: NOISE });
      reply(run.tracker, join, { type: 'room', code, topic: 'study', members: [bob, me] });
      await run.peer.expectEvent('room_joined', { code }, { why: 'the answer to /room join is room_joined' });
      const why = 'PROTOCOL §9.4: every room push is printed as it comes, with its fields';
      const pushes = shuffled(ctx.random, [
        { type: 'room_message', code, seq: 1, from: bob, text: ctx.random.pick(TEXTS), at: AT },
        { type: 'room_presence', code, event: 'joined', username: carol },
        { type: 'room_message', code, seq: 2, from: me, text: ctx.random.pick(TEXTS), at: AT },
        { type: 'room_presence', code, event: 'joined', username: dave },
      ]);
      for (const push of pushes) run.tracker.send(push);
      const leaving = ctx.random.pick(['left', 'disconnected', 'lost', 'too_slow'] as const);
      run.tracker.send({ type: 'room_presence', code, event: 'left', username: bob, reason: leaving });
      for (const push of pushes) {
        if (push.type === 'room_message') await run.peer.expectEvent('room_message', { code, seq: push.seq, from: push.from, text: push.text, at: AT }, { why });
        else await run.peer.expectEvent('room_presence', { code, change: 'joined', username: push.username }, { why });
      }
      await run.peer.expectEvent('room_presence', { code, change: 'left', username: bob, reason: leaving }, { why: `${why}: a left says why (${leaving})` });
      run.peer.type('/rooms');
      const joinedOrder = pushes.filter((p) => p.type === 'room_presence').map((p) => (p as { username: string }).username);
      await run.peer.expectEvent('rooms', { rooms: [{ code, topic: 'study', members: [me, ...joinedOrder] }] }, { why: 'PROTOCOL §9.4: /rooms shows the rooms this peer is in, with their members as the pushes left them' });
      run.tracker.send({ type: 'room_removed', code, reason: 'too_slow' });
      await run.peer.expectEvent('room_left', { code, reason: 'too_slow' }, { why: 'PROTOCOL §9.4: a room_removed push is printed as room_left with its reason' });
      run.peer.type('/rooms');
      await run.peer.expectEvent('rooms', { rooms: [] }, { why: 'a room this peer was removed from is no longer one of its rooms' });
    },
  },
  {
    id: 'peer.room-answers',
    step: 4,
    title: 'asked by the room who has a file, the peer answers room_have for a file it shares, and says nothing otherwise (a folder, a link, a name that climbs out)',
    hint: 'on a room_ask push, look for the name as /share would (a regular file directly in --shared, safe name, no link followed); if it is there, send room_have with its size and SHA-256, else nothing',
    async run(ctx) {
      const names = shuffled(ctx.random, ['notes.txt', 'été 🙂.md', 'data.bin', 'slides v2.pdf']);
      const files = Object.fromEntries(names.slice(0, 2).map((name, i) => [name, Buffer.from(`${name} ${'x'.repeat(ctx.random.int(0, 3000) + i)}`)]));
      const [shared1, shared2] = Object.keys(files) as [string, string];
      // Beside the shared folder, a file that is not shared; inside it, a link to that file.
      const outside = ctx.random.pick(['outside.txt', 'secret notes.md']);
      const link = ctx.random.pick(['link.txt', 'shortcut ↗.md']);
      const prepare = async ({ base, shared }: { base: string; shared: string }) => {
        await mkdir(join(shared, 'a folder'), { recursive: true });
        await writeFile(join(base, outside), 'not shared\n');
        await symlink(join(base, outside), join(shared, link));
      };
      const run = await startFilePeer(ctx, files, [], { prepare });
      const code = otherCode(ctx.random, '');
      const asker = drawUsernames(ctx.random, 1)[0]!;
      const expectHave = async (ask: string, name: string, why: string) => {
        const bytes = files[name]!;
        const have = await run.tracker.expect('room_have', { code, ask, name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }, { why, skip: NOISE });
        reply(run.tracker, have, { type: 'ok', re: 'room_have' });
      };
      run.tracker.send({ type: 'room_ask', code, ask: 'a-1', from: asker, name: shared1 });
      await expectHave('a-1', shared1, 'PROTOCOL §9.4: a peer answers a room_ask for a file it shares with room_have, its size and SHA-256');
      // Then ones it must not answer, and a last one it must: its answer is the next line the tracker gets.
      const unshared = shuffled(ctx.random, [['a-2', names[2]!], ['a-3', 'a folder'], ['a-5', link], ['a-6', `../${outside}`]] as const);
      for (const [ask, name] of unshared) run.tracker.send({ type: 'room_ask', code, ask, from: asker, name });
      // Time to answer those, were they shared (a peer looks each up and hashes it): an answer to any of
      // them would come before the next one's.
      await ctx.waitOut(ctx.random.int(300, 500), 'long enough to look up and hash a small file');
      run.tracker.send({ type: 'room_ask', code, ask: 'a-4', from: asker, name: shared2 });
      await expectHave('a-4', shared2, `README step 4: a peer answers only for a file it shares as /share would list it (a regular file directly in --shared, a safe name, a link not followed): nothing for ${names[2]} (not shared), a folder, ${JSON.stringify(link)} (a link to a file outside) or ${JSON.stringify(`../${outside}`)} (not a safe name); then it answers the next ask, for a file it does share`);
    },
  },
];
