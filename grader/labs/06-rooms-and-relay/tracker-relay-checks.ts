// Lab 06's checks of the tracker's side of the relay (README step 7, PROTOCOL §3.3 relay): only the
// caller of a pending session gets a relay, once, and each side gets a token for its own side, signed
// with the secret the relay checks, expiring with the ticket. The grader plays every peer and reads
// the tokens with its own HMAC.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import type { JsonParty, Message } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { FAST_HASHING, startTracker } from '../02-tracker-auth/tracker-harness.ts';
import { online, opts, startSession } from '../03-roster-and-direct/tracker-moves.ts';
import { mintToken, type Side } from './relay-moves.ts';

const RELAY_WHY = 'PROTOCOL §3.3 relay: only the caller of a pending session gets a relay, at most once per session; anything else is NO_SUCH_SESSION';

interface RelayTracker {
  port: number;
  relay: { host: string; port: number };
  secret: Buffer;
  ticketTtlMs: number;
}

/** The student's tracker with --relay (a drawn address: nothing needs to listen there) and a drawn secret. */
async function startRelayTracker(ctx: CheckContext): Promise<RelayTracker> {
  const secret = Buffer.from(Array.from({ length: ctx.random.int(16, 40) }, () => ctx.random.pick([...'abcdefghijklmnopqrstuvwxyz0123456789-_'])).join(''));
  const file = join(await ctx.tempDir(), 'relay-secret');
  await writeFile(file, `${secret.toString()}\n`);
  const relay = { host: '127.0.0.1', port: ctx.random.int(20_000, 60_000) };
  const ticketTtlMs = ctx.random.pick([5_000, 30_000, 120_000]);
  const { port } = await startTracker(ctx, [...FAST_HASHING, '--relay', `${relay.host}:${relay.port}`, '--relay-secret-file', file, '--ticket-ttl', String(ticketTtlMs)]);
  return { port, relay, secret, ticketTtlMs };
}

/** Checks a token the tracker issued: its session and side, the MAC under the secret, the expiry. */
function expectToken(token: unknown, tracker: RelayTracker, session: string, side: Side, lookedUpAt: number, who: string): void {
  const why = `PROTOCOL §3.6: a token is SESSION.SIDE.EXPIRES.MAC, the MAC an HMAC-SHA-256 of the rest under the secret the relay checks; ${who} gets the ${side}'s, expiring with the ticket`;
  const parts = String(token).split('.');
  const expires = Number(parts[2]);
  if (parts.length !== 4 || parts[0] !== session || parts[1] !== side || !/^\d+$/.test(parts[2] ?? '')) {
    fail({ expected: `a token ${session}.${side}.EXPIRES.MAC`, got: JSON.stringify(token), why });
  }
  if (mintToken(tracker.secret, session, side, expires) !== token) fail({ expected: 'a MAC that the relay, with the same secret, accepts', got: `${JSON.stringify(token)}: its MAC is not the HMAC of ${session}.${side}.${expires} under the secret`, why });
  // The ticket was made at the lookup and lives --ticket-ttl: the tokens expire with it, not before.
  const earliest = lookedUpAt + tracker.ticketTtlMs - 1_000;
  const latest = Date.now() + tracker.ticketTtlMs + 2_000;
  if (expires < earliest || expires > latest) fail({ expected: `EXPIRES with the ticket: --ticket-ttl (${tracker.ticketTtlMs} ms) after the lookup that made it, or after the relay request`, got: `${expires - lookedUpAt} ms after the lookup`, why });
}

/** `caller` looks `callee` up: the session id of the peer_info (the callee's incoming is read too). */
async function lookUp(caller: JsonParty, callee: JsonParty, callerName: string, calleeName: string): Promise<string> {
  const info = await caller.request({ type: 'lookup', username: calleeName }, 'peer_info', { username: calleeName }, opts('a lookup of an online user answers with where to dial'));
  await callee.expect('incoming', { from: callerName, session: info.session }, { why: 'the callee is told to expect this caller', skip: ['presence', 'ping'] });
  return String(info.session);
}

