// The moves of Lab 03's tracker checks: users online on scripted connections, and sessions between
// them, each step checked as it goes.
import type { CheckContext } from '../../engine/check-context.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import { connectClient, registerMessage } from '../02-tracker-auth/tracker-harness.ts';

/** Pushes that may arrive between the replies a check waits for. */
export const PUSHES = ['presence', 'incoming', 'session_ended', 'ping'];
export const opts = (why: string) => ({ why, skip: PUSHES });

/** Registers `name` announcing `port`, and returns its logged-in connection (labelled `name`). */
export async function online(ctx: CheckContext, trackerPort: number, name: string, port: number): Promise<JsonParty> {
  const client = await connectClient(ctx, trackerPort, name);
  await client.request(registerMessage(name, undefined, port), 'welcome', { username: name }, opts('registering logs the peer in'));
  return client;
}

/** The caller looks the callee up and both confirm: returns the session id. */
export async function startSession(caller: JsonParty, callee: JsonParty, callerName = 'alice', calleeName = 'bob'): Promise<string> {
  const info = await caller.request({ type: 'lookup', username: calleeName }, 'peer_info', { username: calleeName }, opts('a lookup of an online user answers with where to dial'));
  await callee.expect('incoming', { from: callerName, ticket: info.ticket, session: info.session }, { why: 'the callee is told to expect this caller with this ticket', skip: ['presence', 'ping'] });
  await caller.request({ type: 'session_started', session: info.session }, 'ok', { re: 'session_started' }, opts('the caller confirms its handshake'));
  await callee.request({ type: 'session_started', session: info.session }, 'ok', { re: 'session_started' }, opts('the callee confirms its handshake'));
  return String(info.session);
}
