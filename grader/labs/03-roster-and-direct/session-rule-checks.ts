// Lab 03's checks of the session rules of docs/PROTOCOL.md §3.3 that no single happy path shows:
// who may end a session, a repeated confirmation, the cap on sessions, the roster's order. Names,
// orders and counts come from the check's seed.
import { MAX_SESSIONS_PER_USER } from '#kit/protocol/limits.ts';
import { fail } from '../../engine/check-failure.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { startTracker } from '../02-tracker-auth/tracker-harness.ts';
import { online, opts, startSession } from './tracker-moves.ts';

/** Cheap hashes: these checks register many users and are not about passwords. */
const FAST_HASH = ['--scrypt-n', '1024'];

/** Fails unless the next message on `party` is the answer to a `sessions` request listing `session`. */
async function stillActive(party: JsonParty, session: string, why: string): Promise<void> {
  // presence and ping may come first; a session_ended would fail the expectation.
  const hint = 'a refused close_session must change nothing: check who asks before ending the session or telling anyone';
  const listed = await party.request({ type: 'sessions' }, 'sessions', {}, { why, hint, skip: ['presence', 'ping'] });
  const active = Array.isArray(listed.active) ? listed.active : [];
  if (!active.some((entry: { session?: unknown }) => entry.session === session)) {
    fail({ expected: `session ${session} still in the sessions of ${party.label}`, got: JSON.stringify(listed), why, hint });
  }
}

function isSorted(names: string[]): boolean {
  return names.every((name, i) => i === 0 || names[i - 1]! < name);
}

