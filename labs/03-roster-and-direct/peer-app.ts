// Lab 03 starter: the peer once logged in (README steps 4 and 6).
import type { Socket } from 'node:net';
import type { Output } from '#kit/cli/output.ts';
import type { Prompter } from '#kit/cli/prompter.ts';
import type { PeerEvents } from '#kit/protocol/events.ts';
import type { ChatSession, PeerContext, PeerFeature } from '#kit/peer/peer-feature.ts';
import type { PeerOptions } from '#kit/programs/peer-command.ts';
import type { TrackerClient } from '#kit/tracker/tracker-client.ts';
import type { DirectLink } from '#kit/peer/direct-link.ts';
import type { PeerAppParts } from '#kit/peer/peer-app-parts.ts';
import { TicketBook } from './ticket-book.ts';

/** One direct session, as this peer keeps it (README step 4: one per session, in a Map by id). */
interface Session extends ChatSession {
  link: DirectLink;
  /** We said or heard bye, or the tracker ended it: the link closing is expected. */
  ending: boolean;
}

export type { PeerAppParts };

/**
 * The peer once logged in. Suggested pieces (see README): the kit's parseTyped for typed lines,
 * dial() and DirectLink for direct connections, the TicketBook for callers. Add the private methods
 * you need, one per job: a typed line, a push, dialling, a session's messages, ending a session.
 */
export class PeerApp implements PeerContext {
  readonly me: string;
  readonly options: PeerOptions;
  readonly out: Output<PeerEvents>;
  readonly tracker: TrackerClient;
  private readonly tickets = new TicketBook();
  // Every open session by id, and the one plain text goes to (step 6).
  private readonly sessions = new Map<string, Session>();
  private current: Session | undefined;
  private readonly features: PeerFeature[];

  constructor(private readonly parts: PeerAppParts) {
    this.me = parts.me;
    this.options = parts.options;
    this.out = parts.out;
    this.tracker = parts.tracker;
    this.features = parts.features.map((make) => make(this));
    // TODO (steps 4 and 6): follow the tracker's pushes: this.tracker.on('push', …) for presence,
    //   incoming (this.tickets.expect) and session_ended.
  }

  /** The newest session with this user, if any. */
  sessionWith(username: string): Session | undefined {
    throw new Error(`TODO (README step 4): the session with ${username}`);
  }

  /** Logged in: tells the features (given). */
  async start(): Promise<void> {
    for (const feature of this.features) await feature.loggedIn?.();
  }

  /** Reads commands until /quit or the end of input. */
  async run(prompter: Prompter): Promise<void> {
    // TODO (step 6): read lines with prompter.nextLine(); /help /list /info /connect /to /close /quit
    //   and assignment A2's aliases; plain text goes to the current session; other commands may belong to
    //   a feature (feature.commands). Each chat goes to every feature's chatSent?.(session, text)
    //   before you send it, and chatReceived?.(session, text) before you print it: Lab 05 keeps a
    //   transcript there, and what anyone has seen must already be kept.
    void prompter;
    throw new Error('TODO (README step 6): read commands');
  }

  /** A direct connection arrived on our listening port. */
  accept(socket: Socket): void {
    // TODO (step 4): the first message must be hello with a ticket this.tickets accepts (welcome),
    //   else error BAD_TICKET and close; then confirm session_started to the tracker.
    socket.destroy(new Error('TODO (README step 4): check the caller\'s ticket'));
  }

  /** Leaves: bye on every session, logout, then the tracker connection closes. Safe to call twice. */
  async quit(): Promise<void> {
    // TODO (step 6): bye to every session, logout (wait at most LOGOUT_WAIT_MS), close.
    this.tracker.close();
  }
}
