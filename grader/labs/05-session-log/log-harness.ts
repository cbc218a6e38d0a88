// The moves of Lab 05's tracker checks: scripted peers that log in, open and end sessions, report
// their side, and read the log back through history.
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import { connectClient, loginMessage, registerMessage, startTracker, type TrackerRun } from '../02-tracker-auth/tracker-harness.ts';

/** Pushes that may come between the replies a check waits for. */
export const PUSHES = ['presence', 'incoming', 'session_ended', 'ping', 'pong'];
export const opts = (why: string, timeoutMs?: number) => ({ why, skip: PUSHES, ...(timeoutMs ? { timeoutMs } : {}) });

// A cheap scrypt cost: these checks log dozens of users in, and hashing is Lab 02's business.
const FAST_HASHES = ['--scrypt-n', '1024'];

export function startLogTracker(ctx: CheckContext, extra: string[] = [], db?: string): Promise<TrackerRun> {
  return startTracker(ctx, [...FAST_HASHES, ...extra], db);
}

/** Starts the tracker again on the same database file. */
export function restart(ctx: CheckContext, before: TrackerRun): Promise<TrackerRun> {
  ctx.note('starting your tracker again on the same --db');
  return startLogTracker(ctx, [], before.db);
}

/** Registers `name` and returns its logged-in connection (nobody dials its port: the peers are scripted). */
export async function online(ctx: CheckContext, trackerPort: number, name: string): Promise<JsonParty> {
  const client = await connectClient(ctx, trackerPort, name);
  await client.request(registerMessage(name), 'welcome', { username: name }, opts('registering logs the peer in'));
  return client;
}

/** Logs an existing user in again, on a new connection (after a restart). */
export async function loginAgain(ctx: CheckContext, trackerPort: number, name: string, why: string): Promise<JsonParty> {
  const client = await connectClient(ctx, trackerPort, `${name} again`);
  await client.request(loginMessage(name), 'welcome', { username: name }, opts(why));
  return client;
}

/** `caller` looks `callee` up and both confirm: the session is active. Returns its id. */
export async function startSession(caller: JsonParty, callee: JsonParty, calleeName: string): Promise<string> {
  const info = await caller.request({ type: 'lookup', username: calleeName }, 'peer_info', {}, opts('a lookup opens a pending session'));
  await callee.expect('incoming', { session: info.session }, { why: 'the callee is told first', skip: ['presence', 'ping', 'session_ended'] });
  await caller.request({ type: 'session_started', session: info.session }, 'ok', {}, opts('the caller confirms'));
  await callee.request({ type: 'session_started', session: info.session }, 'ok', {}, opts('the callee confirms: now the session is active, and in the log'));
  return String(info.session);
}

export interface FileLine {
  name: string;
  size: number;
  sha256: string;
  verified: boolean;
  direction: 'sent' | 'received';
}

/** A peer's close_session: its own counts; ok expected. */
export async function report(party: JsonParty, session: string, messages: number, files: FileLine[], why: string, reason?: 'lost'): Promise<void> {
  await party.request({ type: 'close_session', session, messages_sent: messages, files, ...(reason ? { reason } : {}) }, 'ok', { re: 'close_session' }, opts(why));
}

/** The asker's history reply (checked against the protocol by the party). */
export async function history(party: JsonParty, why: string): Promise<Array<Record<string, unknown>>> {
  const reply = await party.request({ type: 'history' }, 'history', {}, opts(why));
  return reply.sessions as Array<Record<string, unknown>>;
}

export interface ExpectedEntry {
  peers: [string, string];
  reason: string;
  /** Absent: the entry must have no `by`. */
  by?: string;
  messages: Record<string, number>;
  files?: Array<FileLine & { reported_by: string }>;
}

/** Finds `session` in a history reply and compares it, field by field, with what happened. */
export function expectEntry(sessions: Array<Record<string, unknown>>, session: string, want: ExpectedEntry, why: string): void {
  const entry = sessions.find((s) => s.session === session);
  const expected = `session ${session} in the history with ${JSON.stringify({ ...want, files: want.files ?? [] })}`;
  if (!entry) fail({ expected, got: `it is not there: ${JSON.stringify(sessions)}`, why });
  const problems: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(entry.peers, want.peers)) problems.push(`peers ${JSON.stringify(entry.peers)}`);
  if (entry.reason !== want.reason) problems.push(`reason ${JSON.stringify(entry.reason)}`);
  if (entry.by !== want.by) problems.push(entry.by === undefined ? 'no by' : `by ${JSON.stringify(entry.by)}`);
  if (!same(sorted(entry.messages), sorted(want.messages))) problems.push(`messages ${JSON.stringify(entry.messages)}`);
  const files = (entry.files as unknown[]).map((f) => JSON.stringify(sorted(f))).sort();
  const wanted = (want.files ?? []).map((f) => JSON.stringify(sorted(f))).sort();
  if (!same(files, wanted)) problems.push(`files ${JSON.stringify(entry.files)}`);
  if (typeof entry.started_at !== 'string' || typeof entry.ended_at !== 'string' || entry.ended_at < entry.started_at) {
    problems.push(`started_at ${String(entry.started_at)} after ended_at ${String(entry.ended_at)}`);
  }
  if (problems.length > 0) fail({ expected, got: `${problems.join('; ')} (the entry: ${JSON.stringify(entry)})`, why });
}

/** The session ids of a history reply, in its order. */
export function ids(sessions: Array<Record<string, unknown>>): string[] {
  return sessions.map((s) => String(s.session));
}

function sorted(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

/** The raw line of the next reply of this type, pushes skipped: to measure what the tracker sent. */
export async function rawReply(party: JsonParty, type: string, why: string): Promise<string> {
  for (;;) {
    const line = await party.socket.nextLine({ expected: `a ${type} reply`, why });
    let message: { type?: unknown };
    try {
      message = JSON.parse(line) as { type?: unknown };
    } catch {
      fail({ expected: `a ${type} reply`, got: `a line that is not JSON (${Buffer.byteLength(line)} bytes)`, why });
    }
    if (message.type === type) {
      party.socket.record(`${party.label} received a ${type} reply of ${Buffer.byteLength(line)} bytes`);
      return line;
    }
    if (!PUSHES.includes(String(message.type))) fail({ expected: `a ${type} reply`, got: line.length > 300 ? `${line.slice(0, 300)}…` : line, why });
  }
}
