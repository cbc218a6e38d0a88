// Lab 02's checks of the tracker's accounts (README steps 1–5 and 7): listening, the greeting,
// registration and its rules, password storage, login, and a restart.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fail } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsername, drawUsernames } from '../../engine/inputs/usernames.ts';
import { median } from '../../engine/median.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { badPorts, badUsernames, passwordOfCodePoints, usernameOfLength } from './credentials.ts';
import {
  connectClient, FailingClients, FAST_HASHING, loginMessage, logout, PASSWORD, PEER_PORT, registerMessage, registerUser, startTracker, timedRequest,
} from './tracker-harness.ts';

const RETRY_WHY = 'a taken username can be retried on the same connection (assignment A2, see docs/COURSE.md)';
const RULES_WHY = 'a distinct code lets the client ask again for exactly what was wrong (PROTOCOL §3.3: checked in the order username, password, port)';

/** scrypt cost for the timing of login.unknown-user: ~90 ms a hash, far above the noise of a reply. */
const TIMING_SCRYPT_N = 32_768;
/** Wrong-password logins and unknown-user logins measured, alternately. */
const TIMING_SAMPLES = 4;
/**
 * An unknown user may be answered this many times faster than a wrong password before it counts as a
 * tell. A tracker that hashes in both cases measures about 1; one that skips the hash for an unknown
 * name answers in a few milliseconds against ~90 (20 and more). Medians of alternating samples on one
 * tracker, so a busy machine slows both alike.
 */
const TIMING_RATIO = 3;

