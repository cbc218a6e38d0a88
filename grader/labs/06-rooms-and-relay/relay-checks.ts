// Lab 06's checks of the relay program (README step 6, PROTOCOL §3.6, §9.6). The grader mints the
// tokens a tracker would, plays both sides of every session, and forges what an attacker would.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import type { ScriptedSocket } from '../../engine/scripted-socket.ts';
import type { StudentProgram } from '../../engine/student-program.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { drawBytes, drawSession, expectPaired, expectRefused, joinRelay, mintToken, OTHER_SIDE, pairedSession, startRelay, validToken, VALID_FOR_MS, type Side } from './relay-moves.ts';

const PAIR_WHY = 'PROTOCOL §3.6: the relay pairs the caller and the callee of one session, tells both relay_paired, then copies every byte unchanged';
const TOKEN_WHY = 'PROTOCOL §3.6: only a token the tracker signed, unexpired, for a side not yet presented, may join; a relay that takes less lets anyone into a session';

/** Waits until the relay printed an event with these fields (in any order among others). */
async function relayEvent(ctx: CheckContext, relay: StudentProgram, name: string, fields: Record<string, unknown>, why: string, timeoutMs = 5_000): Promise<void> {
  const matches = () => relay.events.find((e) => e.event === name && Object.entries(fields).every(([key, value]) => e[key] === value));
  if (!(await ctx.watch.until(() => (matches() ? true : undefined), timeoutMs))) {
    fail({ expected: `your relay to print ${JSON.stringify({ event: name, ...fields })}`, got: `its ${name} events: ${relay.events.filter((e) => e.event === name).map((e) => JSON.stringify(e)).join(', ') || 'none'}`, why });
  }
}

/** Sends `bytes` in drawn pieces, as fast as the socket takes them. */
async function sendInPieces(ctx: CheckContext, socket: ScriptedSocket, bytes: Buffer): Promise<void> {
  for (let at = 0; at < bytes.length; ) {
    const size = Math.min(bytes.length - at, ctx.random.pick([1, 7, 1_000, 16_384, 65_536, 200_000]));
    if (!socket.sendQuietly(bytes.subarray(at, at + size))) await socket.drained();
    at += size;
  }
}

/** Reads exactly `expected` from `socket` and compares (by hash: the bytes can be megabytes). */
async function expectSame(socket: ScriptedSocket, expected: Buffer, what: string, why: string): Promise<void> {
  const got = await socket.readBytes(expected.length, { why, timeoutMs: 10_000 });
  if (!got.equals(expected)) {
    const at = got.findIndex((byte, i) => byte !== expected[i]);
    fail({ expected: `${what}: ${expected.length} bytes exactly as sent`, got: `different bytes from byte ${at} on (SHA-256 ${createHash('sha256').update(got).digest('hex').slice(0, 16)}…)`, why });
  }
}

interface Joined {
  session: string;
  side: Side;
  socket: ScriptedSocket;
  early: Buffer;
}

