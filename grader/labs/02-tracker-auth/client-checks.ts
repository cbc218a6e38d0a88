// Lab 02's checks of the terminal client (README step 8): the grader plays the tracker, and types
// the answers a person would.
import type { CheckContext } from '../../engine/check-context.ts';
import { JsonParty, type Message } from '../../engine/json-party.ts';
import { READY_TIMEOUT_MS, type StudentProgram } from '../../engine/student-program.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { CLIENT_FILE, PASSWORD } from './tracker-harness.ts';

const HELLO = { type: 'hello', server: 'sharing-is-caring', version: 1, question: 'new or returning?', options: ['register', 'login'] };
const FLOW_WHY = 'the seed\'s flow: new or returning, then username, password and the port to listen on';

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
async function answer(client: StudentProgram, field: string, text: string): Promise<void> {
  await client.expectEvent('prompt', { field }, { why: FLOW_WHY });
  client.type(text);
}

/** Replies to a request, echoing its id as the protocol requires. */
function reply(tracker: JsonParty, request: Message, message: Message): void {
  tracker.send(request.id === undefined ? message : { ...message, id: request.id });
}

async function fillIn(client: StudentProgram, mode: string, username: string, port?: string): Promise<void> {
  await answer(client, 'new_or_returning', mode);
  await answer(client, 'username', username);
  await answer(client, 'password', PASSWORD);
  if (port !== undefined) await answer(client, 'port', port);
}

export const clientChecks: CheckDefinition[] = [
  {
    id: 'client.register',
    step: 8,
    title: 'a new user: asks the questions, sends register, reports the login',
    hint: 'ask new or returning, username, password and port in that order (the kit\'s Prompter), then send register',
    async run(ctx) {
      const { client, tracker } = await startClient(ctx);
      await fillIn(client, 'new', 'alice', '6001');
      const request = await tracker.expect('register', { username: 'alice', password: PASSWORD, port: 6001 }, { why: FLOW_WHY });
      reply(tracker, request, { type: 'welcome', username: 'alice', host: '127.0.0.1', port: 6001 });
      await client.expectEvent('logged_in', { username: 'alice' }, { why: 'the user must be told they are in' });
    },
  },
  {
    id: 'client.taken-retry',
    step: 8,
    title: 'after USERNAME_TAKEN: reports it, asks for another username, tries again',
    hint: 'on an error reply, tell the user (auth_error) and ask again for what was wrong, on the same connection',
    async run(ctx) {
      const { client, tracker } = await startClient(ctx);
      await fillIn(client, 'new', 'alice', '6001');
      const first = await tracker.expect('register', { username: 'alice' }, { why: FLOW_WHY });
      reply(tracker, first, { type: 'error', code: 'USERNAME_TAKEN', message: 'the username alice is taken: choose another', re: 'register' });
      const why = 'a taken username is retried on the same connection (seed 001)';
      await client.expectEvent('auth_error', { code: 'USERNAME_TAKEN' }, { why });
      await answer(client, 'username', 'alice2');
      const second = await tracker.expect('register', { username: 'alice2', password: PASSWORD, port: 6001 }, { why });
      reply(tracker, second, { type: 'welcome', username: 'alice2', host: '127.0.0.1', port: 6001 });
      await client.expectEvent('logged_in', { username: 'alice2' }, { why });
    },
  },
  {
    id: 'client.login',
    step: 8,
    title: 'a returning user: sends login with the answers given',
    hint: '"returning" means login instead of register; the rest of the conversation is the same',
    async run(ctx) {
      const { client, tracker } = await startClient(ctx);
      await fillIn(client, 'returning', 'bob', '6002');
      const request = await tracker.expect('login', { username: 'bob', password: PASSWORD, port: 6002 }, { why: FLOW_WHY });
      reply(tracker, request, { type: 'welcome', username: 'bob', host: '127.0.0.1', port: 6002 });
      await client.expectEvent('logged_in', { username: 'bob' }, { why: 'the user must be told they are in' });
    },
  },
  {
    id: 'client.quit',
    step: 8,
    title: '/quit sends logout, waits for ok, and exits with code 0',
    hint: 'send logout, wait for the ok, close the connection, exit 0',
    async run(ctx) {
      const { client, tracker } = await startClient(ctx);
      await fillIn(client, 'returning', 'bob', '6002');
      const login = await tracker.expect('login', { username: 'bob' }, { why: FLOW_WHY });
      reply(tracker, login, { type: 'welcome', username: 'bob', host: '127.0.0.1', port: 6002 });
      await client.expectEvent('logged_in', { username: 'bob' }, { why: 'logged in first' });
      client.type('/quit');
      const why = 'leaving politely lets the tracker tell the others at once, instead of waiting for a timeout';
      const request = await tracker.expect('logout', {}, { why, skip: ['ping', 'pong'] });
      reply(tracker, request, { type: 'ok', re: 'logout' });
      await client.expectExit(0, { why });
    },
  },
];
