// Lab 02's checks of README step 9: hostile and broken input is answered and survived, and the
// timers of PROTOCOL §4.2 drop exactly the connections they should.
import { setTimeout as pause } from 'node:timers/promises';
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { fail } from '../../engine/check-failure.ts';
import { drawUsername } from '../../engine/inputs/usernames.ts';
import { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { WRONG_TYPE_PORTS } from './credentials.ts';
import { connectClient, FAST_HASHING, loginMessage, PASSWORD, PEER_PORT, registerMessage, registerUser, startTracker } from './tracker-harness.ts';

export const robustChecks: CheckDefinition[] = [
  {
    id: 'robust.bad-json',
    step: 9,
    title: 'a line that is not JSON gets BAD_JSON, and the connection keeps working',
    hint: 'JSON.parse throws: catch it, answer BAD_JSON, carry on with the next line',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const client = await connectClient(ctx, port);
      client.socket.send('this is not json\n');
      await client.expectError('BAD_JSON', {}, { why: 'a broken line is the sender\'s problem: answer it, never crash' });
      await client.request({ type: 'ping' }, 'pong', {}, { why: 'the connection is still usable after an error' });
    },
  },
  {
    id: 'robust.unknown-type',
    step: 9,
    title: 'an unknown message type gets UNKNOWN_TYPE',
    hint: 'look the type up in the table of messages; anything else is UNKNOWN_TYPE',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const client = await connectClient(ctx, port);
      await client.request({ type: 'teleport', to: 'mars' }, 'error', { code: 'UNKNOWN_TYPE' }, { why: 'the client must learn that the tracker does not know this message' });
      await client.request({ type: 'ping' }, 'pong', {}, { why: 'the connection is still usable after an error' });
    },
  },
  {
    id: 'robust.bad-field',
    step: 9,
    title: 'a missing field, or one of the wrong JSON type ("80", null, true …), gets BAD_MESSAGE naming the field',
    hint: 'validate every field before using it (the kit\'s parseLine does it); a string where a number belongs is BAD_MESSAGE, not BAD_PORT, and null is not "absent"',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const client = await connectClient(ctx, port);
      const why = 'a message with a bad field must be refused clearly, not half-processed (PROTOCOL §2.4 and §3.3: a wrong JSON type is the program\'s bug, BAD_MESSAGE with its field)';
      const type = () => ctx.random.pick(['register', 'login']);
      await client.request({ type: 'register', username: 'alice', password: PASSWORD, port: '5555' }, 'error', { code: 'BAD_MESSAGE', field: 'port' }, { why });
      await client.request({ type: 'login', username: 'alice' }, 'error', { code: 'BAD_MESSAGE', field: 'password' }, { why });
      await client.request({ type: type(), username: 'alice', password: PASSWORD, port: ctx.random.pick(WRONG_TYPE_PORTS) }, 'error', { code: 'BAD_MESSAGE', field: 'port' }, { why });
      const field = ctx.random.pick(['username', 'password']);
      await client.request({ type: type(), username: 'alice', password: PASSWORD, port: PEER_PORT, [field]: ctx.random.pick<unknown>([42, null, false, ['alice'], {}]) }, 'error', { code: 'BAD_MESSAGE', field }, { why });
      await client.request(registerMessage('alice'), 'welcome', { username: 'alice' }, { why: 'the connection is still usable after errors' });
    },
  },
  {
    id: 'robust.wrong-state',
    step: 9,
    title: 'a request that needs a login, sent before it, gets WRONG_STATE',
    hint: 'keep the state of each connection (greeted, logged in) and check it before serving a request',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const client = await connectClient(ctx, port);
      await client.request({ type: 'logout' }, 'error', { code: 'WRONG_STATE' }, { why: 'nobody is logged in on this connection yet' });
      await client.request(registerMessage('alice'), 'welcome', { username: 'alice' }, { why: 'registering is what comes first' });
      await client.request(registerMessage('alice2'), 'error', { code: 'WRONG_STATE' }, { why: 'a connection logs in once' });
    },
  },
  {
    id: 'robust.long-frame',
    step: 9,
    title: `a line over ${MAX_LINE_BYTES} bytes gets FRAME_TOO_LARGE and the connection is closed`,
    hint: 'your Lab 01 decoder throws LineTooLongError: answer FRAME_TOO_LARGE, then close',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const client = await connectClient(ctx, port);
      client.socket.send('{"type":"ping","pad":"' + 'x'.repeat(MAX_LINE_BYTES + 10), '(no "\\n")');
      const why = 'an endless line would fill the tracker\'s memory; past the limit the connection is not worth keeping';
      await client.expectError('FRAME_TOO_LARGE', {}, { why });
      await client.socket.expectClosedByPeer({ why });
      const other = await connectClient(ctx, port, 'another client');
      await other.request(registerMessage('alice'), 'welcome', { username: 'alice' }, { why: 'the tracker keeps serving everyone else' });
    },
  },
  {
    id: 'robust.idle-timeout',
    step: 9,
    title: 'a client that does not log in within --idle-timeout gets TIMEOUT and is closed, even if it pings',
    hint: 'start a timer when the connection is accepted and clear it on login; a ping before login does not restart it',
    async run(ctx) {
      const idleMs = ctx.random.int(400, 700);
      const { port } = await startTracker(ctx, ['--idle-timeout', String(idleMs)]);
      const silent = await connectClient(ctx, port, 'a silent client');
      const pinger = await connectClient(ctx, port, 'a client that only pings');
      const why = 'every connection costs memory and a file descriptor; one that never logs in must not keep them';
      const pingWhy = 'PROTOCOL §4.2: the login timer runs from accept and is not reset by ping, or a client that pings could stay without logging in for ever';
      const began = performance.now();
      for (;;) {
        pinger.send({ type: 'ping' });
        const reply = await pinger.expectOneOf(['pong', 'error'], {}, { why: pingWhy, timeoutMs: idleMs * 3 });
        if (reply.type === 'error') {
          if (reply.code !== 'TIMEOUT') fail({ expected: 'error TIMEOUT', got: JSON.stringify(reply), why: pingWhy });
          break;
        }
        const waited = Math.round(performance.now() - began);
        if (waited > idleMs * 3) fail({ expected: `TIMEOUT about ${idleMs} ms after the connection opened`, got: `pongs, and no TIMEOUT after ${waited} ms of pings`, why: pingWhy });
        await pause(ctx.random.int(Math.round(idleMs / 5), Math.round(idleMs / 3)));
      }
      await pinger.socket.expectClosedByPeer({ why });
      await silent.expectError('TIMEOUT', {}, { why });
      await silent.socket.expectClosedByPeer({ why });
    },
  },
  {
    id: 'robust.heartbeat',
    step: 9,
    title: 'a logged-in peer that goes silent is dropped after --heartbeat-timeout',
    hint: 'once logged in, restart a timer on every line received; when it fires, say TIMEOUT and close',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--heartbeat-timeout', '600']);
      const silent = await registerUser(ctx, port, 'alice');
      const why = 'a peer whose machine died sends no FIN: only silence tells, and the roster must not keep it';
      await silent.expectError('TIMEOUT', {}, { why, timeoutMs: 4_000 });
      await silent.socket.expectClosedByPeer({ why });
      const back = await connectClient(ctx, port, "alice's new client");
      await back.request(loginMessage('alice'), 'welcome', { username: 'alice' }, { why: 'once dropped, the user can log in again' });
    },
  },
  {
    id: 'robust.heartbeat-alive',
    step: 9,
    title: 'a logged-in peer that keeps sending is never dropped, however long past --heartbeat-timeout',
    hint: 'the heartbeat counts from the last line received, not from the login: restart the timer on every line',
    async run(ctx) {
      const heartbeatMs = ctx.random.int(600, 900);
      const { port } = await startTracker(ctx, ['--heartbeat-timeout', String(heartbeatMs), ...FAST_HASHING]);
      const client = await registerUser(ctx, port, drawUsername(ctx.random));
      const why = `PROTOCOL §4.2: a logged-in peer is dropped after ${heartbeatMs} ms (--heartbeat-timeout) since the last line received; this one never went that long without sending`;
      const span = Math.round(heartbeatMs * 2.5);
      const [shortest, longest] = [Math.round(heartbeatMs / 5), Math.round(heartbeatMs / 3)];
      ctx.note(`for ${span} ms the client sends a ping (or a pong) every ${shortest} to ${longest} ms, without waiting for the answers`);
      const until = performance.now() + span;
      let pings = 0;
      while (performance.now() < until) {
        await pause(ctx.random.int(shortest, longest));
        if (ctx.random.chance(0.25)) {
          client.send({ type: 'pong' }, '(a pong nobody asked for: still a line received)');
        } else {
          client.send({ type: 'ping' });
          pings += 1;
        }
      }
      for (let i = 0; i < pings; i += 1) await client.expect('pong', {}, { why });
      await client.request({ type: 'ping' }, 'pong', {}, { why: 'and it is still logged in and served' });
    },
  },
  {
    id: 'robust.per-address-cap',
    step: 9,
    title: 'connections beyond --max-per-ip from one address get TOO_MANY_CONNECTIONS',
    hint: 'count open connections per remote address; refuse the one over the cap, and free the count on close',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--max-per-ip', '3']);
      const held = await Promise.all([1, 2, 3].map((i) => connectClient(ctx, port, `connection ${i}`)));
      const extra = await ctx.connect(port, 'connection 4');
      const party = new JsonParty(extra, 'tracker-to-peer');
      const why = 'one machine opening thousands of connections would starve everyone else';
      await party.expectError('TOO_MANY_CONNECTIONS', {}, { why });
      await extra.expectClosedByPeer({ why });
      held[0]?.socket.destroy();
      ctx.note('connection 1 closed: a place is free again');
      await ctx.waitOut(200, 'the tracker sees connection 1 close');
      await connectClient(ctx, port, 'connection 5');
      const again = new JsonParty(await ctx.connect(port, 'connection 6'), 'tracker-to-peer');
      const still = 'connections 2, 3 and 5 are open: the cap of 3 still holds after a place was freed and taken again';
      await again.expectError('TOO_MANY_CONNECTIONS', {}, { why: still });
      await again.socket.expectClosedByPeer({ why: still });
    },
  },
  {
    id: 'robust.keeps-serving',
    step: 9,
    title: 'a client sending garbage does not disturb a well-behaved one',
    hint: 'never let one connection\'s error escape into the server: answer it and keep going',
    async run(ctx) {
      const { tracker, port } = await startTracker(ctx);
      const vandal = await connectClient(ctx, port, 'a vandal');
      const good = await connectClient(ctx, port, 'a good client');
      const garbage = ['{', '[]', '"text"', 'null', '{"type":null}', '{"type":"register"}', '\u0000\u0001\u0002', '{"type":"login","username":1,"password":2,"port":3}', '\ud800'];
      for (const line of garbage) vandal.socket.send(`${line}\n`);
      await good.request(registerMessage('alice'), 'welcome', { username: 'alice' }, { why: 'the good client is served normally' });
      for (let i = 0; i < garbage.length; i += 1) await vandal.expect('error', {}, { why: 'each bad line gets an error reply' });
      await good.request({ type: 'ping' }, 'pong', {}, { why: 'and is still served after the garbage' });
      if (tracker.exit) fail({ expected: 'your tracker still running', got: tracker.state(), why: 'nothing a client sends may stop the tracker' });
    },
  },
  {
    id: 'robust.pipelined',
    step: 9,
    title: 'requests written all at once, in any chunking, are all answered in order',
    hint: 'a client may send many requests before reading any answer (PROTOCOL §2.2): queue them, and when you pause reading because the queue is long, resume it when the queue drains',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASHING);
      const client = await connectClient(ctx, port);
      // Up to just under the rate limit of §2.4 (100 messages a second): every one must be served.
      const count = ctx.random.int(33, 95);
      const requests = Array.from({ length: count }, (_, i) => ({ type: 'ping', id: i }));
      const bytes = Buffer.from(requests.map((r) => `${JSON.stringify(r)}\n`).join(''));
      const pieces = ctx.random.pick(['one write', 'random pieces'] as const);
      if (pieces === 'one write') client.socket.send(bytes, `(${count} pings in one write)`);
      else {
        for (let at = 0; at < bytes.length; ) {
          const size = ctx.random.int(1, 400);
          client.socket.send(bytes.subarray(at, at + size));
          at += size;
        }
      }
      const why = `PROTOCOL §2.2: a client may write many requests before reading; all ${count} are answered, one each, in their order`;
      for (let i = 0; i < count; i += 1) await client.expect('pong', { id: i }, { why });
      await client.request(registerMessage('alice'), 'welcome', { username: 'alice' }, { why: 'and the connection is still served after the burst' });
    },
  },
  {
    id: 'robust.later-request',
    step: 9,
    title: 'a valid request this tracker does not serve (a later lab\'s) gets an error naming it, and nothing else changes',
    hint: 'after login, a request your tracker has no handler for is WRONG_STATE with re and id (PROTOCOL §2.4): never treat it as another request',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASHING);
      const client = await registerUser(ctx, port, drawUsername(ctx.random));
      const later = ctx.random.pick([{ type: 'list' }, { type: 'lookup', username: 'bob' }, { type: 'sessions' }, { type: 'history' }, { type: 'whohas', names: ['a.txt'] }]);
      const why = 'PROTOCOL §2.4: a valid message the tracker cannot serve now is answered with an error that names it; the connection stays as it was';
      const answer = await client.request(later, 'error', { re: later.type }, { why, skip: ['ping'] });
      if (answer.code === 'UNKNOWN_TYPE') fail({ expected: `an error other than UNKNOWN_TYPE for ${later.type}`, got: JSON.stringify(answer), why: `${later.type} is in the protocol (§3.3): UNKNOWN_TYPE says it is not` });
      await client.request({ type: 'ping' }, 'pong', {}, { why: 'still logged in and served' });
      await client.request({ type: 'logout' }, 'ok', { re: 'logout' }, { why: 'and still logged in: logout works' });
    },
  },
  {
    id: 'robust.rate-limit',
    step: 9,
    title: 'more than 100 messages in one second: the extra ones get SLOW_DOWN with retry_after_ms, and after that wait requests are served again',
    hint: 'count the messages of each connection in fixed 1-second windows; past 100, drop the message and answer SLOW_DOWN with retry_after_ms = the time left in the window; start a new window when it ends',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASHING);
      const client = new JsonParty((await connectClient(ctx, port)).socket, 'tracker-to-peer', { probe: false });
      const count = 100 + ctx.random.int(20, 80);
      const burst = Array.from({ length: count }, (_, i) => `${JSON.stringify({ type: 'ping', id: i })}\n`).join('');
      client.socket.send(burst, `(${count} pings in one write)`);
      const why = `PROTOCOL §2.4: more than 100 messages in one 1-second window are each dropped and answered SLOW_DOWN with retry_after_ms; ${count} pings were written at once`;
      let slowDowns = 0;
      let wait = 0;
      for (let i = 0; i < count; i += 1) {
        const answer = await client.expectOneOf(['pong', 'error'], { id: i }, { why });
        if (answer.type === 'pong') continue;
        const retry = answer.retry_after_ms;
        if (answer.code !== 'SLOW_DOWN' || typeof retry !== 'number' || !Number.isInteger(retry) || retry < 1 || retry > 1_000) {
          fail({ expected: 'pong, or error SLOW_DOWN with retry_after_ms between 1 and 1000 (the rest of the window)', got: JSON.stringify(answer), why });
        }
        slowDowns += 1;
        wait = Math.max(wait, retry);
      }
      // The burst may straddle two windows: at most 200 get through, and never all of them.
      if (slowDowns < count - 200 || slowDowns === 0) fail({ expected: `at least ${Math.max(1, count - 200)} SLOW_DOWN among the ${count} answers`, got: `${slowDowns}`, why });
      await ctx.waitOut(wait + 100, `the tracker said to retry after ${wait} ms`);
      await client.request({ type: 'ping', id: 'after' }, 'pong', { id: 'after' }, { why: 'PROTOCOL §2.4: after retry_after_ms a retry can succeed: a new window has begun' });
    },
  },
  {
    id: 'robust.slow-line',
    step: 9,
    title: 'a line trickled a byte at a time that never ends gets TIMEOUT and the connection closed, logged in or not',
    hint: 'a complete line is what keeps a connection alive: when a line has started, time it, and when it is still incomplete after the timeout, send TIMEOUT and close',
    timeoutMs: 20_000,
    async run(ctx) {
      const idleMs = ctx.random.int(500, 800);
      const heartbeatMs = ctx.random.int(500, 800);
      const { port } = await startTracker(ctx, ['--idle-timeout', String(idleMs), '--heartbeat-timeout', String(heartbeatMs), ...FAST_HASHING]);
      // Both states in every run, trickling at the same time.
      const clients = [await registerUser(ctx, port, drawUsername(ctx.random)), await connectClient(ctx, port, 'a client that never logs in')];
      const limit = Math.max(idleMs, heartbeatMs);
      const why = `PROTOCOL §4.2: bytes of a line that never ends do not keep a connection alive, logged in or not; after --idle-timeout (${idleMs} ms) or --heartbeat-timeout (${heartbeatMs} ms) the tracker says TIMEOUT and closes`;
      const line = Buffer.from(`{"type":"ping","pad":"${'x'.repeat(2_000)}`);
      ctx.note(`both clients send a ping line one byte every ${Math.round(limit / 10)} to ${Math.round(limit / 6)} ms, and never its end, until the check ends`);
      // The trickle goes on while the check waits: a tracker must end the line's wait, not the silence after it.
      let trickling = true;
      const trickle = (async () => {
        for (let at = 0; trickling && at < line.length; at += 1) {
          for (const client of clients) if (!client.socket.closed && !client.socket.ended) client.socket.sendQuietly(line.subarray(at, at + 1));
          await pause(ctx.random.int(Math.round(limit / 10), Math.round(limit / 6)));
        }
      })();
      ctx.defer(async () => {
        trickling = false;
        await trickle;
      });
      for (const client of clients) {
        await client.expectError('TIMEOUT', {}, { why, timeoutMs: limit * 3 + 1_000 });
        await client.socket.expectClosedByPeer({ why });
      }
    },
  },
];
