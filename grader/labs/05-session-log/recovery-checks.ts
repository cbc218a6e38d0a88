// Lab 05's checks of what a restarted tracker does with the log (README step 5, PROTOCOL §5.5, §9.3,
// §3.3 close_session): it says, before ready, which sessions the last run left active, only those,
// at every restart; and it still takes the reports of sessions that ended before it restarted.
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import type { TrackerRun } from '../02-tracker-auth/tracker-harness.ts';
import { drawCount, drawFiles } from './drawn-reports.ts';
import { expectEntry, history, loginAgain, online, opts, report, restart, startLogTracker, startSession, type ExpectedEntry, type FileLine } from './log-harness.ts';

const TOLD = { skip: ['presence', 'ping', 'pong', 'incoming'] };

type Parties = Map<string, JsonParty>;

/** Kills the tracker (SIGKILL) and starts it again on the same --db. */
async function killAndRestart(ctx: CheckContext, run: TrackerRun): Promise<TrackerRun> {
  run.tracker.signal('SIGKILL');
  await run.tracker.expectEnd({ why: 'SIGKILL cannot be caught: the tracker has no chance to write anything more' });
  return restart(ctx, run);
}

async function everyoneBack(ctx: CheckContext, port: number, names: string[]): Promise<Parties> {
  const parties: Parties = new Map();
  for (const name of names) parties.set(name, await loginAgain(ctx, port, name, `${name} logs in to the restarted tracker`));
  return parties;
}

/** The session_ended events the tracker printed before its ready event. */
function endedBeforeReady(run: TrackerRun): Array<Record<string, unknown>> {
  const ready = run.tracker.events.findIndex((e) => e.event === 'ready');
  return run.tracker.events.slice(0, ready).filter((e) => e.event === 'session_ended');
}

/**
 * Opens `active + closed` sessions between drawn pairs (the same pair often more than once, either
 * side dialling) and closes `closed` of them, in a drawn order. Returns the ids left active and the
 * log entries of the closed ones.
 */
async function playRound(ctx: CheckContext, parties: Parties, active: number, closed: number): Promise<{ active: string[]; closed: Map<string, ExpectedEntry> }> {
  const names = [...parties.keys()];
  const opened: Array<{ id: string; peers: [string, string] }> = [];
  for (let i = 0; i < active + closed; i += 1) {
    const [caller, callee] = shuffled(ctx.random, names).slice(0, 2) as [string, string];
    opened.push({ id: await startSession(parties.get(caller)!, parties.get(callee)!, callee), peers: [caller, callee] });
  }
  const toClose = shuffled(ctx.random, opened).slice(0, closed);
  const ended = new Map<string, ExpectedEntry>();
  for (const { id, peers } of toClose) {
    const closer = ctx.random.pick(peers);
    const other = peers[0] === closer ? peers[1] : peers[0];
    const messages = { [closer]: ctx.random.int(0, 9) };
    await report(parties.get(closer)!, id, messages[closer]!, [], `${closer} closes ${id}`);
    await parties.get(other)!.expect('session_ended', { session: id, reason: 'closed', by: closer }, { why: `${other} is told`, ...TOLD });
    ended.set(id, { peers, reason: 'closed', by: closer, messages });
  }
  return { active: opened.filter((s) => !ended.has(s.id)).map((s) => s.id), closed: ended };
}

function expectInterruptedEvents(run: TrackerRun, active: string[], when: string): void {
  const printed = endedBeforeReady(run);
  const got = printed.map((e) => String(e.session)).sort();
  const wrong = printed.filter((e) => e.reason !== 'interrupted' || 'by' in e);
  if (JSON.stringify(got) !== JSON.stringify([...active].sort()) || wrong.length > 0) {
    fail({
      expected: `${when}: before ready, one session_ended {reason: "interrupted"} without by for each session the last run left active: ${active.length === 0 ? 'none' : active.join(', ')}`,
      got: printed.length === 0 ? 'no session_ended event before ready' : printed.map((e) => JSON.stringify(e)).join(', '),
      why: 'the tracker\'s own log says which sessions the last stop cut off, and only those: a session that ended before, or that an earlier restart already settled, is not cut off again (PROTOCOL §9.3 session_ended, §5.5)',
    });
  }
}

