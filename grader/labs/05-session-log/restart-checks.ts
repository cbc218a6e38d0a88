// Lab 05's checks of a tracker that stops or dies (README step 5): what was recorded stays, and what
// was active when it went is interrupted when it comes back.
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { connectClient, registerMessage } from '../02-tracker-auth/tracker-harness.ts';
import { expectEntry, history, loginAgain, online, report, restart, startLogTracker, startSession } from './log-harness.ts';

/** Resolves true if `party` receives this message, false if its connection ends first (no failure). */
function arrives(party: JsonParty, type: string, fields: Record<string, unknown>): Promise<boolean> {
  return party.expect(type, fields, { skip: ['presence', 'incoming', 'session_ended', 'ping', 'pong'], timeoutMs: 10_000 }).then(() => true, () => false);
}

/** Resolves once `count` of these have come true, or all of them have settled. */
function enoughOf(acks: Array<Promise<boolean>>, count: number): Promise<void> {
  return new Promise((resolve) => {
    let yes = 0;
    let settled = 0;
    for (const ack of acks) {
      void ack.then((ok) => {
        settled += 1;
        if (ok) yes += 1;
        if (yes >= count || settled === acks.length) resolve();
      });
    }
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

export const restartChecks: CheckDefinition[] = [
  {
    id: 'restart.interrupted',
    step: 5,
    title: 'a session active when the tracker is killed (SIGKILL) is interrupted when it starts again',
    hint: 'when the log feature is created (before ready), end every session the file still has as active: reason interrupted, no by',
    async run(ctx) {
      const first = await startLogTracker(ctx);
      const alice = await online(ctx, first.port, 'alice');
      const bob = await online(ctx, first.port, 'bob');
      const session = await startSession(alice, bob, 'bob');
      first.tracker.signal('SIGKILL');
      await first.tracker.expectEnd({ why: 'SIGKILL cannot be caught: the tracker has no chance to write anything more' });
      const second = await restart(ctx, first);
      const again = await loginAgain(ctx, second.port, 'alice', 'alice logs in to the new tracker');
      const why = 'a session the tracker never saw end was cut off by the crash: the log must say so, not keep it active forever';
      expectEntry(await history(again, why), session, { peers: ['alice', 'bob'], reason: 'interrupted', messages: {} }, why);
      await again.request({ type: 'sessions' }, 'sessions', { active: [] }, { why: 'nothing is active after a restart', skip: ['presence', 'ping'] });
    },
  },
  {
    id: 'restart.burst',
    step: 5,
    title: 'killed (SIGKILL) in a burst of activity: every acknowledged user and ended session survives',
    hint: 'write each change in its own committed statement or transaction before the reply goes out; never keep log rows only in memory',
    timeoutMs: 30_000,
    async run(ctx) {
      const first = await startLogTracker(ctx);
      const names = Array.from({ length: 20 }, (_, i) => `user${pad(i + 1)}`);
      const users = await Promise.all(names.map((name) => online(ctx, first.port, name)));
      const pairs = Array.from({ length: 10 }, (_, i) => ({ caller: names[2 * i]!, callerParty: users[2 * i]!, callee: names[2 * i + 1]! }));
      const sessions = await Promise.all(pairs.map((p, i) => startSession(p.callerParty, users[2 * i + 1]!, p.callee)));
      const newcomers = Array.from({ length: 10 }, (_, i) => `late${pad(i + 1)}`);
      const waiting = await Promise.all(newcomers.map((name) => connectClient(ctx, first.port, name)));
      ctx.note('the burst: pairs 1 to 6 close their sessions and 10 more users register, all at once; pairs 7 to 10 stay active; the tracker is killed after 9 acknowledgements');
      const closing = pairs.slice(0, 6).map((p, i) => {
        p.callerParty.send({ type: 'close_session', session: sessions[i]!, messages_sent: i + 1, files: [] });
        return arrives(p.callerParty, 'ok', { re: 'close_session' });
      });
      const joining = waiting.map((party, i) => {
        party.send(registerMessage(newcomers[i]!));
        return arrives(party, 'welcome', { username: newcomers[i]! });
      });
      await enoughOf([...closing, ...joining], 9);
      first.tracker.signal('SIGKILL');
      await first.tracker.expectEnd({ why: 'killed in the middle of the burst' });
      const closed = await Promise.all(closing);
      const joined = await Promise.all(joining);
      ctx.note(`acknowledged before the kill: ${closed.filter(Boolean).length} of 6 closes, ${joined.filter(Boolean).length} of 10 registrations`);

      const second = await restart(ctx, first);
      const survivors = [...names, ...newcomers.filter((_, i) => joined[i])];
      const back = await Promise.all(survivors.map((name) => loginAgain(ctx, second.port, name, `${name}'s account was acknowledged (welcome) before the kill: it must survive`)));
      const why = 'a reply tells the peer its change is recorded: after a crash, the log must still hold it';
      for (const [i, p] of pairs.entries()) {
        const entries = await history(back[2 * i]!, `${p.caller}'s history after the crash`);
        const id = sessions[i]!;
        if (i >= 6) {
          expectEntry(entries, id, { peers: [p.caller, p.callee], reason: 'interrupted', messages: {} }, 'this session was active when the tracker died');
        } else if (closed[i]) {
          expectEntry(entries, id, { peers: [p.caller, p.callee], reason: 'closed', by: p.caller, messages: { [p.caller]: i + 1 } }, why);
        } else {
          const entry = entries.find((s) => s.session === id);
          if (!entry || (entry.reason !== 'closed' && entry.reason !== 'interrupted')) {
            fail({ expected: `session ${id} (its close was never acknowledged) as closed or interrupted`, got: entry ? JSON.stringify(entry) : 'not in the history', why: 'a session that was active is in the log either way' });
          }
        }
      }
    },
  },
];
