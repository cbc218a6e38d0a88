// Lab 05's check of whose sessions history lists, and in which order (README step 1, PROTOCOL §3.2
// history): users with drawn names, several sessions per pair, either side dialling, sessions ending in
// an order of their own (not the order they started), some still active.
import { setTimeout as delay } from 'node:timers/promises';
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { expectEntry, history, ids, online, opts, report, startLogTracker, startSession, type ExpectedEntry } from './log-harness.ts';

const TOLD = { skip: ['presence', 'ping', 'pong', 'incoming'] };

interface Planned {
  peers: [string, string];
  /** Undefined: still active when history is asked. */
  end?: { closer: string; reason: 'closed' | 'lost'; otherReports: boolean };
}

/**
 * Sessions among the talkers (the first two both with talkers[0], so that someone has two sessions),
 * plus at most one active session of `quiet`, who has nothing else.
 */
function drawPlan(random: Random, talkers: string[], quiet: string): Planned[] {
  const pair = (who?: string): [string, string] => {
    const a = who ?? random.pick(talkers);
    const b = random.pick(talkers.filter((t) => t !== a));
    return random.chance(0.5) ? [a, b] : [b, a];
  };
  const plan: Planned[] = [pair(talkers[0]), pair(talkers[0]), ...Array.from({ length: random.int(2, 6) }, () => pair())].map((peers) => ({
    peers,
    end: { closer: random.pick(peers), reason: random.chance(0.3) ? 'lost' : 'closed', otherReports: random.chance(0.6) },
  }));
  if (random.chance(0.5)) plan.push({ peers: pair() });
  if (random.chance(0.7)) {
    const other = random.pick(talkers);
    plan.push({ peers: random.chance(0.5) ? [quiet, other] : [other, quiet] });
  }
  return plan;
}

export const historyChecks: CheckDefinition[] = [
  {
    id: 'log.history',
    step: 1,
    title: "history lists only the asker's ended sessions, newest first, caller or callee",
    hint: 'select the sessions where the user is either peer and that have ended, ordered by ended_at descending (when they ended, not when they started)',
    timeoutMs: 25_000,
    async run(ctx) {
      const { port } = await startLogTracker(ctx);
      const names = drawUsernames(ctx.random, ctx.random.int(4, 6));
      const quiet = names[names.length - 1]!;
      const talkers = names.slice(0, -1);
      const parties = new Map<string, JsonParty>();
      for (const name of names) parties.set(name, await online(ctx, port, name));
      const party = (name: string) => parties.get(name)!;
      const plan = drawPlan(ctx.random, talkers, quiet);
      const started: string[] = [];
      for (const p of plan) started.push(await startSession(party(p.peers[0]), party(p.peers[1]), p.peers[1]));
      // Every session is open before any ends, and they end in a drawn order in which the first two
      // end the other way round: "newest first" is by the end, not the start.
      const ending = shuffled(ctx.random, plan.flatMap((p, i) => (p.end ? [i] : [])));
      const [a, b] = [ending.indexOf(0), ending.indexOf(1)];
      if (a < b) [ending[a], ending[b]] = [1, 0];
      ctx.note('sessions in the order they started (caller first), and how each ended', plan.map((p, i) => `${started[i]}: ${p.peers.join(' → ')}, ${p.end ? `${p.end.reason} by ${p.end.closer}, ended ${ending.indexOf(i) + 1}.${p.end.otherReports ? '' : ' (the other never reports)'}` : 'still active'}`));
      const expected = new Map<string, ExpectedEntry>();
      for (const i of ending) {
        const p = plan[i]!;
        const end = p.end!;
        const other = p.peers.find((name) => name !== end.closer)!;
        const messages: Record<string, number> = { [end.closer]: ctx.random.int(0, 9) };
        // A clock tick between two ends, so that "newest first" has one answer.
        await delay(2);
        await report(party(end.closer), started[i]!, messages[end.closer]!, [], `${end.closer} ends ${started[i]}`, end.reason === 'lost' ? 'lost' : undefined);
        await party(other).expect('session_ended', { session: started[i], reason: end.reason, by: end.closer }, { why: `${other} is told`, ...TOLD });
        if (end.otherReports) {
          messages[other] = ctx.random.int(0, 9);
          await report(party(other), started[i]!, messages[other]!, [], `${other} reports`);
        }
        expected.set(started[i]!, { peers: p.peers, reason: end.reason, by: end.closer, messages });
      }
      const why = 'history is your own past sessions, whoever dialled, only the ended ones, the one that ended last first';
      for (const name of shuffled(ctx.random, names)) {
        const want = [...ending].reverse().map((i) => started[i]!).filter((id) => expected.get(id)!.peers.includes(name));
        if (want.length === 0) {
          await party(name).request({ type: 'history' }, 'history', { sessions: [], truncated: false }, opts(`${name} has no ended session (an active one is not history yet): nothing to show`));
          continue;
        }
        const sessions = await history(party(name), `${name}'s history`);
        if (JSON.stringify(ids(sessions)) !== JSON.stringify(want)) {
          fail({ expected: `${name}'s sessions ${want.join(', ')} (the last to end first)`, got: JSON.stringify(sessions.map((s) => ({ session: s.session, peers: s.peers, ended_at: s.ended_at }))), why });
        }
        for (const id of want) expectEntry(sessions, id, expected.get(id)!, why);
      }
    },
  },
];
