// Lab 06's checks of the asker's side of "who has it?" (README step 5, PROTOCOL §9.4): /room get asks
// the room, the answers of the latest ask are numbered as they come, and /pick N downloads from answer
// N, then N+1 and on round to N−1, as /get walks a file's holders (§5.7). The grader plays the tracker
// and every holder.
import { roomCodeKey } from '#kit/protocol/room-code.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { seededBytes, sha256, startFilePeer, type FilePeer } from '../04-file-transfer/file-harness.ts';
import { auditDownloads, listTree } from '../04-file-transfer/folder-audit.ts';
import { FAILURES, REASON, serveAttempt, type Failure } from '../04-file-transfer/holder-attempts.ts';
import { allOf, HolderServer } from '../04-file-transfer/holder-server.ts';
import { drawMark } from '../04-file-transfer/hostile-names.ts';
import { untilEachNameEnds } from '../04-file-transfer/peer-outcomes.ts';
import { otherCode } from './room-moves.ts';

const PICK_WHY = '/pick N downloads from answer N first and, after each failed attempt (AT_CAPACITY included), from the next answer, round to the one before N; when all failed, error names the file with the last reason (PROTOCOL §9.4, §5.7)';

/** A file name as people make them: inner spaces (one or two), accents, a mark of this run. */
export function drawFileName(random: Random): string {
  return `${random.pick(['notes', 'data 2025', 'résumé', 'song 🙂', 'lab  report'])}${random.pick([' ', '  '])}${drawMark(random)}.${random.pick(['txt', 'bin', 'pdf'])}`;
}

/** The code typed as one word, as people might: capitals, no dashes, O and I for 0 and 1. */
function oneWordCode(random: Random, code: string): string {
  let typed = random.pick([code, code.toUpperCase(), code.replace(/-/g, ''), code.toUpperCase().replace(/-/g, '')]);
  if (random.chance(0.5)) typed = typed.replace(/0/g, 'O').replace(/1/g, 'I');
  return typed;
}

/** `/room get` typed with drawn spaces around the name; the tracker's room_whohas checked and answered. */
export async function askRoom(ctx: CheckContext, run: FilePeer, code: string, name: string, ask: string): Promise<void> {
  const typed = oneWordCode(ctx.random, code);
  run.peer.type(`/room get ${typed}${ctx.random.pick([' ', '  '])}${name}${ctx.random.pick(['', ' ', '\t'])}`);
  const whohas = await run.tracker.expect('room_whohas', { name }, { why: 'PROTOCOL §9.4: /room get CODE NAME sends room_whohas with the rest of the line after the code as the name, inner spaces kept, surrounding ones not', skip: NOISE });
  if (roomCodeKey(String(whohas.code)) !== roomCodeKey(code)) {
    fail({ expected: `room_whohas with the code typed (${JSON.stringify(typed)}), or the same code in another form`, got: JSON.stringify(whohas.code), why: 'PROTOCOL §3.3: the tracker matches a code however it was typed; the peer must not change what it means' });
  }
  reply(run.tracker, whohas, { type: 'room_asked', code, ask, name });
  await run.peer.expectEvent('room_asked', { code, ask, name }, { why: 'PROTOCOL §9.4: the answer to /room get is room_asked' });
}

export interface Answer {
  from: string;
  port: number;
}

export function pushAnswer(run: FilePeer, code: string, ask: string, name: string, bytes: Buffer, { from, port }: Answer): void {
  run.tracker.send({ type: 'room_answer', code, ask, from, name, size: bytes.length, sha256: sha256(bytes), host: '127.0.0.1', port });
}

/** A holder whose every connection fails the check: nobody should dial it. */
export async function untouchable(ctx: CheckContext, who: string, why: string): Promise<HolderServer> {
  return HolderServer.start(ctx, () => who, async (party) => {
    const first = await party.expect('get', {}, { why, skip: NOISE }).catch(() => undefined);
    fail({ expected: `no connection to ${who}`, got: `a connection${first ? ` with get ${JSON.stringify(first.name)}` : ''}`, why });
  });
}

