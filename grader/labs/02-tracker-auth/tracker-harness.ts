// The moves of Lab 02's checks: start the student's tracker on a fresh database, and talk to it as
// one or many scripted clients.
import { join } from 'node:path';
import { MAX_ATTEMPTS_PER_CONNECTION } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { JsonParty, type ExpectOptions, type Message } from '../../engine/json-party.ts';
import type { StudentProgram } from '../../engine/student-program.ts';

export const TRACKER_FILE = 'tracker.ts';
export const CLIENT_FILE = 'client.ts';
export const PASSWORD = 'correct horse battery';
export const PEER_PORT = 5555;
/** The cheapest scrypt cost the tracker accepts: for checks that hash but are not about hashing. */
export const FAST_HASHING = ['--scrypt-n', '1024'];

export interface TrackerRun {
  tracker: StudentProgram;
  port: number;
  db: string;
}

/** Starts `tracker.ts --port 0 --db <fresh file>` (plus extra flags) and waits for ready. */
export async function startTracker(ctx: CheckContext, extra: string[] = [], db?: string, limits: { fileSizeLimitBytes?: number } = {}): Promise<TrackerRun> {
  const database = db ?? join(await ctx.tempDir(), 'tracker.db');
  const tracker = await ctx.start(TRACKER_FILE, ['--port', '0', '--db', database, ...extra], 'your tracker', limits);
  const ready = await tracker.ready();
  if (typeof ready.port !== 'number' || !Number.isInteger(ready.port) || ready.port < 1) {
    fail({
      expected: 'a ready event like {"event":"ready","host":"127.0.0.1","port":40123}',
      got: JSON.stringify(ready),
      why: 'with --port 0 the system picks the port, so the ready event is the only way to learn it',
    });
  }
  return { tracker, port: ready.port, db: database };
}

/** Connects a scripted client and reads the tracker's greeting. */
export async function connectClient(ctx: CheckContext, port: number, label = 'a client'): Promise<JsonParty> {
  const client = new JsonParty(await ctx.connect(port, label), 'tracker-to-peer');
  await client.expect('hello', {}, { why: 'on connect the tracker greets the client and asks: new or returning? (README step 2)' });
  return client;
}

export function registerMessage(username: string, password = PASSWORD, port = PEER_PORT): Message {
  return { type: 'register', username, password, port };
}

export function loginMessage(username: string, password = PASSWORD, port = PEER_PORT): Message {
  return { type: 'login', username, password, port };
}

/** Registers on a new connection and expects the welcome. */
export async function registerUser(ctx: CheckContext, port: number, username: string, password = PASSWORD): Promise<JsonParty> {
  const client = await connectClient(ctx, port, `${username}'s client`);
  await client.request(registerMessage(username, password), 'welcome', { username }, { why: 'a new username with a valid password registers and logs in (README step 3)' });
  return client;
}

/** Logs out and waits for the tracker's ok. */
export async function logout(client: JsonParty): Promise<void> {
  await client.request({ type: 'logout' }, 'ok', { re: 'logout' }, { why: 'logout is answered with ok, then the connection closes', skip: ['presence', 'incoming', 'session_ended', 'ping'] });
}

/** Sends a request and expects its reply, and says how long the reply took (milliseconds). */
export async function timedRequest(client: JsonParty, message: Message, replyType: string, fields: Message, options: ExpectOptions): Promise<{ reply: Message; ms: number }> {
  const began = performance.now();
  const reply = await client.request(message, replyType, fields, options);
  return { reply, ms: performance.now() - began };
}

/**
 * Connections for failed attempts. Each one takes at most four: the fifth failed register or login
 * closes a connection (PROTOCOL §4.2), which a check about something else must not run into.
 */
export class FailingClients {
  private current: JsonParty | undefined;
  private used = 0;
  private opened = 0;

  constructor(
    private readonly ctx: CheckContext,
    private readonly port: number,
    private readonly label = 'a guesser',
  ) {}

  /** The connection used last (for a request that is not meant to fail). */
  get latest(): JsonParty | undefined {
    return this.current;
  }

  /** A connection with room for one more failed attempt. */
  async next(): Promise<JsonParty> {
    if (!this.current || this.used >= MAX_ATTEMPTS_PER_CONNECTION - 1) {
      this.opened += 1;
      this.current = await connectClient(this.ctx, this.port, `${this.label} (connection ${this.opened})`);
      this.used = 0;
    }
    this.used += 1;
    return this.current;
  }
}
