// Lab 05's check of whose transcript a peer shows (README step 6, PROTOCOL §9.4 chat_history: "earlier
// messages with this user", the last 50). Several users log in one after the other on the same machine
// with the same --history-db, each talks to some partners; every time a partner calls, the peer must
// show exactly what the user logged in now said with that partner before: nothing of another user's,
// nothing of another partner's, and only the last 50 lines.
import type { CheckContext } from '../../engine/check-context.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, otherDials, reply } from '../03-roster-and-direct/peer-harness.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawMark } from '../04-file-transfer/hostile-names.ts';
import { chat, expectHistory, historyPath, startHistoryPeer, type Line } from './peer-harness.ts';

const REPLAYED = 50;
const WHY = 'a transcript belongs to the user logged in when it was written: on a shared machine, one user must never see another user\'s conversations, and a partner sees only what was said with them (PROTOCOL §9.4 chat_history)';

interface Meeting {
  partner: string;
  lines: number;
}

interface Login {
  owner: string;
  meetings: Meeting[];
}

/**
 * Who logs in, in which order, and whom they talk to: two users talk to the same partner before
 * either meets them again (the first of them at length, past 50 lines), then that first user meets
 * the partner again; other partners and a fourth login come and go at random.
 */
function drawLogins(random: Random): Login[] {
  const [first, second, third] = shuffled(random, ['alice', 'bob', 'erin']) as [string, string, string];
  const [shared, other] = shuffled(random, ['carol', 'dave', 'frank']) as [string, string];
  const withOther = (meetings: Meeting[]): Meeting[] => (random.chance(0.5) ? shuffled(random, [...meetings, { partner: other, lines: random.int(1, 3) }]) : meetings);
  const logins: Login[] = shuffled(random, [
    { owner: first, meetings: withOther([{ partner: shared, lines: random.pick([REPLAYED + 1, REPLAYED + 2, REPLAYED + 5]) }]) },
    { owner: second, meetings: withOther([{ partner: shared, lines: random.int(1, 3) }]) },
  ]);
  logins.push({ owner: first, meetings: withOther([{ partner: shared, lines: random.int(1, 2) }]) });
  if (random.chance(0.5)) logins.push({ owner: random.pick([second, third]), meetings: [{ partner: random.pick([shared, other]), lines: random.int(1, 2) }] });
  return logins;
}

async function quit(run: Awaited<ReturnType<typeof startHistoryPeer>>): Promise<void> {
  run.peer.type('/quit');
  const logout = await run.tracker.expect('logout', {}, { why: '/quit logs out', skip: [...NOISE, 'close_session'] });
  reply(run.tracker, logout, { type: 'ok', re: 'logout' });
  await run.peer.expectExit(0, { why: '/quit exits 0' });
}

async function playLogins(ctx: CheckContext, logins: Login[]): Promise<void> {
  const path = await historyPath(ctx);
  const mark = drawMark(ctx.random);
  const said = new Map<string, Line[]>();
  for (const [n, { owner, meetings }] of logins.entries()) {
    ctx.note(`run ${n + 1}: your peer starts as ${owner} on the same --history-db`);
    const run = await startHistoryPeer(ctx, path, owner);
    for (const [m, { partner, lines }] of meetings.entries()) {
      const pair = `${owner} and ${partner}`;
      const earlier = (said.get(pair) ?? []).slice(-REPLAYED);
      const other = await otherDials(ctx, run, partner, `s-${n + 1}-${m + 1}`);
      if (earlier.length > 0) await expectHistory(run, partner, earlier, `${partner} calls ${owner} again: the last ${Math.min(REPLAYED, earlier.length)} lines ${owner} and ${partner} exchanged before, oldest first, and nothing else. ${WHY}`);
      const talk: Line[] = Array.from({ length: lines }, (_, i) => {
        const from = ctx.random.chance(0.5) ? owner : partner;
        return [from, `${from} to ${from === owner ? partner : owner}, line ${i + 1} of run ${n + 1} (${mark})`];
      });
      await chat(run, other, talk);
      said.set(pair, [...(said.get(pair) ?? []), ...talk]);
      if (earlier.length === 0) run.peer.expectNoEvent('chat_history', `${owner} had never talked with ${partner} on this machine: there is nothing to show. ${WHY}`);
    }
    await quit(run);
  }
}

export const transcriptChecks: CheckDefinition[] = [
  {
    id: 'peer.transcript-owners',
    step: 6,
    title: 'users sharing one --history-db each see only their own conversation with the partner who calls, the last 50 lines',
    hint: 'a transcript line belongs to the user logged in (the owner) and to the partner; select by both, newest 50 by id, then oldest first',
    hints: [
      'two users of one machine may use the same --history-db: alice\'s lines with carol are not bob\'s lines with carol',
      'the last 50 lines are the newest 50: order by id descending, take 50, then reverse',
    ],
    timeoutMs: 45_000,
    async run(ctx) {
      const logins = drawLogins(ctx.random);
      ctx.note('who logs in on this machine, one after the other, and who calls them', logins.map((l, i) => `run ${i + 1}: ${l.owner}, called by ${l.meetings.map((m) => `${m.partner} (${m.lines} line${m.lines === 1 ? '' : 's'})`).join(', then ')}`));
      await playLogins(ctx, logins);
    },
  },
];
