// The conversation a person has with the tracker before anything else: new or returning, a username,
// a password, and (in Lab 02) the port to announce. Retries on the same connection, as assignment A2
// asks (see docs/COURSE.md).
import type { Output } from '#kit/cli/output.ts';
import type { Prompter } from '#kit/cli/prompter.ts';
import type { PeerEvents } from '#kit/protocol/events.ts';
import type { TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import type { TrackerClient } from '#kit/tracker/tracker-client.ts';

export interface LoggedIn {
  username: string;
  /** Our address as the tracker sees it, and the port we announced. */
  host: string;
  port: number;
}

/** A port to announce, or 'ask' to ask the person for one. */
export type PortChoice = number | 'ask';

const DEFAULT_ANNOUNCED_PORT = 5555;

/** Runs the login conversation; undefined when the person gave up or the tracker closed. */
export async function logIn(tracker: TrackerClient, prompter: Prompter, out: Output<PeerEvents>, portChoice: PortChoice): Promise<LoggedIn | undefined> {
  const hello = await tracker.greeting;
  out.note(`Connected to ${hello.server} (protocol ${hello.version}).`);
  const mode = await askMode(prompter, out);
  if (!mode) return undefined;
  // The end of the input ends the conversation: nothing more is asked.
  let username = (await prompter.ask('username', 'Username:'))?.trim();
  let password = username === undefined ? undefined : await prompter.ask('password', 'Password:', { hidden: true });
  const port = password === undefined ? undefined : portChoice === 'ask' ? await askPort(prompter, out) : portChoice;
  // #region retry
  while (username !== undefined && password !== undefined && port !== undefined) {
    const reply = await tracker.request({ type: mode, username, password, port });
    if (reply.type === 'welcome') {
      out.emit('logged_in', { username: reply.username, host: reply.host, port: reply.port }, `Welcome, ${reply.username}! Type /help for the commands.`);
      return { username: reply.username, host: reply.host, port: reply.port };
    }
    if (reply.type !== 'error' || tracker.closedAlready) return undefined;
    report(reply, out);
    if (reply.code === 'TOO_MANY_ATTEMPTS') return undefined;
    // Ask again for what was wrong; for a failed login that is both, since which one is not said.
    if (['USERNAME_TAKEN', 'BAD_USERNAME', 'AUTH_FAILED', 'LOCKED', 'ALREADY_ONLINE'].includes(reply.code)) {
      username = (await prompter.ask('username', 'Username:'))?.trim();
    }
    if (username !== undefined && ['BAD_PASSWORD', 'AUTH_FAILED', 'LOCKED', 'ALREADY_ONLINE'].includes(reply.code)) {
      password = await prompter.ask('password', 'Password:', { hidden: true });
    }
  }
  // #endregion retry
  return undefined;
}

async function askMode(prompter: Prompter, out: Output<PeerEvents>): Promise<'register' | 'login' | undefined> {
  for (;;) {
    const answer = (await prompter.ask('new_or_returning', 'New or returning user? [new/returning]'))?.trim().toLowerCase();
    if (answer === undefined) return undefined;
    if (['new', 'n', 'register'].includes(answer)) return 'register';
    if (['returning', 'r', 'login', 'return'].includes(answer)) return 'login';
    out.note('Please answer "new" or "returning".');
  }
}

async function askPort(prompter: Prompter, out: Output<PeerEvents>): Promise<number | undefined> {
  for (;;) {
    const answer = (await prompter.ask('port', `Port you will listen on for other peers [${DEFAULT_ANNOUNCED_PORT}]:`))?.trim();
    if (answer === undefined) return undefined;
    if (answer === '') return DEFAULT_ANNOUNCED_PORT;
    if (/^\d+$/.test(answer) && Number(answer) >= 1 && Number(answer) <= 65535) return Number(answer);
    out.note('A port is a whole number from 1 to 65535.');
  }
}

function report(error: Extract<TrackerToPeerMessage, { type: 'error' }>, out: Output<PeerEvents>): void {
  const { retry_after_ms, attempts_left } = error;
  const fields = {
    code: error.code,
    message: error.message,
    ...(retry_after_ms === undefined ? {} : { retry_after_ms }),
    ...(attempts_left === undefined ? {} : { attempts_left }),
  };
  // A failed login says how many tries are left before the lock (PROTOCOL §4.2).
  const left = attempts_left === undefined ? '' : `: ${attempts_left} ${attempts_left === 1 ? 'try' : 'tries'} left before this username is locked`;
  out.emit('auth_error', fields, `✗ ${error.message}${left}`);
}
