// Lab 02's checks of the terminal client (README step 8): the grader plays the tracker, and types
// the answers a person would, from the whole space of answers PROTOCOL §9.4 allows.
import { LOCKOUT_FAILURES } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail, withHint } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { JsonParty, type Message } from '../../engine/json-party.ts';
import { READY_TIMEOUT_MS, type StudentProgram } from '../../engine/student-program.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { passwordOfCodePoints, usernameOfLength } from './credentials.ts';
import { CLIENT_FILE } from './tracker-harness.ts';

const HELLO = { type: 'hello', server: 'sharing-is-caring', version: 1, question: 'new or returning?', options: ['register', 'login'] };
const FLOW_WHY = 'the login of assignment A2 (see docs/COURSE.md): new or returning, then username, password and the port to listen on (PROTOCOL §9.4)';
const RETRY_WHY = 'after an error reply the client asks again, on the same connection, for exactly what was wrong (README step 8)';
/** The port a client announces when the person answers the port question with an empty line. */
const DEFAULT_ANNOUNCED_PORT = 5555;

interface ClientRun {
  client: StudentProgram;
  tracker: JsonParty;
}

/** Starts the student's client against a scripted tracker and greets it. */
async function startClient(ctx: CheckContext): Promise<ClientRun> {
  const server = await ctx.listen();
  const client = await ctx.start(CLIENT_FILE, ['--tracker', `127.0.0.1:${server.port}`], 'your client');
  const tracker = new JsonParty(await server.accept('the tracker (played by the grader)', { from: client, why: 'the client connects to --tracker HOST:PORT', timeoutMs: READY_TIMEOUT_MS }), 'peer-to-tracker');
  tracker.send(HELLO);
  return { client, tracker };
}

/** Waits for the client to ask for `field`, then types the answer. */
async function answer(client: StudentProgram, field: string, text: string, why = FLOW_WHY): Promise<void> {
  await client.expectEvent('prompt', { field }, { why });
  client.type(text);
}

/** Replies to a request, echoing its id as the protocol requires. */
function reply(tracker: JsonParty, request: Message, message: Message): void {
  tracker.send(request.id === undefined ? message : { ...message, id: request.id });
}

/** A username and a password from the whole space of the rules; the password without surrounding spaces. */
function drawAccount(ctx: CheckContext): { username: string; password: string } {
  const password = passwordOfCodePoints(ctx.random, ctx.random.int(8, 40)).replace(/^ /, 'x').replace(/ $/, 'x');
  return { username: usernameOfLength(ctx.random, ctx.random.int(3, 32)), password };
}

/** "new" or "returning" as a person may type it (PROTOCOL §9.4: n, r, any case, surrounding spaces). */
/**
 * An answer to "new or returning?" (§9.4: `new` or `returning`, also `n`, `r`; any case), in a drawn
 * case with drawn spaces around. Each check names the form, so every run tries both forms of both.
 */
function modeAnswer(ctx: CheckContext, mode: 'new' | 'returning', form: 'word' | 'letter'): string {
  const word = form === 'letter' ? mode[0]! : mode;
  const cased = [...word].map((c) => (ctx.random.chance(0.5) ? c.toUpperCase() : c)).join('');
  return `${ctx.random.pick(['', ' '])}${cased}${ctx.random.pick(['', ' ', '  '])}`;
}

async function fillIn(client: StudentProgram, mode: string, username: string, password: string, port?: string): Promise<void> {
  await answer(client, 'new_or_returning', mode);
  await answer(client, 'username', username);
  await answer(client, 'password', password);
  if (port !== undefined) await answer(client, 'port', port);
}

