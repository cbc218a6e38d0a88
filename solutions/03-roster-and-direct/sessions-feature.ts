// Introductions and sessions: a lookup issues a one-time ticket for one caller and one callee, the
// callee is told to expect it, and the tracker keeps the set of active sessions.
import { RequestError, type FeatureFactory, type LeaveReason, type OnlinePeer } from '#kit/tracker/tracker-feature.ts';
import { UserStore } from '../02-tracker-auth/user-store.ts';
import type { Session, SessionTable } from './session-table.ts';

export function sessionsFeature(sessions: SessionTable): FeatureFactory {
  return (tracker) => {
    const users = new UserStore(tracker.db);
    sessions.setTicketTtl(tracker.options.ticketTtlMs);
    sessions.on('started', (s) => tracker.out.emit('session_started', { session: s.id, peers: s.peers }, `session ${s.id}: ${s.peers.join(' ↔ ')} started`));
    sessions.on('ended', (s) => tracker.out.emit('session_ended', { session: s.id, reason: s.reason ?? 'closed', ...(s.by ? { by: s.by } : {}) }, `session ${s.id} ended (${s.reason}${s.by ? ` by ${s.by}` : ''})`));
    // Tell the peer of a session that the other one ended it.
    const tellOther = (session: Session, who: string) => {
      const other = session.peers.find((name) => name !== who);
      const peer = other === undefined ? undefined : tracker.online.get(other);
      peer?.push({ type: 'session_ended', session: session.id, reason: session.reason ?? 'closed', ...(session.by ? { by: session.by } : {}) });
    };
    return {
      requests: {
        lookup: (caller, { username }) => {
          if (username === caller.username) throw new RequestError('SELF_LOOKUP', 'a session needs two different peers');
          const callee = tracker.online.get(username);
          if (!callee) {
            if (users.exists(username)) throw new RequestError('USER_OFFLINE', `${username} is not online`);
            throw new RequestError('NO_SUCH_USER', `nobody is called ${username}`);
          }
          if (!sessions.hasRoomFor(caller.username) || !sessions.hasRoomFor(username)) {
            throw new RequestError('AT_CAPACITY', 'too many sessions at once: close one first');
          }
          const session = sessions.open(caller.username, username);
          const expires = tracker.options.ticketTtlMs;
          // The callee hears first, so it normally knows the ticket before the caller can dial.
          callee.push({ type: 'incoming', from: caller.username, ticket: session.ticket, session: session.id, expires_in_ms: expires });
          return { type: 'peer_info', username, host: callee.host, port: callee.port, ticket: session.ticket, session: session.id, expires_in_ms: expires };
        },
        session_started: (peer, { session }) => {
          if (!sessions.confirm(session, peer.username)) throw new RequestError('NO_SUCH_SESSION', `no session ${session} waits for you`);
          return { type: 'ok', re: 'session_started' };
        },
        sessions: (peer) => ({
          type: 'sessions',
          active: sessions.activeFor(peer.username).map((s) => ({ session: s.id, peers: s.peers, started_at: (s.startedAt ?? new Date()).toISOString() })),
        }),
        close_session: (peer, { session, reason, messages_sent, files }) => {
          if (!sessions.report(session, peer.username, { messagesSent: messages_sent, files })) {
            throw new RequestError('NO_SUCH_SESSION', `you have no session ${session}`);
          }
          const ended = sessions.end(session, reason ?? 'closed', peer.username);
          if (ended) tellOther(ended, peer.username);
          return { type: 'ok', re: 'close_session' };
        },
      },
      left(peer: OnlinePeer, why: LeaveReason) {
        for (const ended of sessions.endAllFor(peer.username, why === 'logout' ? 'disconnected' : 'lost')) tellOther(ended, peer.username);
      },
    };
  };
}
