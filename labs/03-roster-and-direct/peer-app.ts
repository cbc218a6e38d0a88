// Lab 03 starter: the peer once logged in (README steps 4 and 6).
import type { Socket } from 'node:net';
import type { Output } from '#kit/cli/output.ts';
import type { Prompter } from '#kit/cli/prompter.ts';
import type { ChatSession, PeerContext, PeerFeature } from '#kit/peer/peer-feature.ts';
import type { PeerOptions } from '#kit/programs/peer-command.ts';
import type { TrackerClient } from '#kit/tracker/tracker-client.ts';
import type { PeerAppParts } from '#kit/peer/peer-app-parts.ts';
import { TicketBook } from './ticket-book.ts';

export type { PeerAppParts };

/**
 * Suggested pieces (see README): the kit's parseTyped for typed lines, dial() and DirectLink for
 * direct connections, the TicketBook for callers, one ChatSession object per session.
 */
export class PeerApp implements PeerContext {
  readonly me: string;
  readonly options: PeerOptions;
  readonly out: Output;
  readonly tracker: TrackerClient;
  protected readonly tickets = new TicketBook();
  protected readonly features: PeerFeature[];

  constructor(protected readonly parts: PeerAppParts) {
    this.me = parts.me;
    this.options = parts.options;
    this.out = parts.out;
    this.tracker = parts.tracker;
    this.features = parts.features.map((make) => make(this));
    // TODO (steps 4 and 6): follow the tracker's pushes: this.tracker.on('push', …) for presence,
    //   incoming (this.tickets.expect) and session_ended.
  }

  sessionWith(username: string): ChatSession | undefined {
    throw new Error(`TODO (README step 4): the session with ${username}`);
  }

  async start(): Promise<void> {
    for (const feature of this.features) await feature.loggedIn?.();
  }

  /** Reads commands until /quit or the end of input. */
  async run(prompter: Prompter): Promise<void> {
    // TODO (step 6): read lines with prompter.nextLine(); /help /list /info /connect /to /close /quit
    //   and the seed's aliases; plain text goes to the current session; other commands may belong to
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

  async quit(): Promise<void> {
    // TODO (step 6): bye to every session, logout (wait at most LOGOUT_WAIT_MS), close.
    this.tracker.close();
  }
}
