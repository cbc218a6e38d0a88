// Lab 05's checks of what the log keeps of the reports (README step 1, PROTOCOL §3.3 close_session and
// §3.2 history): a repeated report replaces the earlier one, whoever sends it and whenever, with any
// files a report may hold; and a history reply stops at 50 sessions and says so.
import { setTimeout as delay } from 'node:timers/promises';
import { MAX_HISTORY_SESSIONS, RATE_LIMIT_MESSAGES, RATE_LIMIT_WINDOW_MS } from '#kit/protocol/limits.ts';
import { fail } from '../../engine/check-failure.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { drawCount, drawFiles } from './drawn-reports.ts';
import { expectEntry, history, ids, online, opts, PUSHES, report, startLogTracker, startSession, type FileLine } from './log-harness.ts';

const TOLD = { skip: ['presence', 'ping', 'pong', 'incoming'] };

interface Report {
  by: string;
  messages: number;
  files: FileLine[];
  reason?: 'lost';
}

export const reportChecks: CheckDefinition[] = [
  {
    id: 'log.report-replaced',
    step: 1,
    title: 'a repeated report replaces that peer\'s earlier one, counts and files, whoever sends it and in any order',
    hint: 'a report replaces the peer\'s earlier report as a whole: delete its report row and its file rows, then insert the new ones, in one transaction',
    async run(ctx) {
      const { port } = await startLogTracker(ctx);
      const [caller, callee] = drawUsernames(ctx.random, 2) as [string, string];
      const parties = { [caller]: await online(ctx, port, caller), [callee]: await online(ctx, port, callee) };
      const session = await startSession(parties[caller]!, parties[callee]!, callee);
      const closer = ctx.random.pick([caller, callee]);
      const other = closer === caller ? callee : caller;
      const draw = (by: string, repeat: boolean): Report => ({
        by, messages: drawCount(ctx.random), files: drawFiles(ctx.random), ...(ctx.random.chance(repeat ? 0.3 : 0.25) ? { reason: 'lost' as const } : {}),
      });
      // The closer's first report ends the session; then the closer's repeats and the other's reports
      // in any order, at least one peer reporting twice.
      const first = draw(closer, false);
      const closerMore = ctx.random.int(0, 2);
      const otherCount = ctx.random.int(closerMore === 0 ? 2 : 0, 3);
      const later = shuffled(ctx.random, [...Array.from({ length: closerMore }, () => draw(closer, true)), ...Array.from({ length: otherCount }, () => draw(other, true))]);
      const plan = [first, ...later];
      // The latest report holds two or more files, one name twice: each stays its own line of the record.
      plan[plan.length - 1]!.files = drawFiles(ctx.random, ctx.random.pick([2, ctx.random.int(3, 19), 20]));
      ctx.note('the reports, in order (the first one ends the session)', plan.map((r) => `${r.by}: ${r.messages} messages, ${r.files.length} files${r.reason ? ', reason lost' : ''}`));
      const reason = first.reason ?? 'closed';
      for (const [n, r] of plan.entries()) {
        const again = plan.slice(0, n).some((earlier) => earlier.by === r.by);
        await report(parties[r.by]!, session, r.messages, r.files, `${r.by} ${again ? 'reports again (a repeated report replaces the earlier one)' : 'reports'}`, r.reason);
        if (n === 0) await parties[other]!.expect('session_ended', { session, reason, by: closer }, { why: `${other} is told`, ...TOLD });
      }
      const last = new Map(plan.map((r) => [r.by, r]));
      const why = 'each peer has one report in the log, its latest: a repeated report replaces the earlier one (PROTOCOL §3.3), and a later report never changes how the session ended';
      const want = {
        peers: [caller, callee] as [string, string],
        reason,
        by: closer,
        messages: Object.fromEntries([...last].map(([by, r]) => [by, r.messages])),
        files: [...last].flatMap(([by, r]) => r.files.map((f) => ({ ...f, reported_by: by }))),
      };
      expectEntry(await history(parties[caller]!, why), session, want, why);
      expectEntry(await history(parties[callee]!, why), session, want, `${callee} sees the same record`);
    },
  },
  {
    id: 'log.history-limit',
    step: 1,
    title: 'history holds at most 50 sessions, the newest, and says truncated only when older ones were left out',
    hint: 'ask the database for 51 ended sessions: 51 found means there is more than one reply holds, so truncated is true; 50 or fewer, false',
    timeoutMs: 40_000,
    async run(ctx) {
      const { port } = await startLogTracker(ctx);
      const [me, ...partnerNames] = drawUsernames(ctx.random, 5) as [string, ...string[]];
      const asker = await online(ctx, port, me);
      const partners = await Promise.all(partnerNames.map(async (name) => ({ name, party: await online(ctx, port, name) })));
      ctx.note(`${MAX_HISTORY_SESSIONS} short sessions of ${me}'s with ${partnerNames.join(', ')}, each closed by the partner`);
      const ended: string[] = [];
      // The partners take turns to dial and close. Every connection stays under the tracker's rate
      // limit (RATE_LIMIT_MESSAGES per RATE_LIMIT_WINDOW_MS, §8), probes included: the asker sends
      // up to 2 lines per session (session_started and a probing ping), so sessions start at most
      // once per PACE_MS; each partner, up to 5 per session, comes round once in 4 sessions.
      const PACE_MS = Math.ceil((2 * RATE_LIMIT_WINDOW_MS) / (RATE_LIMIT_MESSAGES * 0.8));
      let turn = ctx.random.int(0, partners.length - 1);
      let lastStart = 0;
      const openOne = async () => {
        const wait = lastStart + PACE_MS - performance.now();
        if (wait > 0) await delay(wait);
        lastStart = performance.now();
        const partner = partners[turn++ % partners.length]!;
        return { partner, session: await startSession(partner.party, asker, me) };
      };
      const closeOne = async ({ partner, session }: Awaited<ReturnType<typeof openOne>>) => {
        // A clock tick between two ends, so that "newest first" has one answer.
        await delay(2);
        await report(partner.party, session, ctx.random.int(0, 3), [], `${partner.name} closes`);
        await asker.expect('session_ended', { session }, { why: `${me} is told`, ...TOLD });
        ended.push(session);
      };
      for (let i = 0; i < MAX_HISTORY_SESSIONS; i += 1) await closeOne(await openOne());
      // An active session is not history: it must not count toward the 50.
      const open = await openOne();
      const why = `a history reply holds at most ${MAX_HISTORY_SESSIONS} sessions, the newest first; truncated says whether older ones were left out (PROTOCOL §3.2)`;
      const full = await asker.request({ type: 'history' }, 'history', {}, opts(why));
      const newest = (count: number) => ended.slice(-count).reverse();
      const compare = (reply: Record<string, unknown>, want: string[], truncated: boolean, situation: string) => {
        const got = ids(reply.sessions as Array<Record<string, unknown>>);
        if (reply.truncated !== truncated || JSON.stringify(got) !== JSON.stringify(want)) {
          fail({ expected: `${situation}: the ${want.length} newest, newest first, and truncated: ${truncated}`, got: `${got.length} sessions (${got.slice(0, 3).join(', ')}…), truncated: ${String(reply.truncated)}`, why });
        }
      };
      compare(full, newest(MAX_HISTORY_SESSIONS), false, `exactly ${MAX_HISTORY_SESSIONS} ended sessions (and one active)`);
      const more = ctx.random.pick([1, 1, ctx.random.int(2, 6)]);
      ctx.note(`then ${more} more ended session(s), the active one among them`);
      await closeOne(open);
      for (let i = 1; i < more; i += 1) await closeOne(await openOne());
      const over = await asker.request({ type: 'history' }, 'history', {}, { why, skip: PUSHES });
      compare(over, newest(MAX_HISTORY_SESSIONS), true, `${MAX_HISTORY_SESSIONS + more} ended sessions`);
    },
  },
];