export const relayChecks: CheckDefinition[] = [
  {
    id: 'relay.pairs',
    step: 6,
    title: 'pairs the two sides of each session (two sessions joining interleaved), and copies every byte both ways, early bytes and half-close included; a reset closes both sides',
    hint: 'key the waiting connections by session and side; when both sides are there, send relay_paired to both, write each side\'s early bytes to the other, then pipe both ways (pipe ends the other side after a FIN; on an error, destroy the other side)',
    timeoutMs: 30_000,
    async run(ctx) {
      const { relay, port, secret } = await startRelay(ctx);
      const sessions = [drawSession(ctx.random), drawSession(ctx.random)];
      // The first two to join are of different sessions and sides: a relay that pairs any two that
      // wait, whatever their session, pairs those two. The other two come in a drawn order.
      const side = ctx.random.pick(['caller', 'callee'] as const);
      const order = [
        { session: sessions[0]!, side },
        { session: sessions[1]!, side: OTHER_SIDE[side] },
        ...shuffled(ctx.random, [{ session: sessions[0]!, side: OTHER_SIDE[side] }, { session: sessions[1]!, side }]),
      ];
      // Every join brings early bytes now and then; the first one always does.
      const joined: Joined[] = [];
      for (const [i, { session, side }] of order.entries()) {
        const early = i === 0 || ctx.random.chance(0.5) ? drawBytes(ctx.random, ctx.random.pick([1, 40, 3_000])) : Buffer.alloc(0);
        const waiting = joined.find((j) => j.session === session);
        if (waiting) {
          // The one waiting must have heard nothing yet: relay_paired comes when its partner is there.
          await ctx.waitOut(ctx.random.int(60, 160), 'a side that waits for its partner gets nothing until the partner joins');
          if (waiting.socket.unreadBytes > 0) fail({ expected: `nothing for the ${waiting.side} of ${session} while its partner is not there`, got: `${waiting.socket.unreadBytes} byte(s)`, why: PAIR_WHY });
        }
        joined.push({ session, side, socket: await joinRelay(ctx, port, validToken(secret, session, side), `the ${side} of ${session}`, early), early });
      }
      for (const j of joined) await expectPaired(j.socket, j.session, PAIR_WHY);
      const of = (session: string, side: Side) => joined.find((j) => j.session === session && j.side === side)!;
      // Each side of each session sends its own drawn bytes, all four at once.
      const sent = new Map(joined.map((j) => [j, drawBytes(ctx.random, ctx.random.pick([1, 5_000, 65_543, ctx.random.int(100_000, 400_000)]))]));
      await Promise.all([
        ...joined.map((j) => sendInPieces(ctx, j.socket, sent.get(j)!)),
        ...joined.map((j) => {
          const from = of(j.session, OTHER_SIDE[j.side]);
          return expectSame(j.socket, Buffer.concat([from.early, sent.get(from)!]), `what the ${from.side} of ${j.session} sent`, PAIR_WHY);
        }),
      ]);
      // Half-close in the first session: one side ends, the other still answers, then ends too.
      const first = sessions[0]!;
      const ender = of(first, ctx.random.pick(['caller', 'callee'] as const));
      const other = of(first, OTHER_SIDE[ender.side]);
      ender.socket.end();
      await other.socket.expectEnd({ why: 'PROTOCOL §3.6: when one side closes its sending half, the relay closes its sending half towards the other after the last byte' });
      const reply = drawBytes(ctx.random, ctx.random.int(1, 3_000));
      other.socket.sendQuietly(reply);
      await expectSame(ender.socket, reply, `what the ${other.side} sent after the ${ender.side} ended`, 'PROTOCOL §3.6: the other direction carries on until it ends too');
      other.socket.end();
      await ender.socket.expectEnd({ why: 'PROTOCOL §3.6: the second FIN is passed on too' });
      // The second session fails: one side's connection is reset, and the relay closes the other.
      const broken = of(sessions[1]!, ctx.random.pick(['caller', 'callee'] as const));
      broken.socket.reset();
      await of(sessions[1]!, OTHER_SIDE[broken.side]).socket.expectClosedByPeer({ why: `PROTOCOL §3.6: when one side's connection fails (here the ${broken.side} of ${sessions[1]} was reset), the relay closes both`, timeoutMs: 5_000 });
      const bytesOf = (side: Side) => of(first, side).early.length + sent.get(of(first, side))!.length + (other.side === side ? reply.length : 0);
      for (const session of sessions) await relayEvent(ctx, relay, 'paired', { session }, 'PROTOCOL §9.6: paired, when both sides are there');
      await relayEvent(ctx, relay, 'ended', { session: first, caller_bytes: bytesOf('caller'), callee_bytes: bytesOf('callee') }, 'PROTOCOL §9.6: ended, once both connections of a session have closed, with the bytes each side sent through');
    },
  },
  {
    id: 'relay.tokens',
    step: 6,
    title: 'refuses forged, altered, expired and malformed tokens with BAD_TOKEN (and a bad first line with its error), and never pairs them',
    hint: 'split the token into its four parts, check each part\'s form, recompute the HMAC over "SESSION.SIDE.EXPIRES" and compare with timingSafeEqual, then check EXPIRES against the clock',
    timeoutMs: 30_000,
    async run(ctx) {
      const { relay, port, secret } = await startRelay(ctx);
      const session = drawSession(ctx.random);
      const callee = await joinRelay(ctx, port, validToken(secret, session, 'callee'), `the callee of ${session}`);
      const expires = Date.now() + VALID_FOR_MS;
      const real = mintToken(secret, session, 'caller', expires);
      const [, , , mac = ''] = real.split('.');
      const flipAt = ctx.random.int(0, mac.length - 2); // the last character carries padding bits: not every change there shows
      const flipped = `${mac.slice(0, flipAt)}${mac[flipAt] === 'A' ? 'B' : 'A'}${mac.slice(flipAt + 1)}`;
      const otherSecret = Buffer.concat([secret.subarray(0, -1), Buffer.from(secret.at(-1) === 0x61 ? 'b' : 'a')]);
      const forgeries = shuffled<[string, string]>(ctx.random, [
        ['signed with another secret', mintToken(otherSecret, session, 'caller', expires)],
        ['one character of the MAC changed', `${session}.caller.${expires}.${flipped}`],
        ['the callee\'s MAC with the side changed to caller', `${session}.caller.${expires}.${validToken(secret, session, 'callee').split('.')[3]}`],
        ['a later expiry with the original MAC', `${session}.caller.${expires + ctx.random.int(1, 10_000_000)}.${mac}`],
        ['expired, correctly signed', mintToken(secret, session, 'caller', Date.now() - ctx.random.int(1, 60_000))],
        ['a side that does not exist, correctly signed', mintToken(secret, session, ctx.random.pick(['both', 'Caller', 'relay']), expires)],
        ['three parts, no MAC', `${session}.caller.${expires}`],
        ['five parts', `${real}.${mac}`],
      ]);
      for (const [what, token] of forgeries) {
        const forger = await joinRelay(ctx, port, token, `a forger (${what})`);
        await expectRefused(forger, 'BAD_TOKEN', `${TOKEN_WHY}: ${what}`);
      }
      const [line, code] = ctx.random.pick([
        ['{"type":"relay_join"}', 'BAD_MESSAGE'],
        [`{"type":"relay_join","token":${expires}}`, 'BAD_MESSAGE'],
        ['relay_join please', 'BAD_JSON'],
        [`{"type":"hello","token":"${real}"}`, 'UNKNOWN_TYPE'],
      ] as const);
      const confused = await ctx.connect(port, 'a confused client');
      confused.monitorAs('relay-to-peer');
      confused.send(`${line}\n`);
      await expectRefused(confused, code, `PROTOCOL §3.6: a first line that is not a valid relay_join gets the error of §2.4 (${code}) and the close`);
      if (callee.unreadBytes > 0) fail({ expected: 'nothing for the waiting callee while only forgers came', got: `${callee.unreadBytes} byte(s)`, why: TOKEN_WHY });
      // The real caller's relay_join comes in two reads: a line may be cut anywhere (PROTOCOL §2).
      const caller = await ctx.connect(port, `the caller of ${session}`);
      caller.monitorAs('relay-to-peer');
      const joinLine = Buffer.from(`${JSON.stringify({ type: 'relay_join', token: real })}\n`);
      const cut = ctx.random.int(1, joinLine.length - 1);
      caller.send(joinLine.subarray(0, cut), `(the first ${cut} bytes of relay_join)`);
      await ctx.waitOut(ctx.random.int(200, 400), 'the rest of the line comes in a later read');
      caller.send(joinLine.subarray(cut), '(the rest of relay_join)');
      await expectPaired(callee, session, `${TOKEN_WHY}; the callee waited for its real caller, whose relay_join came in two reads (PROTOCOL §2: a read may hold part of a line)`);
      await expectPaired(caller, session, PAIR_WHY);
      const hello = drawBytes(ctx.random, ctx.random.int(1, 500));
      caller.sendQuietly(hello);
      await expectSame(callee, hello, 'what the real caller sent', PAIR_WHY);
      await relayEvent(ctx, relay, 'refused', { code: 'BAD_TOKEN' }, 'PROTOCOL §9.6: a refused connection is a refused event');
    },
  },
  {
    id: 'relay.single-use',
    step: 6,
    title: 'a token is used once: the same side presented again, while waiting or after the session ended, is BAD_TOKEN',
    hint: 'remember "session.side" of every token presented until it expires; refuse one that is there already, and do not let it replace the connection that is waiting',
    timeoutMs: 30_000,
    async run(ctx) {
      const { relay, port, secret } = await startRelay(ctx);
      const session = drawSession(ctx.random);
      const first = ctx.random.pick(['caller', 'callee'] as const);
      const token = validToken(secret, session, first);
      const waiting = await joinRelay(ctx, port, token, `the ${first} of ${session}`);
      const copy = await joinRelay(ctx, port, token, `a second connection with the ${first}'s token`);
      await expectRefused(copy, 'BAD_TOKEN', `${TOKEN_WHY}: the ${first}'s token was presented already`);
      const partnerToken = validToken(secret, session, OTHER_SIDE[first]);
      const partner = await joinRelay(ctx, port, partnerToken, `the ${OTHER_SIDE[first]} of ${session}`);
      await expectPaired(waiting, session, `${PAIR_WHY}; the first connection of the ${first} is the one paired`);
      await expectPaired(partner, session, PAIR_WHY);
      const bytes = drawBytes(ctx.random, ctx.random.int(1, 2_000));
      partner.sendQuietly(bytes);
      await expectSame(waiting, bytes, `what the ${OTHER_SIDE[first]} sent`, PAIR_WHY);
      waiting.end();
      partner.end();
      await relayEvent(ctx, relay, 'ended', { session }, 'PROTOCOL §9.6: ended, once both connections have closed');
      const again = await joinRelay(ctx, port, ctx.random.chance(0.5) ? token : partnerToken, 'a connection with a token of the ended session');
      await expectRefused(again, 'BAD_TOKEN', `${TOKEN_WHY}: that session ended and its tokens were used`);
    },
  },
  {
    id: 'relay.cap',
    step: 6,
    title: 'at most --max-sessions sessions, waiting or paired: a new one beyond is RELAY_FULL; a session that ended makes room',
    hint: 'count the sessions you keep (waiting and paired); refuse a valid token of a new session when the count is at --max-sessions; a join for a session you keep is not new; forget a session when both its connections closed',
    timeoutMs: 30_000,
    async run(ctx) {
      const max = ctx.random.int(1, 3);
      const { relay, port, secret } = await startRelay(ctx, ['--max-sessions', String(max)]);
      // Session 0 waits (its callee comes later); the others are paired.
      const sessions = Array.from({ length: max }, () => drawSession(ctx.random));
      const sockets = new Map<string, ScriptedSocket[]>();
      for (const [i, session] of sessions.entries()) {
        const sides = i === 0 ? (['caller'] as const) : (['caller', 'callee'] as const);
        const joined: ScriptedSocket[] = [];
        for (const side of sides) joined.push(await joinRelay(ctx, port, validToken(secret, session, side), `the ${side} of session ${i + 1}`));
        if (i > 0) for (const socket of joined) await expectPaired(socket, session, PAIR_WHY);
        sockets.set(session, joined);
      }
      ctx.note(`${max} session(s) open: the first waiting for its callee, ${max - 1} paired`);
      const extra = drawSession(ctx.random);
      const refused = await joinRelay(ctx, port, validToken(secret, extra, ctx.random.pick(['caller', 'callee'] as const)), 'a side of one session too many');
      await expectRefused(refused, 'RELAY_FULL', `PROTOCOL §3.6: ${max} session(s) are open, waiting ones included: a new one is RELAY_FULL`);
      const lateCallee = await joinRelay(ctx, port, validToken(secret, sessions[0]!, 'callee'), 'the callee of session 1, which waited');
      await expectPaired(lateCallee, sessions[0]!, 'PROTOCOL §3.6: a join for a session the relay carries already is not a new session: it is paired, not refused');
      await expectPaired(sockets.get(sessions[0]!)![0]!, sessions[0]!, PAIR_WHY);
      sockets.get(sessions[0]!)!.push(lateCallee);
      const closing = ctx.random.pick(sessions);
      for (const socket of sockets.get(closing)!) socket.end();
      await relayEvent(ctx, relay, 'ended', { session: closing }, 'PROTOCOL §9.6: ended, once both connections have closed');
      await pairedSession(ctx, port, secret, 'PROTOCOL §3.6: a session stops counting when both its connections have closed: there is room again', ', after one ended');
    },
  },
  {
    id: 'relay.timeouts',
    step: 6,
    title: 'a side alone past --pair-timeout-ms, and a connection silent past --idle-timeout, get TIMEOUT and the close; the lone side\'s session then counts no more, and a paired session outlives the pair timeout',
    hint: 'start a timer when a session gets its first side and clear it when the second comes (a paired session has no pair timeout); one per connection until its relay_join; on expiry send error TIMEOUT, close, and forget the session',
    timeoutMs: 30_000,
    async run(ctx) {
      const pairMs = ctx.random.int(400, 900);
      const idleMs = ctx.random.int(400, 900);
      const { port, secret } = await startRelay(ctx, ['--max-sessions', '1', '--pair-timeout-ms', String(pairMs), '--idle-timeout', String(idleMs)]);
      const lonely = drawSession(ctx.random);
      const silent = await ctx.connect(port, 'a client that says nothing');
      silent.monitorAs('relay-to-peer');
      const began = performance.now();
      const alone = await joinRelay(ctx, port, validToken(secret, lonely, ctx.random.pick(['caller', 'callee'] as const)), `the only side of ${lonely}`);
      await expectRefused(alone, 'TIMEOUT', `PROTOCOL §3.6: a side waits for the other at most --pair-timeout-ms (${pairMs} ms here), then TIMEOUT and the close`);
      const waited = performance.now() - began;
      if (waited < pairMs * 0.8) fail({ expected: `TIMEOUT after about ${pairMs} ms`, got: `after ${Math.round(waited)} ms`, why: 'PROTOCOL §3.6: the side waits the whole --pair-timeout-ms for its partner' });
      await expectRefused(silent, 'TIMEOUT', `PROTOCOL §3.6: a connection that sends no relay_join within --idle-timeout (${idleMs} ms here) is closed with TIMEOUT`);
      const { caller, callee } = await pairedSession(ctx, port, secret, 'PROTOCOL §3.6: with --max-sessions 1, the timed-out session no longer counts: a new one is carried');
      // The pair timeout is for a side that waits: once paired, the session is carried past it.
      await ctx.waitOut(pairMs + ctx.random.int(200, 400), `longer than --pair-timeout-ms (${pairMs} ms) since the session was paired`);
      const why = 'PROTOCOL §3.6: the pair timeout bounds how long one side waits for the other; from relay_paired on, every byte one side sends reaches the other, unchanged, however long the session lasts';
      for (const [from, to, what] of shuffled(ctx.random, [[caller, callee, 'the caller'], [callee, caller, 'the callee']] as const)) {
        const bytes = drawBytes(ctx.random, ctx.random.int(1, 2_000));
        from.sendQuietly(bytes);
        await expectSame(to, bytes, `what ${what} sent after --pair-timeout-ms`, why);
      }
    },
  },
  {
    id: 'relay.backpressure',
    step: 6,
    title: 'a sender faster than its receiver is slowed down (the relay stops reading it): the relay\'s memory stays bounded, and every byte arrives',
    hint: 'never write to one side without listening to what write() returns: pipe() pauses the reading side while the writing side is full, and resumes on drain',
    timeoutMs: 40_000,
    async run(ctx) {
      const { relay, port, secret } = await startRelay(ctx);
      const { caller, callee } = await pairedSession(ctx, port, secret, PAIR_WHY, ' (the caller sends fast, the callee stops reading)');
      callee.pauseReading();
      const before = await residentBytes(relay);
      // 64 MiB offered as fast as the caller's socket takes them; a relay that keeps reading whatever
      // its receiver does not take holds nearly all of it in memory.
      const block = drawBytes(ctx.random, 1024 * 1024);
      const offered = 64;
      let written = 0;
      const deadline = performance.now() + 4_000;
      while (written < offered && performance.now() < deadline) {
        const piece = Buffer.from(block);
        piece.writeUInt32BE(written, 0);
        written += 1;
        if (!caller.sendQuietly(piece)) await Promise.race([caller.drained(), new Promise((resolve) => setTimeout(resolve, 500))]);
      }
      await ctx.waitOut(300, 'the relay has had time to read what it was going to read');
      const after = await residentBytes(relay);
      const grew = after - before;
      ctx.note(`the caller got ${written} MiB into its socket; your relay's resident memory went from ${mib(before)} to ${mib(after)} MiB`);
      if (grew > 24 * 1024 * 1024) {
        fail({ expected: 'the relay\'s memory to grow by a few MiB at most (it may hold 1 MiB of each direction, RELAY_MAX_BUFFERED_BYTES)', got: `it grew by ${mib(grew)} MiB while the callee read nothing`, why: 'PROTOCOL §3.6: a relay that reads a sender faster than the receiver takes the bytes keeps them in memory: one fast sender can exhaust it' });
      }
      callee.resumeReading();
      for (let i = 0; i < written; i += 1) {
        const piece = Buffer.from(block);
        piece.writeUInt32BE(i, 0);
        await expectSame(callee, piece, `MiB ${i + 1} of ${written}`, 'PROTOCOL §3.6: slowed down, never dropped: every byte arrives, in order');
      }
    },
  },
];

/**
 * The resident memory (VmRSS) of the program and every process under it, from /proc: under the batch
 * grader's sandbox the program is a child of the sandbox, not the process the grader started.
 */
async function residentBytes(program: StudentProgram): Promise<number> {
  const total = program.pid === undefined ? undefined : await treeResident(program.pid, 0);
  if (total === undefined) fail({ expected: 'to read the relay\'s memory from /proc', got: `no VmRSS for process ${program.pid}`, why: 'the grader measures the relay\'s memory while a receiver stops reading' });
  return total;
}

async function treeResident(pid: number, depth: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (kib === undefined) return undefined;
  let total = Number(kib) * 1024;
  if (depth > 4) return total;
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  for (const task of tasks) {
    const children = (await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')).split(' ').filter(Boolean);
    for (const child of children) total += (await treeResident(Number(child), depth + 1)) ?? 0;
  }
  return total;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
