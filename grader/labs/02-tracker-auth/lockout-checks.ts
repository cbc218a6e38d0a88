// Lab 02's checks of README step 6 (PROTOCOL §4.2): consecutive failures of a username, known or
// not, are each told how many tries are left (attempts_left 2, then 1); the 3rd locks the name for
// --lockout-ms and is answered LOCKED with the whole lock at once; LOCKED does not extend the lock;
// success and the end of the lock start the count again; and every connection has a budget of five
// failed attempts.
import { LOCKOUT_FAILURES } from '#kit/protocol/limits.ts';
import { fail, withHint } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsername, drawUsernames } from '../../engine/inputs/usernames.ts';
import type { JsonParty, Message } from '../../engine/json-party.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { badPorts, badUsernames, passwordOfCodePoints } from './credentials.ts';
import { connectClient, FAST_HASHING, loginMessage, logout, PASSWORD, PEER_PORT, registerMessage, registerUser, startTracker } from './tracker-harness.ts';

const LOCK_WHY = 'three failures in a row lock the username, whoever tries next (PROTOCOL §4.2)';
const LEFT_WHY = 'PROTOCOL §4.2: every failed login before the limit is AUTH_FAILED with attempts_left, the failures the name can still take before the lock';
const LEFT_HINT = 'answer a failed login with attempts_left = 3 − the failures of that name so far (2, then 1), counted per name, names without an account alike';
/**
 * The LOCKED of the failure that locks says the whole lock; it may be short by the time the tracker
 * took between starting the lock and writing the reply, never by more than this.
 */
const ANSWER_SLACK_MS = 1_000;

/** Fails unless a LOCKED reply says when to retry: 1 ms to the whole lock. */
function expectRetryWithin(locked: Message, lockMs: number): number {
  const retry = locked.retry_after_ms;
  if (typeof retry !== 'number' || retry <= 0 || retry > lockMs) {
    fail({ expected: `retry_after_ms between 1 and ${lockMs} (--lockout-ms)`, got: JSON.stringify(locked), why: 'the user must be told when to try again: the time left of the lock' });
  }
  return retry;
}

/** A wrong password (drawn: it holds an emoji, so it is never the right one). */
function wrongLogin(random: Random, username: string): Message {
  return loginMessage(username, passwordOfCodePoints(random, random.int(8, 24)));
}

/** A failed login that is not the one that locks: AUTH_FAILED with `left` tries left. */
async function failLogin(random: Random, client: JsonParty, username: string, left: number, why: string): Promise<void> {
  await client.request(wrongLogin(random, username), 'error', { code: 'AUTH_FAILED', attempts_left: left }, { why: `${why}; ${LEFT_WHY}`, hint: LEFT_HINT });
}

/** The failures before the limit, one after the other: attempts_left 2, then 1. */
async function failLogins(random: Random, client: JsonParty, username: string, why: string): Promise<void> {
  for (let failure = 1; failure < LOCKOUT_FAILURES; failure += 1) await failLogin(random, client, username, LOCKOUT_FAILURES - failure, `${why} (failure ${failure} of ${LOCKOUT_FAILURES})`);
}

/** The failure that reaches the limit: LOCKED at once, with the whole lock to wait. */
async function lockingFailure(random: Random, client: JsonParty, username: string, lockMs: number, why: string): Promise<Message> {
  const hint = 'the failure that reaches 3 starts the lock and is answered LOCKED right away, with retry_after_ms = --lockout-ms, not AUTH_FAILED';
  const locked = await client.request(wrongLogin(random, username), 'error', { code: 'LOCKED' }, {
    why: `${why}: PROTOCOL §4.2, the failed login that reaches the limit is answered LOCKED, so the user sees the lock at once`,
    hint,
  });
  const retry = locked.retry_after_ms;
  if (typeof retry !== 'number' || retry > lockMs || retry < lockMs - ANSWER_SLACK_MS) {
    fail({
      expected: `retry_after_ms of the whole lock: ${lockMs} (--lockout-ms), or at most ${ANSWER_SLACK_MS} ms less for the time it took to answer`,
      got: JSON.stringify(locked),
      why: 'PROTOCOL §4.2: the lock starts with this failure, so its LOCKED says the whole --lockout-ms (in milliseconds)',
      hint,
    });
  }
  return locked;
}

