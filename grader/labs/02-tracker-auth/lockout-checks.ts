// Lab 02's checks of README step 6 (PROTOCOL §4.2): consecutive failures lock a username, known or
// not, for --lockout-ms from the third; LOCKED does not extend the lock; success and the end of the
// lock start the count again; and every connection has a budget of five failed attempts.
import { fail, withHint } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsername, drawUsernames } from '../../engine/inputs/usernames.ts';
import type { JsonParty, Message } from '../../engine/json-party.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { badPorts, badUsernames, passwordOfCodePoints } from './credentials.ts';
import { connectClient, FAST_HASHING, loginMessage, logout, PASSWORD, PEER_PORT, registerMessage, registerUser, startTracker } from './tracker-harness.ts';

const LOCK_WHY = 'three failures in a row lock the username, whoever tries next (PROTOCOL §4.2)';

/** Fails unless a LOCKED reply says when to retry: 1 ms to the whole lock. */
function expectRetryWithin(locked: Message, lockMs: number): number {
  const retry = locked.retry_after_ms;
  if (typeof retry !== 'number' || retry <= 0 || retry > lockMs) {
    fail({ expected: `retry_after_ms between 1 and ${lockMs} (--lockout-ms)`, got: JSON.stringify(locked), why: 'the user must be told when to try again: the time left of the lock' });
  }
  return retry;
}

/** A login with a wrong password (drawn: it holds an emoji, so it is never the right one). */
async function failLogin(random: Random, client: JsonParty, username: string, why: string): Promise<void> {
  await client.request(loginMessage(username, passwordOfCodePoints(random, random.int(8, 24))), 'error', { code: 'AUTH_FAILED' }, { why });
}

