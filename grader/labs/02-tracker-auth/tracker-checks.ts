// Lab 02's checks of the tracker (README steps 1–7 and 9), played by scripted clients.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { fail } from '../../engine/check-failure.ts';
import { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { connectClient, loginMessage, logout, PASSWORD, registerMessage, registerUser, startTracker } from './tracker-harness.ts';

const RETRY_WHY = 'the seed asks that a taken username can be retried on the same connection';
const LOCK_MS = 1_500;

export const trackerChecks: CheckDefinition[] = [
  {
    id: 'tracker.ready',
    step: 1,
    title: 'listens, and its ready event names a port that accepts connections',
    hint: 'listen on --port (0 lets the system choose) and --host, then emit ready with server.address().port',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      await ctx.connect(port, 'a client');
    },
  },
  {
    id: 'tracker.many-clients',
    step: 1,
    title: '50 clients registering at the same time all succeed',
    hint: 'keep everything about one client in its own connection object; never block the event loop while serving one',
    timeoutMs: 30_000,
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const clients = await Promise.all(Array.from({ length: 50 }, (_, i) => connectClient(ctx, port, `client ${i + 1}`)));
      ctx.note('all 50 clients send register at once');
      clients.forEach((client, i) => client.send(registerMessage(`user${i + 1}`)));
      const why = 'a tracker serves many peers at once: one slow registration must not hold up the others';
      await Promise.all(clients.map((client, i) => client.expect('welcome', { username: `user${i + 1}` }, { timeoutMs: 15_000, why })));
    },
  },
  {
    id: 'greeting.hello',
    step: 2,
    title: 'greets every new connection and asks: new or returning?',
    hint: 'send the hello message as soon as a connection is accepted, before the client says anything',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const client = await connectClient(ctx, port);
      const hello = client.received[0] ?? {};
      const options = Array.isArray(hello.options) ? hello.options : [];
      if (!options.includes('register') || !options.includes('login')) {
        fail({ expected: 'hello with options ["register","login"]', got: JSON.stringify(hello), why: 'the options tell the client which answers exist: register (new) or login (returning)' });
      }
    },
  },
  {
    id: 'register.ok',
    step: 3,
    title: 'registers a new user and welcomes them with the address it saw',
    hint: 'after a successful register, reply welcome with the username, the host the connection came from and the announced port',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const client = await connectClient(ctx, port);
      await client.request(registerMessage('alice', PASSWORD, 6001), 'welcome', { username: 'alice', host: '127.0.0.1', port: 6001 }, { why: 'welcome tells the peer it is logged in and how the tracker sees it' });
    },
  },
  {
    id: 'register.taken-retry',
    step: 3,
    title: 'a taken username gets USERNAME_TAKEN, and a retry on the same connection works',
    hint: 'check whether the name exists (or let the database refuse a duplicate) and keep the connection open after the error',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      await registerUser(ctx, port, 'alice');
      const client = await connectClient(ctx, port, "bob's client");
      await client.request(registerMessage('alice'), 'error', { code: 'USERNAME_TAKEN' }, { why: RETRY_WHY });
      await client.request(registerMessage('bob'), 'welcome', { username: 'bob' }, { why: RETRY_WHY });
    },
  },
  {
    id: 'register.bad-input',
    step: 3,
    title: 'a bad username, password or port each get their own error code',
    hint: 'apply the rules of docs/PROTOCOL.md in order: username pattern, password length, port range',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const client = await connectClient(ctx, port);
      const why = 'a distinct code lets the client ask again for exactly what was wrong';
      await client.request(registerMessage('Alice!'), 'error', { code: 'BAD_USERNAME' }, { why });
      await client.request(registerMessage('alice', 'short'), 'error', { code: 'BAD_PASSWORD' }, { why });
      await client.request(registerMessage('alice', PASSWORD, 70000), 'error', { code: 'BAD_PORT' }, { why });
      await client.request(registerMessage('alice'), 'welcome', { username: 'alice' }, { why: 'errors do not end the connection' });
    },
  },
  {
    id: 'passwords.not-plain',
    step: 4,
    title: 'the database files never contain the password, in plain text or merely encoded',
    hint: 'store only a salted scrypt hash; base64 or hex of the password is an encoding, not a hash',
    async run(ctx) {
      const run = await startTracker(ctx);
      const secret = 'Zebra-Quokka-7731!';
      const client = await registerUser(ctx, run.port, 'alice', secret);
      await logout(client);
      const again = await connectClient(ctx, run.port, "alice's second client");
      await again.request(loginMessage('alice', secret), 'welcome', { username: 'alice' }, { why: 'the password must still work' });
      await run.tracker.stop();
      ctx.note('stopped your tracker and read every file next to the database');
      const folder = dirname(run.db);
      const files = await readdir(folder);
      const bytes = Buffer.concat(await Promise.all(files.map((name) => readFile(join(folder, name)))));
      if (!bytes.includes(Buffer.from('alice'))) {
        fail({ expected: `the account "alice" stored in ${files.join(', ') || 'the --db file'}`, got: 'no trace of the username in any file', why: 'accounts must be kept in the SQLite file named by --db (README step 7)' });
      }
      const forms: Array<[string, Buffer]> = [
        ['plain text', Buffer.from(secret)],
        ['UTF-16', Buffer.from(secret, 'utf16le')],
        ['base64', Buffer.from(Buffer.from(secret).toString('base64'))],
        ['hex', Buffer.from(Buffer.from(secret).toString('hex'))],
      ];
      for (const [form, needle] of forms) {
        if (bytes.includes(needle)) {
          fail({ expected: 'no trace of the password', got: `the password in ${form} in the database files`, why: 'whoever copies the database file would read every password; a hash cannot be turned back' });
        }
      }
    },
  },
  {
    id: 'passwords.not-blocking',
    step: 4,
    title: 'hashing does not block: a ping is answered while passwords are being hashed',
    hint: 'use the callback (or promise) form of crypto.scrypt, which runs on a worker thread; scryptSync stops the whole tracker',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const hashing = await Promise.all(Array.from({ length: 6 }, (_, i) => connectClient(ctx, port, `client ${i + 1}`)));
      const pinger = await connectClient(ctx, port, 'the pinger');
      ctx.note('6 clients register at once, and right after that the pinger sends ping');
      hashing.forEach((client, i) => client.send(registerMessage(`user${i + 1}`)));
      pinger.send({ type: 'ping' });
      const why = 'while one password is hashed, every other peer must still be served; a blocking hash freezes them all';
      await pinger.expect('pong', {}, { why });
      const early = hashing.filter((client) => client.socket.unreadBytes > 0).length;
      if (early > 0) {
        fail({ expected: 'the pong before any welcome', got: `${early} welcome(s) arrived before the pong`, why });
      }
      await Promise.all(hashing.map((client, i) => client.expect('welcome', { username: `user${i + 1}` }, { timeoutMs: 10_000, why: 'every registration completes' })));
    },
  },
  {
    id: 'login.ok',
    step: 5,
    title: 'a registered user logs in on a new connection',
    hint: 'look the user up, verify the password against the stored hash, reply welcome',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      await logout(await registerUser(ctx, port, 'alice'));
      const client = await connectClient(ctx, port, "alice's second client");
      await client.request(loginMessage('alice', PASSWORD, 6002), 'welcome', { username: 'alice', port: 6002 }, { why: 'a returning user logs in with the password they registered' });
    },
  },
  {
    id: 'login.wrong-password',
    step: 5,
    title: 'a wrong password gets AUTH_FAILED',
    hint: 'compare hashes with crypto.timingSafeEqual; any mismatch is AUTH_FAILED',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      await registerUser(ctx, port, 'alice');
      const client = await connectClient(ctx, port, 'a guesser');
      await client.request(loginMessage('alice', 'not the password'), 'error', { code: 'AUTH_FAILED' }, { why: 'only the right password logs in' });
    },
  },
  {
    id: 'login.unknown-user',
    step: 5,
    title: 'an unknown username gets the very same error as a wrong password',
    hint: 'answer "unknown user" and "wrong password" with one code and one message',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      await registerUser(ctx, port, 'alice');
      const client = await connectClient(ctx, port, 'a guesser');
      const wrong = await client.request(loginMessage('alice', 'not the password'), 'error', { code: 'AUTH_FAILED' }, { why: 'wrong password' });
      const why = 'if the replies differ, anyone can find out which usernames exist, half the work of guessing an account';
      await client.request(loginMessage('nobody', 'not the password'), 'error', { code: 'AUTH_FAILED', message: wrong.message }, { why });
    },
  },
  {
    id: 'login.already-online',
    step: 5,
    title: 'logging in while already logged in elsewhere gets ALREADY_ONLINE',
    hint: 'after the password is verified, refuse the login if the user is in the online set',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      await registerUser(ctx, port, 'alice');
      const second = await connectClient(ctx, port, "alice's second client");
      await second.request(loginMessage('alice'), 'error', { code: 'ALREADY_ONLINE' }, { why: 'one user is one peer: two connections would make every lookup ambiguous' });
    },
  },
  {
    id: 'lockout.locks',
    step: 6,
    title: 'after 3 failures in a row even the right password gets LOCKED, with retry_after_ms',
    hint: 'count consecutive failures per username; on the 3rd, remember until when it is locked',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--lockout-ms', '60000']);
      await logout(await registerUser(ctx, port, 'alice'));
      const guesser = await connectClient(ctx, port, 'a guesser');
      for (let i = 1; i <= 3; i += 1) {
        await guesser.request(loginMessage('alice', `wrong guess ${i}`), 'error', { code: 'AUTH_FAILED' }, { why: `failure ${i} of 3 is still answered AUTH_FAILED` });
      }
      const owner = await connectClient(ctx, port, "alice's client");
      const locked = await owner.request(loginMessage('alice'), 'error', { code: 'LOCKED' }, { why: 'three failures in a row lock the username, whoever tries next' });
      const retry = locked.retry_after_ms;
      if (typeof retry !== 'number' || retry <= 0 || retry > 60_000) {
        fail({ expected: 'retry_after_ms between 1 and 60000', got: JSON.stringify(locked), why: 'the user must be told when to try again' });
      }
    },
  },
  {
    id: 'lockout.expires',
    step: 6,
    title: 'the lock ends after the cooldown (--lockout-ms)',
    hint: 'store the time the lock ends, not a flag: once that time has passed the username is free again',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--lockout-ms', String(LOCK_MS)]);
      await logout(await registerUser(ctx, port, 'alice'));
      const guesser = await connectClient(ctx, port, 'a guesser');
      for (let i = 1; i <= 3; i += 1) await guesser.request(loginMessage('alice', `wrong guess ${i}`), 'error', { code: 'AUTH_FAILED' }, { why: 'a failed login' });
      const owner = await connectClient(ctx, port, "alice's client");
      await owner.request(loginMessage('alice'), 'error', { code: 'LOCKED' }, { why: 'locked after three failures' });
      await ctx.waitOut(LOCK_MS + 300, `the lock lasts --lockout-ms ${LOCK_MS}`);
      await owner.request(loginMessage('alice'), 'welcome', { username: 'alice' }, { why: 'a lock that never ends locks the owner out for good' });
    },
  },
  {
    id: 'lockout.success-resets',
    step: 6,
    title: 'a successful login resets the count of failures',
    hint: 'the failures must be consecutive: forget the count when the right password arrives',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--lockout-ms', '60000']);
      await logout(await registerUser(ctx, port, 'alice'));
      for (const round of [1, 2]) {
        const client = await connectClient(ctx, port, `alice's client, round ${round}`);
        for (let i = 1; i <= 2; i += 1) await client.request(loginMessage('alice', `typo number ${i}`), 'error', { code: 'AUTH_FAILED' }, { why: 'a typo' });
        await client.request(loginMessage('alice'), 'welcome', { username: 'alice' }, { why: 'two typos then the right password: not three in a row, so no lock' });
        await logout(client);
      }
    },
  },
  {
    id: 'lockout.connection-attempts',
    step: 6,
    title: 'the 5th failed attempt on one connection is answered, then TOO_MANY_ATTEMPTS and the connection closes',
    hint: 'count every error reply to register or login on the connection; after the 5th, say TOO_MANY_ATTEMPTS and close',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--lockout-ms', '60000']);
      const guesser = await connectClient(ctx, port, 'a guesser');
      const why = 'a per-username lockout does not stop one connection from guessing many usernames';
      for (let i = 1; i <= 5; i += 1) {
        await guesser.request(loginMessage(`user${i}`, 'a wrong guess'), 'error', { code: 'AUTH_FAILED' }, { why: `attempt ${i} is answered` });
      }
      await guesser.expectError('TOO_MANY_ATTEMPTS', {}, { why });
      await guesser.socket.expectClosedByPeer({ why });
    },
  },
  {
    id: 'store.restart',
    step: 7,
    title: 'accounts survive a restart of the tracker on the same database',
    hint: 'keep users in the SQLite file given by --db, and create the table only if it does not exist',
    async run(ctx) {
      const first = await startTracker(ctx);
      await logout(await registerUser(ctx, first.port, 'alice'));
      await first.tracker.stop();
      ctx.note('stopped your tracker; starting it again on the same database');
      const second = await startTracker(ctx, [], first.db);
      const client = await connectClient(ctx, second.port, "alice's client");
      await client.request(loginMessage('alice'), 'welcome', { username: 'alice' }, { why: 'a tracker that forgets its users on restart makes everyone register again' });
    },
  },
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
    title: 'a missing or wrongly typed field gets BAD_MESSAGE naming the field',
    hint: 'validate every field before using it (the kit\'s parseLine does it); reply with the field it names',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const client = await connectClient(ctx, port);
      const why = 'a message with a bad field must be refused clearly, not half-processed';
      await client.request({ type: 'register', username: 'alice', password: PASSWORD, port: '5555' }, 'error', { code: 'BAD_MESSAGE', field: 'port' }, { why });
      await client.request({ type: 'login', username: 'alice' }, 'error', { code: 'BAD_MESSAGE', field: 'password' }, { why });
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
    title: 'a client that connects and says nothing gets TIMEOUT and is closed (--idle-timeout)',
    hint: 'start a timer when the connection is accepted and clear it on login',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--idle-timeout', '400']);
      const client = await connectClient(ctx, port, 'a silent client');
      const why = 'every connection costs memory and a file descriptor; one that never logs in must not keep them';
      await client.expectError('TIMEOUT', {}, { why });
      await client.socket.expectClosedByPeer({ why });
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
];

