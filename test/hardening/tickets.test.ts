// Tickets against the reference peer of Lab 03 (solutions/03-roster-and-direct/peer.ts): the grader's
// scripted tracker announces callers with `incoming`, scripted callers dial the peer and show tickets.
// An expired ticket is refused, and a ticket opens a session only with the callee it was issued for.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import type { CheckContext } from '../../grader/engine/check-context.ts';
import { JsonParty } from '../../grader/engine/json-party.ts';
import { rosterAndDirectLab } from '../../grader/labs/03-roster-and-direct/lab.ts';
import { NOISE, otherDials, reply, startPeer, ticketFor, type PeerRun } from '../../grader/labs/03-roster-and-direct/peer-harness.ts';
import { check, runOnReference, story } from './reference-check.ts';

/** `from` dials the peer and shows `ticket`: BAD_TICKET, then the peer closes. Returns how long the refusal took. */
async function refused(ctx: CheckContext, run: PeerRun, from: string, ticket: string, why: string): Promise<number> {
  const party = new JsonParty(await ctx.connect(run.port, from), 'peer-to-peer');
  const began = Date.now();
  party.send({ type: 'hello', from, ticket });
  await party.expectError('BAD_TICKET', {}, { why, timeoutMs: 5_000 });
  const took = Date.now() - began;
  await party.socket.expectClosedByPeer({ why, timeoutMs: 3_000 });
  return took;
}

/** `from` dials the peer and shows `ticket`: welcome for `session`, confirmed to the tracker. */
async function admitted(ctx: CheckContext, run: PeerRun, me: string, from: string, ticket: string, session: string, why: string): Promise<JsonParty> {
  const party = new JsonParty(await ctx.connect(run.port, from), 'peer-to-peer');
  party.send({ type: 'hello', from, ticket });
  await party.expect('welcome', { session, username: me }, { why, timeoutMs: 5_000 });
  const started = await run.tracker.expect('session_started', { session }, { why: 'the callee confirms the session', skip: NOISE });
  reply(run.tracker, started, { type: 'ok', re: 'session_started' });
  return party;
}

describe('tickets against the reference peer', () => {
  test('a ticket shown after its expires_in_ms is BAD_TICKET and closed; a fresh ticket still works', async () => {
    let refusalMs = -1;
    const result = await runOnReference(
      rosterAndDirectLab,
      check('hardening.ticket-expired', 'an expired ticket is refused', 25_000, async (ctx) => {
        const run = await startPeer(ctx, 'alice');
        const stale = ticketFor(ctx);
        run.tracker.send({ type: 'incoming', from: 'bob', ticket: stale, session: 's-stale', expires_in_ms: 200 });
        // Validity counts from when the peer receives the push; loopback delivers it at once, and
        // 1 s is five times the ticket's life even on a busy machine.
        await sleep(1_000);
        refusalMs = await refused(ctx, run, 'bob', stale, 'a ticket is valid for expires_in_ms only');
        // The refusal cost nothing: the peer still lets the same caller in with a fresh ticket.
        const bob = await otherDials(ctx, run, 'bob', 's-fresh');
        bob.party.send({ type: 'chat', text: 'made it' });
        await run.peer.expectEvent('message', { from: 'bob', text: 'made it' }, { why: 'the fresh session works' });
      }),
    );
    expect(result.passed, story(result)).toBe(true);
    console.log(`expired ticket refused after ${refusalMs} ms; check took ${Math.round(result.durationMs)} ms`);
  }, 40_000);

  test('a ticket issued for one callee opens no session with another; it still works where it was issued', async () => {
    const result = await runOnReference(
      rosterAndDirectLab,
      check('hardening.ticket-other-callee', 'a ticket is only for its callee', 25_000, async (ctx) => {
        const alice = await startPeer(ctx, 'alice');
        const dave = await startPeer(ctx, 'dave');
        // dave is told of another ticket for bob, so he knows bob is coming, just not with this one.
        dave.tracker.send({ type: 'incoming', from: 'bob', ticket: ticketFor(ctx), session: 's-dave', expires_in_ms: 30_000 });
        const forAlice = ticketFor(ctx);
        alice.tracker.send({ type: 'incoming', from: 'bob', ticket: forAlice, session: 's-alice', expires_in_ms: 30_000 });
        await sleep(300);
        await refused(ctx, dave, 'bob', forAlice, 'a ticket names its callee: dave was never told of this one');
        // The attempt at dave neither used it up nor spoiled it: alice lets bob in with it.
        const party = await admitted(ctx, alice, 'alice', 'bob', forAlice, 's-alice', 'the ticket was issued for alice, for bob');
        party.send({ type: 'chat', text: 'hi alice' });
        await alice.peer.expectEvent('message', { from: 'bob', text: 'hi alice' }, { why: 'the session with alice works' });
      }),
    );
    expect(result.passed, story(result)).toBe(true);
    console.log(`ticket for another callee: check took ${Math.round(result.durationMs)} ms`);
  }, 40_000);
});
