// Lab 02 starter: the conversation before anything else (README step 8).
import type { Output } from '#kit/cli/output.ts';
import type { Prompter } from '#kit/cli/prompter.ts';
import type { PeerEvents } from '#kit/protocol/events.ts';
import type { TrackerClient } from '#kit/tracker/tracker-client.ts';

export interface LoggedIn {
  username: string;
  /** Our address as the tracker sees it, and the port we announced. */
  host: string;
  port: number;
}

/** A port to announce, or 'ask' to ask the person for one. */
export type PortChoice = number | 'ask';

/** Runs the login conversation; undefined when the person gave up or the tracker closed. */
export async function logIn(tracker: TrackerClient, prompter: Prompter, out: Output<PeerEvents>, portChoice: PortChoice): Promise<LoggedIn | undefined> {
  // TODO (step 8): await tracker.greeting; ask (prompter.ask) for new_or_returning, username,
  //   password (hidden) and, when portChoice is 'ask', the port; send register or login with
  //   tracker.request(...). On welcome emit logged_in and return. On an error emit auth_error (with
  //   the reply's retry_after_ms and attempts_left when it has them; tell the person how many tries
  //   are left) and ask again for what was wrong (a taken username: a new username), on the same
  //   connection.
  void [tracker, prompter, out, portChoice];
  throw new Error('TODO (README step 8): log in');
}