export const peerPickChecks: CheckDefinition[] = [
  {
    id: 'peer.room-ask',
    step: 5,
    title: '/room get asks the room; the answers to the latest ask are numbered from 1 as they come, others are not shown; /pick of a number not listed is BAD_COMMAND',
    hint: 'keep the ask id from room_asked and a list of its answers; a room_answer with another ask id is dropped; a new /room get starts a new list; /pick checks its number against the list before dialling anyone',
    async run(ctx) {
      const [me, ...holders] = drawUsernames(ctx.random, 6) as [string, ...string[]];
      const run = await startFilePeer(ctx, {}, [], { me });
      const code = otherCode(ctx.random, '');
      const nobody = await untouchable(ctx, 'a holder nobody picked', 'only /pick dials a holder, and only one of the latest ask\'s answers');
      const first = { name: drawFileName(ctx.random), bytes: seededBytes(ctx, ctx.random.int(1, 5_000)) };
      await askRoom(ctx, run, code, first.name, 'a-1');
      // 2 to 4 answers in a drawn order, with one for another ask among them (an ask this peer never made).
      const answering = shuffled(ctx.random, holders).slice(0, ctx.random.int(2, 4)).map((from) => ({ from, port: nobody.port }));
      const stray = { from: holders.find((h) => !answering.some((a) => a.from === h))!, port: nobody.port };
      const strayAt = ctx.random.int(0, answering.length - 1);
      answering.forEach((answer, i) => {
        if (i === strayAt) pushAnswer(run, code, 'a-0', first.name, first.bytes, stray);
        pushAnswer(run, code, 'a-1', first.name, first.bytes, answer);
      });
      ctx.note(`answers pushed: ${answering.map((a) => a.from).join(', ')}, and before the ${strayAt + 1}. one, ${stray.from} answering ask a-0`);
      const why = 'PROTOCOL §9.4: room_answer events number the answers of the latest /room get from 1, in the order they came';
      for (const [i, answer] of answering.entries()) {
        await run.peer.expectEvent('room_answer', { code, ask: 'a-1', n: i + 1, from: answer.from, name: first.name, size: first.bytes.length, sha256: sha256(first.bytes) }, { why });
      }
      const shown = run.peer.events.filter((e) => e.event === 'room_answer' && e.from === stray.from);
      if (shown.length > 0) fail({ expected: `no room_answer for ${stray.from}: it answered ask a-0, not the ask of the /room get (a-1)`, got: JSON.stringify(shown[0]), why: 'PROTOCOL §9.4: only the latest ask\'s answers are listed; a number must always mean the same holder of the same file' });

      // A new ask starts a new list; a late answer to the first one is not on it.
      const second = { name: drawFileName(ctx.random), bytes: seededBytes(ctx, ctx.random.int(1, 5_000)) };
      await askRoom(ctx, run, code, second.name, 'a-2');
      const late = answering[0]!;
      const fresh = { from: stray.from, port: nobody.port };
      pushAnswer(run, code, 'a-1', first.name, first.bytes, late);
      pushAnswer(run, code, 'a-2', second.name, second.bytes, fresh);
      await run.peer.expectEvent('room_answer', { code, ask: 'a-2', n: 1, from: fresh.from, name: second.name }, { why: 'PROTOCOL §9.4: a new /room get starts a new list, numbered from 1; a late answer to an earlier ask is not shown' });
      const lateShown = run.peer.events.filter((e) => e.event === 'room_answer' && e.ask === 'a-1').length > answering.length;
      if (lateShown) fail({ expected: `the late answer of ${late.from} to the first ask not shown`, got: 'a room_answer for it', why: 'PROTOCOL §9.4: only the latest /room get\'s answers are listed' });

      const wrong = ctx.random.pick(['0', '2', String(ctx.random.int(3, 9)), '-1', 'x', '']);
      run.peer.type(`/pick ${wrong}`.trimEnd());
      await run.peer.expectEvent('error', { code: 'BAD_COMMAND' }, { why: `PROTOCOL §9.4: /pick N takes 1 to the number of answers so far (1 here); ${JSON.stringify(wrong)} is BAD_COMMAND` });
      await ctx.waitOut(ctx.random.int(200, 400), 'nobody may be dialled after a /pick that was refused');
      nobody.throwIfFailed();
    },
  },
  {
    id: 'peer.room-pick',
    step: 5,
    title: '/pick N downloads from answer N; when it fails (at capacity, or any failure of Lab 04) the next answers are tried round to N−1',
    hint: 'make the answers into holders (from → username) and hand them to your Lab 04 fetch() starting at answer N: [N-1 … end, 0 … N-2]',
    timeoutMs: 30_000,
    async run(ctx) {
      const [me, ...names] = drawUsernames(ctx.random, 6) as [string, ...string[]];
      const run = await startFilePeer(ctx, {}, [], { me });
      const code = otherCode(ctx.random, '');
      const file = { name: drawFileName(ctx.random), bytes: seededBytes(ctx, ctx.random.pick([2, 1_200, 65_536, ctx.random.int(3, 300_000)])) };
      const k = ctx.random.int(3, 5);
      const holders = names.slice(0, k);
      // Never the first or the last answer: the walk must go on after N and then wrap round to 1, so
      // that starting at 1, stopping at the end, or skipping back to 1 after N all show.
      const picked = ctx.random.int(2, k - 1);
      // The picked holder is at capacity (the assignment's case); the ones after it fail in drawn ways,
      // past the end of the list, until one of the first answers serves, or, now and then, none does.
      const failing = ctx.random.chance(0.2) ? k : ctx.random.int(k - picked + 1, k - 1);
      const order = [...holders.slice(picked - 1), ...holders.slice(0, picked - 1)];
      const plan = new Map<string, Failure | undefined>(order.map((h, i) => [h, i === 0 ? 'AT_CAPACITY' : i < failing ? ctx.random.pick(FAILURES) : undefined]));
      const due = order.slice(0, failing + 1);
      ctx.note(`${k} answers, /pick ${picked}; the attempts due: ${due.map((h) => `${h} ${plan.get(h) ?? 'serves'}`).join(', then ')}`);
      let next = 0;
      const servers = new Map<string, HolderServer>();
      for (const holder of holders) {
        servers.set(holder, await HolderServer.start(ctx, (i) => (i < 0 ? holder : `${holder}, connection ${i + 1}`), async (party) => {
          const get = await party.expect('get', { name: file.name }, { why: 'a download connection starts with get for the file asked about', skip: NOISE });
          if (due[next] !== holder) fail({ expected: next < due.length ? `the attempt to go to ${due[next]} now (attempt ${next + 1} of ${due.join(', ')})` : 'no more attempts', got: `a get at ${holder}`, why: PICK_WHY });
          next += 1;
          await serveAttempt(ctx.random, party, get, file, plan.get(holder), PICK_WHY);
        }));
      }
      await askRoom(ctx, run, code, file.name, 'a-1');
      for (const [i, holder] of holders.entries()) {
        pushAnswer(run, code, 'a-1', file.name, file.bytes, { from: holder, port: servers.get(holder)!.port });
        await run.peer.expectEvent('room_answer', { n: i + 1, from: holder }, { why: 'PROTOCOL §9.4: each answer is listed with its number' });
      }
      const before = await listTree(run.base);
      run.peer.type(`/pick ${picked}`);
      const all = allOf([...servers.values()]);
      await untilEachNameEnds(ctx, run.peer, [file.name], all, 25_000, k);
      for (const server of servers.values()) await server.settle();
      const attempts = run.peer.events.filter((e) => e.event === 'download_attempt' && e.name === file.name).map((e) => ({ from: e.from, ok: e.ok, ...(e.ok ? {} : { reason: e.reason }) }));
      const wanted = due.map((h) => ({ from: h, ok: !plan.get(h), ...(plan.get(h) ? { reason: REASON[plan.get(h)!] } : {}) }));
      if (JSON.stringify(attempts) !== JSON.stringify(wanted)) fail({ expected: `the download_attempts: ${JSON.stringify(wanted)}`, got: JSON.stringify(attempts), why: PICK_WHY });
      if (failing === k) {
        const last = REASON[plan.get(due.at(-1)!)!];
        const errorOf = () => run.peer.events.find((e) => e.event === 'error' && e.name === file.name && e.code === last);
        if (!(await ctx.watch.until(() => (errorOf() ? true : undefined), 5_000))) fail({ expected: `error {"code":"${last}","name":${JSON.stringify(file.name)}}`, got: 'no such error event', why: PICK_WHY });
      }
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: failing === k ? [] : [file.bytes], why: `${PICK_WHY}; a failed attempt leaves nothing behind` });
    },
  },
];