export const sessionRuleChecks: CheckDefinition[] = [
  {
    id: 'sessions.outsider-close',
    step: 5,
    title: 'close_session from a user who is not in the session gets NO_SUCH_SESSION and ends nothing',
    hint: 'before ending a session, check that the peer asking is one of its two peers and that it is active',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASH);
      const [caller, callee, outsider] = drawUsernames(ctx.random, 3) as [string, string, string];
      const a = await online(ctx, port, caller, 6001);
      const b = await online(ctx, port, callee, 6002);
      const c = await online(ctx, port, outsider, 6003);
      const session = await startSession(a, b, caller, callee);
      const report = { type: 'close_session', session, messages_sent: ctx.random.int(0, 9), files: [] };
      const why = 'only the two peers of a session may end it: anyone else could cut any conversation they can name';
      await c.request(report, 'error', { code: 'NO_SUCH_SESSION' }, opts(why));
      await stillActive(a, session, `${outsider} was refused, so ${caller}'s session goes on (no session_ended either)`);
      await stillActive(b, session, `${outsider} was refused, so ${callee}'s session goes on (no session_ended either)`);
      // A session that never became active cannot be closed either (§3.3 close_session).
      const pending = await a.request({ type: 'lookup', username: outsider }, 'peer_info', {}, opts(`${caller} looks ${outsider} up`));
      const pendingHint = 'only an active (or recently ended) session can be closed or reported: a pending one is not in the log yet';
      await a.request({ ...report, session: pending.session }, 'error', { code: 'NO_SUCH_SESSION' }, { ...opts('a session neither peer confirmed never became active: there is nothing to end (§3.3)'), hint: pendingHint });
    },
  },
  {
    id: 'sessions.confirm-repeat',
    step: 5,
    title: 'a repeated session_started is answered ok again and still makes one session',
    hint: 'confirming twice is not an error; a session is listed once however often it is confirmed',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASH);
      const [caller, callee] = drawUsernames(ctx.random, 2) as [string, string];
      const a = await online(ctx, port, caller, 6001);
      const b = await online(ctx, port, callee, 6002);
      const session = await startSession(a, b, caller, callee);
      const again = ctx.random.pick([a, b]);
      const why = 'a peer that lost the ok (a reconnect, a retry) confirms again: §3.3 answers ok, also when repeated';
      for (let i = ctx.random.int(1, 3); i > 0; i -= 1) {
        await again.request({ type: 'session_started', session }, 'ok', { re: 'session_started' }, opts(why));
      }
      const listed = await a.request({ type: 'sessions' }, 'sessions', {}, opts('the session is listed once'));
      const active = Array.isArray(listed.active) ? listed.active : [];
      if (active.length !== 1) fail({ expected: `one active session, ${session}`, got: JSON.stringify(listed), why: 'a repeated confirmation must not start a second session' });
    },
  },
  {
    id: 'sessions.capacity',
    step: 3,
    title: `a lookup beyond ${MAX_SESSIONS_PER_USER} active or pending sessions, as caller or callee, gets AT_CAPACITY`,
    hint: 'count, per user, the sessions that are pending or active; refuse a lookup that would make either peer exceed the cap',
    timeoutMs: 40_000,
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASH);
      const names = drawUsernames(ctx.random, MAX_SESSIONS_PER_USER + 2);
      const [busy, ...others] = names as [string, ...string[]];
      const parties = new Map<string, JsonParty>();
      for (const [i, name] of names.entries()) parties.set(name, await online(ctx, port, name, 6001 + i));
      const lookup = (from: string, to: string, reply: string, fields: Record<string, unknown>, why: string) =>
        parties.get(from)!.request({ type: 'lookup', username: to }, reply, fields, opts(why));
      // The busy user's sessions, each pending, with it as the caller or the callee: both count.
      for (const [i, other] of others.slice(0, MAX_SESSIONS_PER_USER).entries()) {
        const [from, to] = ctx.random.chance(0.5) ? [busy, other] : [other, busy];
        await lookup(from, to, 'peer_info', { username: to }, `lookup ${from} → ${to}: session ${i + 1} of ${busy}, within the cap`);
      }
      const last = others.at(-1)!;
      const why = `at most ${MAX_SESSIONS_PER_USER} active or pending sessions per user, as caller or callee (§3.3 lookup): a flood of lookups must not fill the tracker's memory`;
      const order = ctx.random.chance(0.5) ? [[busy, last], [last, busy]] : [[last, busy], [busy, last]];
      for (const [from, to] of order as Array<[string, string]>) await lookup(from, to, 'error', { code: 'AT_CAPACITY' }, why);
    },
  },
  {
    id: 'roster.order',
    step: 1,
    title: 'the roster lists everyone online in login order, whatever the names and their order',
    hint: 'keep the time of each login and sort by it, ties by username; never by name alone or by map order',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASH);
      const names = drawUsernames(ctx.random, ctx.random.int(3, 6));
      // Never in name order (or its reverse): a roster sorted by name must not pass by luck.
      if (isSorted(names) || isSorted([...names].reverse())) [names[0], names[1]] = [names[1]!, names[0]!];
      ctx.note(`users log in in this order: ${names.join(', ')}`);
      const parties: JsonParty[] = [];
      for (const [i, name] of names.entries()) parties.push(await online(ctx, port, name, 6001 + i));
      const asker = ctx.random.pick(parties);
      const roster = await asker.request({ type: 'list' }, 'roster', {}, opts('the roster answers who is online'));
      const users: Array<{ username?: unknown; since?: unknown }> = Array.isArray(roster.users) ? roster.users : [];
      const listed = users.map((u) => String(u.username));
      // Logins a millisecond apart may share a `since`: then the username breaks the tie.
      const since = new Map(users.map((u) => [String(u.username), String(u.since)]));
      const expected = [...names].sort((x, y) => (since.get(x) ?? '').localeCompare(since.get(y) ?? '') || (x < y ? -1 : x > y ? 1 : 0));
      const why = '§3.2 roster: oldest login first, ties by username; peers page through it by offset, so the order must be stable';
      if (JSON.stringify(listed) !== JSON.stringify(expected)) {
        fail({ expected: `everyone online, oldest login first (ties by username): ${JSON.stringify(expected)}`, got: JSON.stringify(roster), why });
      }
      const times = names.map((name) => since.get(name) ?? '');
      if (times.some((time, i) => i > 0 && time < times[i - 1]!)) {
        fail({ expected: `since times that follow the login order ${JSON.stringify(names)}`, got: JSON.stringify(roster), why: 'since is when each user logged in; a later login cannot have an earlier time' });
      }
    },
  },
];