export const lockoutChecks: CheckDefinition[] = [
  {
    id: 'lockout.locks',
    step: 6,
    title: 'failed logins of a user are told the tries left (attempts_left 2, then 1); the 3rd is LOCKED with the whole --lockout-ms, and then even the right password gets LOCKED',
    hint: 'count consecutive failures per username and tell each one attempts_left = 3 − failures; the one that reaches 3 starts the lock and is answered LOCKED with retry_after_ms = --lockout-ms',
    async run(ctx) {
      const lockMs = ctx.random.int(10_000, 120_000);
      const { port } = await startTracker(ctx, ['--lockout-ms', String(lockMs)]);
      const name = drawUsername(ctx.random);
      await logout(await registerUser(ctx, port, name));
      const guesser = await connectClient(ctx, port, 'a guesser');
      await failLogins(ctx.random, guesser, name, `a wrong password for ${name}, who has an account`);
      await lockingFailure(ctx.random, guesser, name, lockMs, `the third wrong password in a row for ${name}`);
      const owner = await connectClient(ctx, port, `${name}'s client`);
      const locked = await owner.request(loginMessage(name), 'error', { code: 'LOCKED' }, { why: LOCK_WHY });
      expectRetryWithin(locked, lockMs);
    },
  },
  {
    id: 'lockout.unknown-user',
    step: 6,
    title: 'a name without an account is counted and told exactly like one with: attempts_left 2, then 1, then LOCKED with the whole lock',
    hint: 'count failures per username whether or not the account exists, and tell them the same attempts_left; otherwise the count or the lock tells which names exist',
    async run(ctx) {
      const lockMs = ctx.random.int(10_000, 60_000);
      const { port } = await startTracker(ctx, ['--lockout-ms', String(lockMs), ...FAST_HASHING]);
      const [owner, stranger] = drawUsernames(ctx.random, 2) as [string, string];
      await logout(await registerUser(ctx, port, owner));
      ctx.note(`${owner} has an account; nobody registered ${stranger}`);
      // One guesser per name (a connection takes four failures at most), the failures interleaved.
      const guessers = new Map<string, JsonParty>();
      for (const name of [owner, stranger]) guessers.set(name, await connectClient(ctx, port, `a guesser of ${name}`));
      const failures = new Map<string, number>();
      const why = 'PROTOCOL §4.2: counted per username, also for usernames with no account, and answered alike, so a guesser learns nothing: a name whose count differs is a name that does not exist';
      for (const name of shuffled(ctx.random, Array.from({ length: 2 * LOCKOUT_FAILURES }, (_, i) => (i % 2 === 0 ? owner : stranger)))) {
        const failure = (failures.get(name) ?? 0) + 1;
        failures.set(name, failure);
        const whose = name === stranger ? `${stranger}, a name without an account` : `${owner}, who has an account`;
        if (failure < LOCKOUT_FAILURES) await failLogin(ctx.random, guessers.get(name)!, name, LOCKOUT_FAILURES - failure, `failure ${failure} of ${whose}; ${why}`);
        else await lockingFailure(ctx.random, guessers.get(name)!, name, lockMs, `failure ${failure} of ${whose}; ${why}`);
      }
      const locked = await guessers.get(stranger)!.request(wrongLogin(ctx.random, stranger), 'error', { code: 'LOCKED' }, { why: `${stranger} is locked like any name: ${why}` });
      expectRetryWithin(locked, lockMs);
    },
  },
  {
    id: 'lockout.per-username',
    step: 6,
    title: 'failures count per username, across connections and in any order: each name is told its own tries left, and only the name that failed 3 times in a row is locked',
    hint: 'keep one count per username (not one per connection, not one for the whole tracker), and look it up by the name in the login',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--lockout-ms', '60000', ...FAST_HASHING]);
      const [twice, thrice, stranger, fresh, fresher] = drawUsernames(ctx.random, 5) as [string, string, string, string, string];
      for (const name of [twice, thrice]) await logout(await registerUser(ctx, port, name));
      ctx.note(`${stranger} has no account`);
      const guessers = [1, 2, 3].map((i) => connectClient(ctx, port, `guesser ${i}`));
      const clients = await Promise.all(guessers);
      // Failure k of a name goes to guesser (offset + k) mod 3: each name's failures on three connections.
      const offsets = new Map([twice, thrice, stranger].map((name) => [name, ctx.random.int(0, 2)]));
      const failures = new Map<string, number>();
      const failOnce = async (name: string, why: string) => {
        const k = failures.get(name) ?? 0;
        failures.set(name, k + 1);
        const client = clients[(offsets.get(name)! + k) % 3]!;
        if (k + 1 < LOCKOUT_FAILURES) await failLogin(ctx.random, client, name, LOCKOUT_FAILURES - (k + 1), why);
        else await lockingFailure(ctx.random, client, name, 60_000, why);
      };
      const interleaved = 'two failures of a name, among failures of other names: each name has its own count, whatever the connection';
      for (const name of shuffled(ctx.random, [twice, twice, thrice, thrice, stranger, stranger])) await failOnce(name, interleaved);
      for (const name of shuffled(ctx.random, [thrice, stranger])) await failOnce(name, 'the third failure of this name, its three over three connections');
      const prober = await connectClient(ctx, port, 'another client');
      for (const name of shuffled(ctx.random, [thrice, stranger])) {
        await prober.request(loginMessage(name), 'error', { code: 'LOCKED' }, { why: `${LOCK_WHY}; it counts per name, not per connection: these three came over three connections` });
      }
      // The prober has failed twice (the LOCKED answers): names it never tried still have all their tries.
      for (const name of [fresh, fresher]) {
        await failLogin(ctx.random, prober, name, LOCKOUT_FAILURES - 1, `${name}'s first failure, on a connection that has failed before: the tries left are the name's, not the connection's`);
      }
      const owner = await connectClient(ctx, port, `${twice}'s client`);
      await owner.request(loginMessage(twice), 'welcome', { username: twice }, { why: `${twice} failed only twice: other names' failures do not count for it` });
    },
  },
  {
    id: 'lockout.expires',
    step: 6,
    title: 'the lock ends --lockout-ms after the 3rd failure, however often LOCKED was answered; then the count starts again',
    hint: 'store the time the lock ends, not a flag, and do not move it when a locked name tries again; once the time has passed, forget the failures too',
    async run(ctx) {
      const lockMs = ctx.random.int(1_200, 2_000);
      const { port } = await startTracker(ctx, ['--lockout-ms', String(lockMs), ...FAST_HASHING]);
      const name = drawUsername(ctx.random);
      await logout(await registerUser(ctx, port, name));
      const guesser = await connectClient(ctx, port, 'a guesser');
      await failLogins(ctx.random, guesser, name, 'a failed login');
      const first = await lockingFailure(ctx.random, guesser, name, lockMs, 'the third failure locks');
      const unlockAt = performance.now() + (first.retry_after_ms as number);
      let retry = first.retry_after_ms as number;
      const owner = await connectClient(ctx, port, `${name}'s client`);
      for (let probe = ctx.random.int(1, 2); probe > 0; probe -= 1) {
        await ctx.waitOut(Math.round(lockMs * (0.2 + ctx.random.next() * 0.15)), 'a while into the lock, the owner tries again');
        const again = await owner.request(loginMessage(name), 'error', { code: 'LOCKED' }, { why: 'still locked' });
        const left = again.retry_after_ms;
        if (typeof left !== 'number' || left >= retry) {
          fail({ expected: `retry_after_ms below the ${retry} ms of the reply before`, got: JSON.stringify(again), why: 'PROTOCOL §4.2: a LOCKED login does not extend the lock; retry_after_ms is the time left, so it shrinks', hint: 'a login answered LOCKED is not one more failure: leave the end of the lock where the third failure put it' });
        }
        retry = left;
      }
      await ctx.waitOut(Math.max(0, Math.round(unlockAt - performance.now())) + 300, `the lock ends ${first.retry_after_ms as number} ms after the third failure, whatever came after`);
      const back = await connectClient(ctx, port, `${name}'s client after the lock`);
      const why = 'PROTOCOL §4.2: the end of the lock resets the count, so two typos after it are two, not five';
      await withHint('when the lock is over, forget the failures that caused it: the next three count from zero', async () => {
        await failLogins(ctx.random, back, name, `a lock that is over does not answer LOCKED, and ${why}`);
        await back.request(loginMessage(name), 'welcome', { username: name }, { why });
      });
    },
  },
  {
    id: 'lockout.success-resets',
    step: 6,
    title: 'two failures, then the right password logs in (the 3rd try is not a failure) and resets the count: the next failure has attempts_left 2 again',
    hint: 'the failures must be consecutive: forget the count when the right password arrives',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--lockout-ms', '60000']);
      const name = drawUsername(ctx.random);
      await logout(await registerUser(ctx, port, name));
      const rounds = ctx.random.int(2, 3);
      for (let round = 1; round <= rounds; round += 1) {
        const client = await connectClient(ctx, port, `${name}'s client, round ${round}`);
        await failLogins(ctx.random, client, name, round === 1 ? 'a typo' : 'a typo after a successful login, which started the count again');
        await client.request(loginMessage(name), 'welcome', { username: name }, { why: 'two typos then the right password: not three failures in a row, so no lock' });
        await logout(client);
      }
    },
  },
  {
    id: 'lockout.connection-attempts',
    step: 6,
    title: 'the 5th failed register or login on one connection, whatever its error, is answered, then TOO_MANY_ATTEMPTS and the connection closes',
    hint: 'count every error reply to register or login on the connection (bad input, a taken name, a failed login alike); after the 5th, say TOO_MANY_ATTEMPTS and close',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--lockout-ms', '60000', ...FAST_HASHING]);
      const owner = drawUsername(ctx.random);
      await registerUser(ctx, port, owner);
      const strangers = drawUsernames(ctx.random, 8).filter((name) => name !== owner);
      const [badName] = badUsernames(ctx.random);
      const [badPort] = badPorts(ctx.random);
      const stranger = () => strangers.pop() ?? 'nobody-at-all';
      // `left`: the attempts_left of a failed login (the first failure of its name).
      type Attempt = { what: string; message: Message; code: string; left?: number };
      const registers: Array<() => Attempt> = [
        () => ({ what: 'register with a bad username', message: registerMessage(badName!.name), code: 'BAD_USERNAME' }),
        () => ({ what: 'register with a password of 7 code points', message: registerMessage(stranger(), passwordOfCodePoints(ctx.random, 7)), code: 'BAD_PASSWORD' }),
        () => ({ what: 'register with a bad port', message: registerMessage(stranger(), PASSWORD, badPort!.port), code: 'BAD_PORT' }),
        () => ({ what: 'register of a taken name', message: registerMessage(owner), code: 'USERNAME_TAKEN' }),
      ];
      const logins: Array<() => Attempt> = [
        () => ({ what: 'login of a name without an account', message: loginMessage(stranger(), 'a wrong guess'), code: 'AUTH_FAILED', left: LOCKOUT_FAILURES - 1 }),
        () => ({ what: 'login with a wrong password', message: loginMessage(owner, 'a wrong guess'), code: 'AUTH_FAILED', left: LOCKOUT_FAILURES - 1 }),
        () => ({ what: 'login with a bad username', message: loginMessage(badName!.name), code: 'BAD_USERNAME' }),
        () => ({ what: 'login with a password of 129 code points', message: loginMessage(stranger(), passwordOfCodePoints(ctx.random, 129), PEER_PORT), code: 'BAD_PASSWORD' }),
      ];
      const [oneRegister, ...otherRegisters] = shuffled(ctx.random, registers);
      const [oneLogin, ...otherLogins] = shuffled(ctx.random, logins);
      const chosen = shuffled(ctx.random, [oneRegister!, oneLogin!, ...shuffled(ctx.random, [...otherRegisters, ...otherLogins]).slice(0, 3)]);
      const guesser = await connectClient(ctx, port, 'a guesser');
      const why = 'a per-username lockout does not stop one connection from trying many names, or from making the tracker check input for ever: every failed register or login counts';
      for (const [i, make] of chosen.entries()) {
        const { what, message, code, left } = make();
        ctx.note(`attempt ${i + 1}: ${what}`);
        await guesser.request(message, 'error', { code, ...(left === undefined ? {} : { attempts_left: left }) }, { why: `attempt ${i + 1} is answered` });
      }
      await guesser.expectError('TOO_MANY_ATTEMPTS', {}, { why });
      await guesser.socket.expectClosedByPeer({ why });
    },
  },
];
