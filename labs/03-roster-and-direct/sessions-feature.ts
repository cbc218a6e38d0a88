// Lab 03 starter: lookups with tickets, and sessions (README steps 3 and 5).
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import type { SessionTable } from './session-table.ts';

export function sessionsFeature(sessions: SessionTable): FeatureFactory {
  return (tracker) => {
    // TODO (step 3): lookup → SELF_LOOKUP, USER_OFFLINE, NO_SUCH_USER (UserStore from Lab 02 knows
    //   who has an account), AT_CAPACITY; otherwise open a session, push `incoming` to the callee,
    //   then reply `peer_info`. Throw RequestError(code, message) to answer with an error.
    // TODO (step 5): session_started, sessions, close_session (tell the other peer with
    //   session_ended); left(peer, why): end the user's sessions and tell the other peers. Pending
    //   sessions live as long as twice a ticket: sessions.setTicketTtl(tracker.options.ticketTtlMs).
    void [tracker, sessions];
    return {};
  };
}