export const lockoutChecks: CheckDefinition[] = [
  {
    id: 'lockout.locks',
    step: 6,
    title: 'after 3 failures in a row even the right password gets LOCKED, with retry_after_ms',
    hint: 'count consecutive failures per username; on the 3rd, remember until when it is locked',
    async run(ctx) {
      const lockMs = ctx.random.int(10_000, 120_000);
      const { port } = await startTracker(ctx, ['--lockout-ms', String(lockMs)]);
      await logout(await registerUser(ctx, port, 'alice'));
      const guesser = await connectClient(ctx, port, 'a guesser');
      for (let i = 1; i <= 3; i += 1) {
        await guesser.request(loginMessage('alice', `wrong guess ${i}`), 'error', { code: 'AUTH_FAILED' }, { why: `failure ${i} of 3 is still answered AUTH_FAILED` });
      }
      const owner = await connectClient(ctx, port, "alice's client");
      const locked = await owner.request(loginMessage('alice'), 'error', { code: 'LOCKED' }, { why: LOCK_WHY });
      expectRetryWithin(locked, lockMs);
    },
  },
  {
    id: 'lockout.unknown-user',
    step: 6,
    title: 'a name without an account is locked too: 3 failures, then LOCKED',
    hint: 'count failures per username whether or not the account exists; otherwise the lock itself tells which names exist',
    async run(ctx) {
      const lockMs = ctx.random.int(10_000, 60_000);
      const { port } = await startTracker(ctx, ['--lockout-ms', String(lockMs), ...FAST_HASHING]);
      const stranger = drawUsername(ctx.random);
      ctx.note(`nobody registered ${stranger}`);
      const guesser = await connectClient(ctx, port, 'a guesser');
      for (let i = 1; i <= 3; i += 1) await failLogin(ctx.random, guesser, stranger, `failure ${i} of 3 for a name without an account`);
      const locked = await guesser.request(loginMessage(stranger, passwordOfCodePoints(ctx.random, ctx.random.int(8, 20))), 'error', { code: 'LOCKED' }, {
        why: 'PROTOCOL §4.2: counted per username, also for usernames with no account, so a guesser learns nothing: a name that never locks is a name that does not exist',
      });
      expectRetryWithin(locked, lockMs);
    },
  },
  {
    id: 'lockout.per-username',
    step: 6,
    title: 'failures count per username, across connections and in any order: only the name that failed 3 times in a row is locked',
    hint: 'keep one count per username (not one per connection, not one for the whole tracker), and look it up by the name in the login',
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--lockout-ms', '60000', ...FAST_HASHING]);
      const [twice, thrice, stranger] = drawUsernames(ctx.random, 3) as [string, string, string];
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
        await failLogin(ctx.random, clients[(offsets.get(name)! + k) % 3]!, name, why);
      };
      const interleaved = 'two failures of a name, among failures of other names: no name has failed 3 times in a row yet';
      for (const name of shuffled(ctx.random, [twice, twice, thrice, thrice, stranger, stranger])) await failOnce(name, interleaved);
      for (const name of shuffled(ctx.random, [thrice, stranger])) await failOnce(name, 'the third failure of this name is still answered AUTH_FAILED');
      const prober = await connectClient(ctx, port, 'another client');
      for (const name of shuffled(ctx.random, [thrice, stranger])) {
        await prober.request(loginMessage(name), 'error', { code: 'LOCKED' }, { why: `${LOCK_WHY}; it counts per name, not per connection: these three came over three connections` });
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
      for (let i = 1; i <= 3; i += 1) await failLogin(ctx.random, guesser, name, 'a failed login');
      const owner = await connectClient(ctx, port, `${name}'s client`);
      const first = await owner.request(loginMessage(name), 'error', { code: 'LOCKED' }, { why: 'locked after three failures' });
      const unlockAt = performance.now() + expectRetryWithin(first, lockMs);
      let retry = first.retry_after_ms as number;
      for (let probe = ctx.random.int(1, 2); probe > 0; probe -= 1) {
        await ctx.waitOut(Math.round(lockMs * (0.2 + ctx.random.next() * 0.15)), 'a while into the lock, the owner tries again');
        const again = await owner.request(loginMessage(name), 'error', { code: 'LOCKED' }, { why: 'still locked' });
        const left = again.retry_after_ms;
        if (typeof left !== 'number' || left >= retry) {
          fail({ expected: `retry_after_ms below the ${retry} ms of the reply before`, got: JSON.stringify(again), why: 'PROTOCOL §4.2: a LOCKED login does not extend the lock; retry_after_ms is the time left, so it shrinks', hint: 'a login answered LOCKED is not one more failure: leave the end of the lock where the third failure put it' });
        }
        retry = left;
      }
      await ctx.waitOut(Math.max(0, Math.round(unlockAt - performance.now())) + 300, `the lock ends ${first.retry_after_ms as number} ms after the first LOCKED reply, whatever came after`);
      const back = await connectClient(ctx, port, `${name}'s client after the lock`);
      const why = 'PROTOCOL §4.2: the end of the lock resets the count, so two typos after it are two, not five';
      await withHint('when the lock is over, forget the failures that caused it: the next three count from zero', async () => {
        await failLogin(ctx.random, back, name, 'a lock that is over does not answer LOCKED');
        await failLogin(ctx.random, back, name, why);
        await back.request(loginMessage(name), 'welcome', { username: name }, { why });
      });
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
      type Attempt = { what: string; message: Message; code: string };
      const registers: Array<() => Attempt> = [
        () => ({ what: 'register with a bad username', message: registerMessage(badName!.name), code: 'BAD_USERNAME' }),
        () => ({ what: 'register with a password of 7 code points', message: registerMessage(stranger(), passwordOfCodePoints(ctx.random, 7)), code: 'BAD_PASSWORD' }),
        () => ({ what: 'register with a bad port', message: registerMessage(stranger(), PASSWORD, badPort!.port), code: 'BAD_PORT' }),
        () => ({ what: 'register of a taken name', message: registerMessage(owner), code: 'USERNAME_TAKEN' }),
      ];
      const logins: Array<() => Attempt> = [
        () => ({ what: 'login of a name without an account', message: loginMessage(stranger(), 'a wrong guess'), code: 'AUTH_FAILED' }),
        () => ({ what: 'login with a wrong password', message: loginMessage(owner, 'a wrong guess'), code: 'AUTH_FAILED' }),
        () => ({ what: 'login with a bad username', message: loginMessage(badName!.name), code: 'BAD_USERNAME' }),
        () => ({ what: 'login with a password of 129 code points', message: loginMessage(stranger(), passwordOfCodePoints(ctx.random, 129), PEER_PORT), code: 'BAD_PASSWORD' }),
      ];
      const [oneRegister, ...otherRegisters] = shuffled(ctx.random, registers);
      const [oneLogin, ...otherLogins] = shuffled(ctx.random, logins);
      const chosen = shuffled(ctx.random, [oneRegister!, oneLogin!, ...shuffled(ctx.random, [...otherRegisters, ...otherLogins]).slice(0, 3)]);
      const guesser = await connectClient(ctx, port, 'a guesser');
      const why = 'a per-username lockout does not stop one connection from trying many names, or from making the tracker check input for ever: every failed register or login counts';
      for (const [i, make] of chosen.entries()) {
        const { what, message, code } = make();
        ctx.note(`attempt ${i + 1}: ${what}`);
        await guesser.request(message, 'error', { code }, { why: `attempt ${i + 1} is answered` });
      }
      await guesser.expectError('TOO_MANY_ATTEMPTS', {}, { why });
      await guesser.socket.expectClosedByPeer({ why });
    },
  },
];