async function expectNoSession(party: JsonParty, session: string, why: string): Promise<Message> {
  return party.request({ type: 'relay', session }, 'error', { code: 'NO_SUCH_SESSION' }, opts(`${RELAY_WHY}: ${why}`));
}

export const trackerRelayChecks: CheckDefinition[] = [
  {
    id: 'tracker.relay',
    step: 7,
    title: 'relay from the caller of a pending session: relay_info with the caller\'s token, relay_incoming to the callee with its own, both signed and expiring with the ticket',
    hint: 'sessions.pendingOf(session, caller) finds the session; issue two tokens with the same EXPIRES (now + ticket TTL), one per side, push relay_incoming {session, from, host, port, token} to the callee and answer relay_info {session, host, port, token}',
    async run(ctx) {
      const tracker = await startRelayTracker(ctx);
      const [alice, bob] = drawUsernames(ctx.random, 2) as [string, string];
      const caller = await online(ctx, tracker.port, alice, 6001);
      const callee = await online(ctx, tracker.port, bob, 6002);
      const lookedUpAt = Date.now();
      const session = await lookUp(caller, callee, alice, bob);
      const info = await caller.request({ type: 'relay', session }, 'relay_info', { session, host: tracker.relay.host, port: tracker.relay.port }, opts('PROTOCOL §3.3 relay: the caller gets relay_info with the address of --relay'));
      expectToken(info.token, tracker, session, 'caller', lookedUpAt, 'the caller');
      const incoming = await callee.expect('relay_incoming', { session, from: alice, host: tracker.relay.host, port: tracker.relay.port }, { why: 'PROTOCOL §3.2 relay_incoming: the callee is told to meet the caller at the relay', skip: ['presence', 'ping'] });
      expectToken(incoming.token, tracker, session, 'callee', lookedUpAt, 'the callee');
    },
  },
  {
    id: 'tracker.relay-refusals',
    step: 7,
    title: 'no relay for the callee, a third user, an unknown or active session, or a second time (NO_SUCH_SESSION), nor from a tracker without --relay (NO_RELAY)',
    hint: 'check in this order: a relay configured (NO_RELAY), then a pending session whose caller asks and that was not relayed yet (NO_SUCH_SESSION); remember each session relayed until its tokens expire',
    timeoutMs: 30_000,
    async run(ctx) {
      const tracker = await startRelayTracker(ctx);
      const [alice, bob, carol, dave] = drawUsernames(ctx.random, 4) as [string, string, string, string];
      const a = await online(ctx, tracker.port, alice, 6001);
      const b = await online(ctx, tracker.port, bob, 6002);
      const c = await online(ctx, tracker.port, carol, 6003);
      const d = await online(ctx, tracker.port, dave, 6004);
      const pending = await lookUp(a, b, alice, bob);
      const active = await startSession(a, d, alice, dave);
      const attempts = shuffled(ctx.random, [
        () => expectNoSession(b, pending, `${bob} is the callee of ${pending}, not its caller`),
        () => expectNoSession(c, pending, `${carol} is not in ${pending} at all`),
        () => expectNoSession(a, `s-${ctx.random.pick(['nope', 'x1', 'A_b-9'])}`, 'no lookup made that session'),
        () => expectNoSession(a, active, `${active} is active already (both peers confirmed it): its peers reached each other`),
      ]);
      for (const attempt of attempts) await attempt();
      await a.request({ type: 'relay', session: pending }, 'relay_info', { session: pending }, opts('the caller of a pending session gets its relay'));
      await b.expect('relay_incoming', { session: pending }, { why: 'the callee is told', skip: ['presence', 'ping'] });
      await expectNoSession(a, pending, 'a session gets one pair of tokens: asking again gets none');

      const { port } = await startTracker(ctx, FAST_HASHING);
      const [erin, frank] = drawUsernames(ctx.random, 2) as [string, string];
      const e = await online(ctx, port, erin, 6005);
      const f = await online(ctx, port, frank, 6006);
      const session = await lookUp(e, f, erin, frank);
      await e.request({ type: 'relay', session }, 'error', { code: 'NO_RELAY' }, opts('PROTOCOL §3.3 relay: a tracker started without --relay says so (NO_RELAY), even for a session that could be relayed'));
    },
  },
];

