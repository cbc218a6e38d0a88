// The moves of Lab 06's relay checks (README step 6, PROTOCOL §3.6): the student's relay started with
// a drawn secret, tokens minted the way a tracker would (the grader's own HMAC, not the student's),
// and scripted sides that join, wait for relay_paired, and then speak raw bytes.
import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { JsonParty } from '../../engine/json-party.ts';
import type { ScriptedSocket } from '../../engine/scripted-socket.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { StudentProgram } from '../../engine/student-program.ts';

export const RELAY_FILE = 'relay.ts';
export type Side = 'caller' | 'callee';
export const OTHER_SIDE: Record<Side, Side> = { caller: 'callee', callee: 'caller' };
/** Tokens the grader mints are valid this long: far beyond any check. */
export const VALID_FOR_MS = 120_000;

export interface RelayRun {
  relay: StudentProgram;
  port: number;
  secret: Buffer;
}

/** Starts the student's relay with a drawn secret in a file (with or without a trailing newline). */
export async function startRelay(ctx: CheckContext, extra: string[] = []): Promise<RelayRun> {
  const secret = Buffer.from(Array.from({ length: ctx.random.int(16, 48) }, () => ctx.random.pick([...'abcdefghijklmnopqrstuvwxyz0123456789+/=_-'])).join(''));
  const file = join(await ctx.tempDir(), 'relay-secret');
  await writeFile(file, ctx.random.chance(0.5) ? Buffer.concat([secret, Buffer.from('\n')]) : secret);
  ctx.note(`the relay's secret is ${secret.length} bytes (${JSON.stringify(secret.toString())}), in ${file}`);
  const relay = await ctx.start(RELAY_FILE, ['--port', '0', '--secret-file', file, ...extra], 'your relay');
  const ready = await relay.ready();
  if (typeof ready.port !== 'number' || !Number.isInteger(ready.port) || ready.port < 1) {
    fail({ expected: 'a ready event like {"event":"ready","host":"127.0.0.1","port":40123}', got: JSON.stringify(ready), why: 'with --port 0 the system picks the port, so the ready event is the only way to learn it' });
  }
  return { relay, port: ready.port, secret };
}

/** PROTOCOL §3.6: SESSION.SIDE.EXPIRES.MAC, the MAC over the first three parts. */
export function mintToken(secret: Buffer, session: string, side: string, expiresAt: number): string {
  const signed = `${session}.${side}.${expiresAt}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

export function validToken(secret: Buffer, session: string, side: Side): string {
  return mintToken(secret, session, side, Date.now() + VALID_FOR_MS);
}

/** A session id from the space of §3 tokens: letters, digits, "_" and "-". */
export function drawSession(random: Random): string {
  const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'];
  return `s-${Array.from({ length: random.int(4, 22) }, () => random.pick(alphabet)).join('')}`;
}

/** Bytes of every value, newlines and JSON-looking text among them: a relay must not care. */
export function drawBytes(random: Random, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = random.int(0, 255);
  if (size > 30) bytes.write('{"type":"relay_join"}\n', random.int(0, size - 25));
  return bytes;
}

/** Connects to the relay and sends relay_join, with `early` bytes in the same write. */
export async function joinRelay(ctx: CheckContext, port: number, token: string, label: string, early: Buffer = Buffer.alloc(0)): Promise<ScriptedSocket> {
  const socket = await ctx.connect(port, label);
  socket.monitorAs('relay-to-peer');
  socket.send(Buffer.concat([Buffer.from(`${JSON.stringify({ type: 'relay_join', token })}\n`), early]), early.length > 0 ? `(relay_join, then ${early.length} bytes of the session at once)` : '');
  return socket;
}

/** The relay's side of the first lines, read by the grader's JSON layer (no probes: no more lines follow). */
function relayLines(socket: ScriptedSocket): JsonParty {
  return new JsonParty(socket, 'relay-to-peer', { probe: false });
}

export async function expectPaired(socket: ScriptedSocket, session: string, why: string): Promise<void> {
  await relayLines(socket).expect('relay_paired', { session }, { why, timeoutMs: 5_000 });
}

/** An error line with `code`, then the relay closes the connection. */
export async function expectRefused(socket: ScriptedSocket, code: string, why: string): Promise<void> {
  await relayLines(socket).expectError(code, {}, { why, timeoutMs: 5_000 });
  await socket.expectClosedByPeer({ why: `${why}; a refused connection is closed (PROTOCOL §3.6)`, timeoutMs: 5_000 });
}

/** A fresh session whose caller, then callee, join and are both told relay_paired. */
export async function pairedSession(ctx: CheckContext, port: number, secret: Buffer, why: string, who = ''): Promise<{ session: string; caller: ScriptedSocket; callee: ScriptedSocket }> {
  const session = drawSession(ctx.random);
  const caller = await joinRelay(ctx, port, validToken(secret, session, 'caller'), `the caller of ${session}${who}`);
  const callee = await joinRelay(ctx, port, validToken(secret, session, 'callee'), `the callee of ${session}${who}`);
  await expectPaired(caller, session, why);
  await expectPaired(callee, session, why);
  return { session, caller, callee };
}