export const accountChecks: CheckDefinition[] = [
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
    // Step 3: there is nothing to serve 50 clients at once with before registration.
    step: 3,
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
    id: 'register.race',
    // Step 5: only a login can tell whose password the account kept.
    step: 5,
    title: 'the same new username registered on several connections at the same moment: exactly one gets in',
    hint: 'a check for "taken" before the slow hash is not enough: two registrations can both pass it; let the database decide (the primary key) and answer USERNAME_TAKEN when the insert finds the name taken',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASHING);
      const username = drawUsername(ctx.random);
      const racers = ctx.random.int(2, 5);
      const clients = await Promise.all(Array.from({ length: racers }, (_, i) => connectClient(ctx, port, `racer ${i + 1}`)));
      const passwords = clients.map((_, i) => `${PASSWORD} ${i + 1}`);
      // All the lines leave before any answer is read: the hashes overlap in the tracker.
      clients.forEach((client, i) => client.send(registerMessage(username, passwords[i])));
      const why = `PROTOCOL §3.3 register: a username belongs to one account; ${racers} registrations of ${username} at once must give exactly one welcome and USERNAME_TAKEN to the others`;
      const answers = await Promise.all(clients.map((client) => client.expectOneOf(['welcome', 'error'], {}, { why })));
      const winners = answers.flatMap((answer, i) => (answer.type === 'welcome' ? [i] : []));
      const wrong = answers.find((answer) => answer.type === 'error' && answer.code !== 'USERNAME_TAKEN');
      if (winners.length !== 1 || wrong) fail({ expected: `one welcome and ${racers - 1} USERNAME_TAKEN`, got: answers.map((a) => JSON.stringify(a)).join('\n'), why });
      const winner = winners[0]!;
      const check = await connectClient(ctx, port, 'a later client');
      const loser = passwords.findIndex((_, i) => i !== winner);
      await check.request(loginMessage(username, passwords[loser]), 'error', { code: 'AUTH_FAILED' }, { why: 'only the winner\'s password opens the account: a loser\'s hash must not have overwritten it', skip: ['ping'] });
      await clients[winner]!.request({ type: 'logout' }, 'ok', { re: 'logout' }, { why: 'the winner logs out' });
      await check.request(loginMessage(username, passwords[winner]), 'welcome', { username }, { why: 'the winner\'s password is the one stored' });
    },
  },
  {
    id: 'register.bad-input',
    step: 3,
    title: 'a bad username, password or port each get their own code, checked in that order, in register and login alike',
    hint: 'apply the rules of docs/PROTOCOL.md in order: the username pattern, the password length in code points ([...password].length), the port an integer from 1 to 65535',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASHING);
      const name = usernameOfLength(ctx.random, ctx.random.int(3, 12));
      const password = passwordOfCodePoints(ctx.random, ctx.random.int(8, 40));
      const short = passwordOfCodePoints(ctx.random, 7);
      const long = passwordOfCodePoints(ctx.random, 129);
      const [badName] = badUsernames(ctx.random);
      const [badPort] = badPorts(ctx.random);
      const cases = [
        ...badUsernames(ctx.random).map(({ name: bad, corner }) => ({ what: `a username with ${corner}`, fields: { username: bad, password, port: PEER_PORT }, code: 'BAD_USERNAME' })),
        { what: `a password of 7 code points (${short.length} UTF-16 units, ${Buffer.byteLength(short)} bytes)`, fields: { username: name, password: short, port: PEER_PORT }, code: 'BAD_PASSWORD' },
        { what: 'a password of 129 code points', fields: { username: name, password: long, port: PEER_PORT }, code: 'BAD_PASSWORD' },
        ...badPorts(ctx.random).map(({ port: bad, corner }) => ({ what: `a port ${corner} (${bad})`, fields: { username: name, password, port: bad }, code: 'BAD_PORT' })),
        { what: 'a bad username and a bad password', fields: { username: badName!.name, password: short, port: PEER_PORT }, code: 'BAD_USERNAME' },
        { what: 'a bad password and a bad port', fields: { username: name, password: long, port: badPort!.port }, code: 'BAD_PASSWORD' },
      ];
      const clients = new FailingClients(ctx, port, 'a client');
      for (const { what, fields, code } of shuffled(ctx.random, cases)) {
        const type = ctx.random.pick(['register', 'login']);
        const client = await clients.next();
        ctx.note(`${type} with ${what}`);
        await client.request({ type, ...fields }, 'error', { code }, { why: `${what}: ${RULES_WHY}` });
      }
      await clients.latest!.request(registerMessage(name, password), 'welcome', { username: name }, { why: 'errors do not end the connection' });
    },
  },
  {
    id: 'register.edge-ok',
    step: 3,
    title: 'the edges of the rules are accepted: names of 3 and 32 characters, passwords of 8 and 128 code points, ports 1, 65535 and 8e1',
    hint: 'a rule is a range with both ends included; count a password in code points ([...password].length), not UTF-16 units or bytes; a port is a number, however JSON writes it',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASHING);
      const why = 'PROTOCOL §1: usernames are 3–32 characters, passwords 8–128 code points (an emoji is one, so is a combining accent), ports 1–65535: refusing the edges locks out users the rules allow';
      const [low, high] = shuffled(ctx.random, [1, 65535]);
      const shortest = { username: usernameOfLength(ctx.random, 3), password: passwordOfCodePoints(ctx.random, 8), port: low! };
      const longest = { username: usernameOfLength(ctx.random, 32), password: passwordOfCodePoints(ctx.random, 128), port: high! };
      const first = await connectClient(ctx, port, `${shortest.username}'s client`);
      ctx.note(`a name of 3 characters, a password of 8 code points (${shortest.password.length} UTF-16 units), port ${low}`);
      await first.request({ type: 'register', ...shortest }, 'welcome', { username: shortest.username, port: low }, { why });
      const second = await connectClient(ctx, port, `${longest.username}'s client`);
      ctx.note(`a name of 32 characters, a password of 128 code points (${longest.password.length} UTF-16 units), port ${high}`);
      await second.request({ type: 'register', ...longest }, 'welcome', { username: longest.username, port: high }, { why });
      const written = ctx.random.pick(['8e1', '80.0', '8.0e1', '800e-1']);
      const third = await connectClient(ctx, port, 'a third client');
      const name = usernameOfLength(ctx.random, ctx.random.int(4, 31));
      third.socket.send(`{"type":"register","username":"${name}","password":${JSON.stringify(PASSWORD)},"port":${written},"id":7}\n`, `(the port written ${written}: the number 80)`);
      await third.expect('welcome', { username: name, port: 80, id: 7 }, { why: 'PROTOCOL §3.3: 80.0 and 8e1 are the number 80 and are accepted; a receiver parses JSON, it does not match text' });
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
      const { port } = await startTracker(ctx, FAST_HASHING);
      const name = usernameOfLength(ctx.random, ctx.random.int(3, 32));
      const password = passwordOfCodePoints(ctx.random, ctx.random.int(8, 128));
      await logout(await registerUser(ctx, port, name, password));
      const client = await connectClient(ctx, port, `${name}'s second client`);
      const newPort = ctx.random.int(1, 65535);
      await client.request(loginMessage(name, password, newPort), 'welcome', { username: name, port: newPort }, { why: 'a returning user logs in with the password they registered, and announces the port they listen on now' });
    },
  },
  {
    id: 'login.wrong-password',
    step: 5,
    title: 'a wrong password gets AUTH_FAILED',
    hint: 'compare hashes with crypto.timingSafeEqual; any mismatch is AUTH_FAILED',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASHING);
      const password = passwordOfCodePoints(ctx.random, ctx.random.int(10, 100));
      await registerUser(ctx, port, 'alice', password);
      const near = ctx.random.pick([
        { guess: `${password}${ctx.random.pick(['!', 'a', '1', ' '])}`, what: 'the password and one more character' },
        { guess: [...password].slice(0, -1).join(''), what: 'the password without its last character' },
        { guess: `${ctx.random.pick(['x', '9', '#'])}${[...password].slice(1).join('')}`, what: 'the password with its first character changed' },
      ]);
      const client = await connectClient(ctx, port, 'a guesser');
      ctx.note(`the guesser tries ${near.what}`);
      await client.request(loginMessage('alice', near.guess), 'error', { code: 'AUTH_FAILED' }, { why: 'only the right password logs in: compare the whole derived key, not a part of it' });
      await client.request(loginMessage('alice', 'not the password'), 'error', { code: 'AUTH_FAILED' }, { why: 'only the right password logs in' });
    },
  },
  {
    id: 'login.unknown-user',
    step: 5,
    title: 'an unknown username gets the very same error as a wrong password, and takes about as long',
    hint: 'answer "unknown user" and "wrong password" with one code and one message, after one scrypt either way: when the user does not exist, verify against a decoy hash',
    hints: [
      'a reply that comes in 1 ms for an unknown name and in 90 ms for a known one tells a guesser which names exist, whatever the reply says',
      'hash a decoy password once (at the same cost as real ones) and verify unknown users against it',
    ],
    timeoutMs: 45_000,
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--scrypt-n', String(TIMING_SCRYPT_N)]);
      const [alice, bob, ...strangers] = drawUsernames(ctx.random, 2 + TIMING_SAMPLES);
      for (const name of [alice!, bob!]) await registerUser(ctx, port, name);
      ctx.note(`your tracker hashes with --scrypt-n ${TIMING_SCRYPT_N}; now ${TIMING_SAMPLES} wrong passwords for ${alice} and ${bob} (two each, not enough to lock) and ${TIMING_SAMPLES} unknown names, alternately`);
      const clients = new FailingClients(ctx, port);
      const known: number[] = [];
      const unknown: number[] = [];
      let message: unknown;
      const why = 'if the replies differ, anyone can find out which usernames exist, half the work of guessing an account';
      for (let i = 0; i < TIMING_SAMPLES; i += 1) {
        const knownName = i % 2 === 0 ? alice! : bob!;
        const pair = [
          async () => {
            const { reply, ms } = await timedRequest(await clients.next(), loginMessage(knownName, `wrong guess ${i}`), 'error', { code: 'AUTH_FAILED', ...(message === undefined ? {} : { message }) }, { why });
            message = reply.message;
            known.push(ms);
          },
          async () => {
            const fields = { code: 'AUTH_FAILED', ...(message === undefined ? {} : { message }) };
            const { reply, ms } = await timedRequest(await clients.next(), loginMessage(strangers[i]!, `wrong guess ${i}`), 'error', fields, { why });
            message = reply.message;
            unknown.push(ms);
          },
        ];
        for (const attempt of ctx.random.chance(0.5) ? pair : pair.reverse()) await attempt();
      }
      const knownMs = Math.round(median(known));
      const unknownMs = Math.round(median(unknown));
      ctx.note(`wrong password: ${known.map(Math.round).join(', ')} ms (median ${knownMs}); unknown name: ${unknown.map(Math.round).join(', ')} ms (median ${unknownMs})`);
      if (unknownMs * TIMING_RATIO < knownMs) {
        fail({
          expected: `an unknown username to be answered about as slowly as a wrong password (at least 1/${TIMING_RATIO} as long)`,
          got: `${unknownMs} ms for an unknown name against ${knownMs} ms for a wrong password (medians of ${TIMING_SAMPLES})`,
          why: 'the time of a reply tells as much as its text: an instant AUTH_FAILED says "no such user" (README step 5)',
        });
      }
    },
  },
  {
    id: 'login.already-online',
    step: 5,
    title: 'logging in while already logged in elsewhere gets ALREADY_ONLINE; after a logout, logging in again works at once, and only once',
    hint: 'after the password is verified, refuse the login if the user is in the online set; take a user out of the set only for the connection that put them in (an old connection closing late must not take out the new one)',
    async run(ctx) {
      const { port } = await startTracker(ctx, FAST_HASHING);
      const username = drawUsername(ctx.random);
      const first = await registerUser(ctx, port, username);
      const second = await connectClient(ctx, port, `${username}'s second client`);
      await second.request(loginMessage(username), 'error', { code: 'ALREADY_ONLINE' }, { why: 'one user is one peer: two connections would make every lookup ambiguous' });
      // Log out, and log in again before the first connection has even closed.
      await first.request({ type: 'logout' }, 'ok', { re: 'logout' }, { why: 'logout is answered ok' });
      await second.request(loginMessage(username), 'welcome', { username }, { why: 'PROTOCOL §3.3 logout: once the ok is sent the user is offline, so logging in again at once works' });
      await first.socket.expectClosedByPeer({ why: 'after the ok to logout the tracker closes the connection' });
      first.socket.end();
      await ctx.waitOut(ctx.random.int(300, 600), 'the first connection is now closed both ways, after the second logged in');
      const third = await connectClient(ctx, port, `${username}'s third client`);
      await third.request(loginMessage(username), 'error', { code: 'ALREADY_ONLINE' }, { why: `${username} is online on the second connection: the first one closing late must not have taken them out of the online set` });
      await second.request({ type: 'ping' }, 'pong', {}, { why: 'the second connection is still logged in and served' });
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
];