export const clientChecks: CheckDefinition[] = [
  {
    id: 'client.register',
    step: 8,
    title: 'a new user: asks the questions (again after an answer that is not one), sends register, reports the login',
    hint: 'ask new or returning, username, password and port in that order (the kit\'s Prompter); "n" or "NEW" means new; a port is a whole number from 1 to 65535, else ask again',
    async run(ctx) {
      const { client, tracker } = await startClient(ctx);
      const { username, password } = drawAccount(ctx);
      await answer(client, 'new_or_returning', ctx.random.pick(['yes', 'x', 'newer', 'old', '?']));
      await answer(client, 'new_or_returning', modeAnswer(ctx, 'new', 'letter'), `${FLOW_WHY}: an answer that is neither is asked again`);
      await answer(client, 'username', username);
      await answer(client, 'password', password);
      // Every run: both ends just outside the range, one text that Number() reads as a port although it
      // is not a whole number written in digits, and one that is no number at all.
      const lookAlikes = [ctx.random.pick(['80.0', '1e3', '0x50', '+80', ' 8e1']), ctx.random.pick(['5.5', '-1', 'abc', '12ab', '80 80', '８０'])];
      for (const wrong of shuffled(ctx.random, ['0', '65536', ...lookAlikes])) await answer(client, 'port', wrong);
      const port = ctx.random.pick([1, 65535, ctx.random.int(1024, 65535)]);
      await answer(client, 'port', ctx.random.pick([String(port), ` ${port} `]), `${FLOW_WHY}: a port is 1–65535, anything else is asked again`);
      const request = await tracker.expect('register', { username, password, port }, { why: FLOW_WHY });
      reply(tracker, request, { type: 'welcome', username, host: '127.0.0.1', port });
      await client.expectEvent('logged_in', { username, host: '127.0.0.1', port }, { why: 'the user must be told they are in' });
    },
  },
  {
    id: 'client.taken-retry',
    step: 8,
    title: 'after USERNAME_TAKEN or BAD_USERNAME it asks for another username only, after BAD_PASSWORD for another password only, however often',
    hint: 'on an error reply, tell the user (auth_error) and ask again for what was wrong, on the same connection: the README has the table',
    async run(ctx) {
      const { client, tracker } = await startClient(ctx);
      let account = drawAccount(ctx);
      const port = ctx.random.int(1, 65535);
      await fillIn(client, modeAnswer(ctx, 'new', 'word'), account.username, account.password, String(port));
      let request = await tracker.expect('register', { ...account, port }, { why: FLOW_WHY });
      // Every code of the table in every run, in a drawn order, one of them twice in a row.
      const codes = shuffled(ctx.random, ['USERNAME_TAKEN', 'BAD_USERNAME', 'BAD_PASSWORD']);
      const retries = [...codes.slice(0, 1), ...codes];
      for (const code of retries) {
        reply(tracker, request, { type: 'error', code, message: `the tracker says ${code}`, re: 'register' });
        await client.expectEvent('auth_error', { code }, { why: RETRY_WHY });
        const fresh = drawAccount(ctx);
        if (code === 'BAD_PASSWORD') {
          account = { ...account, password: fresh.password };
          await answer(client, 'password', account.password, RETRY_WHY);
        } else {
          account = { ...account, username: fresh.username };
          await answer(client, 'username', account.username, RETRY_WHY);
        }
        request = await tracker.expect('register', { ...account, port }, { why: `${RETRY_WHY}: after ${code} only the ${code === 'BAD_PASSWORD' ? 'password' : 'username'} is asked again, the rest is kept` });
      }
      reply(tracker, request, { type: 'welcome', username: account.username, host: '127.0.0.1', port });
      await client.expectEvent('logged_in', { username: account.username }, { why: RETRY_WHY });
    },
  },
  {
    id: 'client.login',
    step: 8,
    title: 'a returning user: sends login (an empty port answer means 5555); after each of AUTH_FAILED, LOCKED and ALREADY_ONLINE tells the user (with attempts_left or retry_after_ms) and asks for both again',
    hint: '"returning" (or r, any case) means login instead of register; a failed login does not say whether the name or the password was wrong, so ask for both; auth_error carries the reply\'s attempts_left and retry_after_ms',
    async run(ctx) {
      const { client, tracker } = await startClient(ctx);
      const first = drawAccount(ctx);
      await fillIn(client, modeAnswer(ctx, 'returning', 'letter'), first.username, first.password, '');
      // Every refusal of a login in every run, in a drawn order: each asks for both again.
      let request = await tracker.expect('login', { ...first, port: DEFAULT_ANNOUNCED_PORT }, { why: `${FLOW_WHY}; an empty answer to the port question means ${DEFAULT_ANNOUNCED_PORT}` });
      let second = first;
      for (const code of shuffled(ctx.random, ['AUTH_FAILED', 'LOCKED', 'ALREADY_ONLINE'])) {
        // What the user must be told besides the code: the time to wait, or the tries left (§4.2).
        const extra = code === 'LOCKED' ? { retry_after_ms: ctx.random.int(1, 60_000) } : code === 'AUTH_FAILED' ? { attempts_left: ctx.random.int(1, LOCKOUT_FAILURES - 1) } : {};
        reply(tracker, request, { type: 'error', code, message: `the tracker says ${code}`, re: 'login', ...extra });
        const carries = code === 'LOCKED' ? '; with LOCKED, auth_error carries retry_after_ms (PROTOCOL §9.4)' : code === 'AUTH_FAILED' ? '; with AUTH_FAILED, auth_error carries attempts_left, the tries left before the lock (PROTOCOL §9.4)' : '';
        await client.expectEvent('auth_error', { code, ...extra }, { why: `${RETRY_WHY}${carries}` });
        second = drawAccount(ctx);
        await answer(client, 'username', second.username, `${RETRY_WHY}: after ${code} both are asked again`);
        await answer(client, 'password', second.password, RETRY_WHY);
        request = await tracker.expect('login', { ...second, port: DEFAULT_ANNOUNCED_PORT }, { why: RETRY_WHY });
      }
      reply(tracker, request, { type: 'welcome', username: second.username, host: '127.0.0.1', port: DEFAULT_ANNOUNCED_PORT });
      await client.expectEvent('logged_in', { username: second.username }, { why: 'the user must be told they are in' });
    },
  },
  {
    id: 'client.quit',
    step: 8,
    title: '/quit (or \\DISCONNECT_CLIENT, or the end of input) sends logout, stays connected until the ok, then exits with code 0',
    hint: 'send logout and wait for its ok (at most 2 s) before you close the connection; then print bye and exit 0',
    async run(ctx) {
      const { client, tracker } = await startClient(ctx);
      const { username, password } = drawAccount(ctx);
      await fillIn(client, modeAnswer(ctx, 'returning', 'word'), username, password, String(ctx.random.int(1, 65535)));
      const login = await tracker.expect('login', { username }, { why: FLOW_WHY });
      reply(tracker, login, { type: 'welcome', username, host: '127.0.0.1', port: login.port });
      await client.expectEvent('logged_in', { username }, { why: 'logged in first' });
      const how = ctx.random.pick(['/quit', '\\DISCONNECT_CLIENT', 'end of input']);
      if (how === 'end of input') client.closeInput();
      else client.type(how);
      const why = 'PROTOCOL §9.4: /quit waits up to 2 s for the ok to logout; until it, the tracker may not have ended your sessions, and a client that closes first turns a clean logout into a lost connection';
      const request = await tracker.expect('logout', {}, { why, skip: ['ping', 'pong'] });
      const delay = ctx.random.int(300, 1_500);
      await ctx.waitOut(delay, 'the tracker takes its time to answer logout');
      if (client.exit || tracker.socket.ended || tracker.socket.closed) {
        fail({ expected: `your client still connected ${delay} ms after its logout, waiting for the ok`, got: client.exit ? `it had exited: ${client.state()}` : 'it had closed the connection', why });
      }
      reply(tracker, request, { type: 'ok', re: 'logout' });
      await withHint('once the ok has come, close the connection, print bye and end the program with exit code 0', async () => {
        await client.expectEvent('bye', {}, { why: 'after the ok the client says bye and ends' });
        await client.expectExit(0, { why });
      });
    },
  },
  {
    id: 'client.commands',
    step: 8,
    title: 'once logged in, an unknown command prints BAD_COMMAND and the client carries on; only /quit leaves',
    hint: 'read commands in a loop after logged_in: /quit and \\DISCONNECT_CLIENT leave, /help prints help, an empty line does nothing, anything else is error BAD_COMMAND',
    async run(ctx) {
      const { client, tracker } = await startClient(ctx);
      const { username, password } = drawAccount(ctx);
      await fillIn(client, modeAnswer(ctx, 'returning', 'letter'), username, password, String(ctx.random.int(1, 65535)));
      const login = await tracker.expect('login', { username }, { why: FLOW_WHY });
      reply(tracker, login, { type: 'welcome', username, host: '127.0.0.1', port: login.port });
      await client.expectEvent('logged_in', { username }, { why: 'logged in first' });
      // Commands no lab defines, in both forms (§9.4: a line starting with / or \\ is a command).
      const unknown = Array.from({ length: ctx.random.int(2, 5) }, (_, i) => `${ctx.random.pick(['/', '\\'])}${ctx.random.pick(['nope', 'frobnicate', 'x', 'QUITE', 'teleport'])}${i}`);
      const harmless = ['/help', '', '   '];
      const typed = shuffled(ctx.random, [...unknown, ...harmless.slice(0, ctx.random.int(1, 3))]);
      for (const line of typed) client.type(line);
      const why = 'PROTOCOL §9.4: an unknown command prints error BAD_COMMAND and the client carries on; only /quit and \\DISCONNECT_CLIENT (or the end of input) leave';
      for (const line of typed.filter((l) => unknown.includes(l))) await client.expectEvent('error', { code: 'BAD_COMMAND' }, { why: `${JSON.stringify(line)}: ${why}` });
      const leave = ctx.random.pick(['/quit', '\\DISCONNECT_CLIENT']);
      client.type(leave);
      const logout = await tracker.expect('logout', {}, { why: `${why}: the first request after the login is the logout of ${leave}`, skip: ['ping', 'pong'] });
      client.expectNoEvent('bye', `${why}: the client was still there before ${leave}`);
      reply(tracker, logout, { type: 'ok', re: 'logout' });
      await client.expectExit(0, { why });
      client.expectNoEvent('error', `${why}: /help and empty lines are not unknown commands`);
    },
  },
];