/** Every user's history, merged: session id → entry. */
async function allHistories(parties: Parties): Promise<Map<string, Record<string, unknown>>> {
  const entries = new Map<string, Record<string, unknown>>();
  for (const [name, party] of parties) for (const entry of await history(party, `${name}'s history`)) entries.set(String(entry.session), entry);
  return entries;
}

export const recoveryChecks: CheckDefinition[] = [
  {
    id: 'restart.events',
    step: 5,
    title: 'at each restart, before ready, one session_ended interrupted for each session the last run left active, and only those',
    hint: 'at start, interrupt exactly the rows still active (no end yet) and print session_ended for each; a session an earlier restart interrupted has an end already',
    timeoutMs: 40_000,
    async run(ctx) {
      const names = drawUsernames(ctx.random, ctx.random.int(3, 5));
      const first = await startLogTracker(ctx);
      const parties: Parties = new Map();
      for (const name of names) parties.set(name, await online(ctx, first.port, name));
      const one = await playRound(ctx, parties, ctx.random.int(1, 4), ctx.random.int(0, 2));
      ctx.note(`first run: ${one.active.length} session(s) active when the tracker is killed, ${one.closed.size} closed before`);
      const second = await killAndRestart(ctx, first);
      expectInterruptedEvents(second, one.active, 'the first restart');
      const back = await everyoneBack(ctx, second.port, names);
      const why = 'what a restart settled stays settled: the same end, the same time';
      const settled = await allHistories(back);
      const two = await playRound(ctx, back, ctx.random.pick([0, ctx.random.int(1, 3)]), ctx.random.int(0, 2));
      ctx.note(`second run: ${two.active.length} session(s) active when the tracker is killed again, ${two.closed.size} closed before`);
      const third = await killAndRestart(ctx, second);
      expectInterruptedEvents(third, two.active, 'the second restart');
      const last = await allHistories(await everyoneBack(ctx, third.port, names));
      for (const id of one.active) {
        const before = settled.get(id);
        const now = last.get(id);
        if (!now || now.reason !== 'interrupted' || 'by' in now || now.ended_at !== before?.ended_at) {
          fail({ expected: `session ${id}, interrupted at the first restart, still interrupted, without by, ended_at ${String(before?.ended_at)}`, got: now ? JSON.stringify(now) : 'not in the history', why });
        }
      }
      for (const id of two.active) {
        if (last.get(id)?.reason !== 'interrupted') fail({ expected: `session ${id} interrupted by the second restart`, got: JSON.stringify(last.get(id) ?? 'not in the history'), why: 'it was active when the tracker was killed' });
      }
      for (const [id, want] of [...one.closed, ...two.closed]) expectEntry([...last.values()], id, want, 'a session closed before a kill keeps its end through every restart');
    },
  },
  {
    id: 'restart.late-report',
    step: 5,
    title: 'after a restart, the reports of sessions that ended before it (interrupted, or closed) are still taken, and only from their peers',
    hint: 'a close_session for a session the table does not hold is still recorded when the log has it ended with the reporter in it (PROTOCOL §3.3); anyone else gets NO_SUCH_SESSION',
    timeoutMs: 30_000,
    async run(ctx) {
      const [a, b, stranger] = drawUsernames(ctx.random, 3) as [string, string, string];
      const first = await startLogTracker(ctx);
      const parties: Parties = new Map([[a, await online(ctx, first.port, a)], [b, await online(ctx, first.port, b)], [stranger, await online(ctx, first.port, stranger)]]);
      const party = (name: string) => parties.get(name)!;
      const dial = (): [string, string] => (ctx.random.chance(0.5) ? [a, b] : [b, a]);
      const interrupted: Array<{ id: string; peers: [string, string] }> = [];
      for (let i = ctx.random.int(1, 3); i > 0; i -= 1) {
        const peers = dial();
        interrupted.push({ id: await startSession(party(peers[0]), party(peers[1]), peers[1]), peers });
      }
      const closedPeers = dial();
      const closed = await startSession(party(closedPeers[0]), party(closedPeers[1]), closedPeers[1]);
      const closer = ctx.random.pick(closedPeers);
      const late = closer === a ? b : a;
      const closerCount = drawCount(ctx.random);
      await report(party(closer), closed, closerCount, [], `${closer} closes ${closed}; ${late} has not reported yet when the tracker dies`);
      const pendingPeers = dial();
      const info = await party(pendingPeers[0]).request({ type: 'lookup', username: pendingPeers[1] }, 'peer_info', {}, opts('a lookup opens a session that never becomes active'));
      const pending = String(info.session);
      ctx.note(`${interrupted.length} session(s) of ${a} and ${b} active, ${closed} closed by ${closer} with ${late}'s report still to come, ${pending} never confirmed; then the tracker is killed`);
      const second = await killAndRestart(ctx, first);
      for (const name of [a, b, stranger]) parties.set(name, await loginAgain(ctx, second.port, name, `${name} logs in to the restarted tracker`));

      // The reports after the restart, in a drawn order: each peer of each interrupted session reports
      // (the first one surely), sometimes twice; the late peer of the closed one; and two that must be refused.
      type Step = { who: string; id: string; files: FileLine[]; messages: number } | { who: string; id: string; refused: string };
      const steps: Step[] = [];
      for (const [n, s] of interrupted.entries()) {
        for (const who of s.peers) {
          const times = n === 0 && who === s.peers[0] ? ctx.random.int(1, 2) : ctx.random.pick([0, 1, 2]);
          for (let t = 0; t < times; t += 1) steps.push({ who, id: s.id, files: drawFiles(ctx.random), messages: drawCount(ctx.random) });
        }
      }
      steps.push({ who: late, id: closed, files: drawFiles(ctx.random), messages: drawCount(ctx.random) });
      steps.push({ who: stranger, id: ctx.random.pick(interrupted).id, refused: `${stranger} took no part in it` });
      steps.push({ who: ctx.random.pick(pendingPeers), id: pending, refused: 'it never became active' });
      const order = shuffled(ctx.random, steps);
      const latest = new Map<string, Map<string, { files: FileLine[]; messages: number }>>();
      for (const step of order) {
        if ('refused' in step) {
          await party(step.who).request({ type: 'close_session', session: step.id, messages_sent: 1, files: [] }, 'error', { code: 'NO_SUCH_SESSION' }, opts(`${step.who} reports ${step.id}, but ${step.refused}: NO_SUCH_SESSION (PROTOCOL §3.3)`));
          continue;
        }
        const again = latest.get(step.id)?.has(step.who) === true;
        await report(party(step.who), step.id, step.messages, step.files, `${step.who} reports ${step.id}, which ended before the restart${again ? ', again: this report replaces the earlier one' : ''}`);
        if (!latest.has(step.id)) latest.set(step.id, new Map());
        latest.get(step.id)!.set(step.who, step);
      }
      const entry = (peers: [string, string], reason: string, by: string | undefined, id: string, extra: Record<string, number> = {}): ExpectedEntry => {
        const reports = [...(latest.get(id) ?? new Map<string, { files: FileLine[]; messages: number }>())];
        return {
          peers, reason, ...(by ? { by } : {}),
          messages: { ...extra, ...Object.fromEntries(reports.map(([who, r]) => [who, r.messages])) },
          files: reports.flatMap(([who, r]) => r.files.map((f) => ({ ...f, reported_by: who }))),
        };
      };
      const why = 'a session that ended before the restart is known from the log: its peers\' reports are still recorded there (PROTOCOL §3.3 close_session), and a report changes nothing of how it ended';
      for (const name of shuffled(ctx.random, [a, b])) {
        const sessions = await history(party(name), `${name}'s history`);
        for (const s of interrupted) expectEntry(sessions, s.id, entry(s.peers, 'interrupted', undefined, s.id), why);
        expectEntry(sessions, closed, entry(closedPeers, 'closed', closer, closed, { [closer]: closerCount }), why);
      }
      await party(stranger).request({ type: 'history' }, 'history', { sessions: [], truncated: false }, opts(`${stranger}'s refused report left no trace in the log`));
    },
  },
];
