// Lab 03 cut back to each README step (see grader/engine/step-trim.ts): what a student has written by
// then, so that every check of that step and the ones before passes without a later step's code.
// Steps 1, 2, 3 and 5 are the tracker, 4 and 6 the peer: until Step 4 the peer's files are the
// starter's, and the tracker's Step 5 code is taken out of the trims through Steps 3 and 4.
import type { TextEdit } from '../../engine/mutant.ts';
import type { StepTrim } from '../../engine/step-trim.ts';

/** Step 4's files (and Step 6's, which finish peer-app.ts): the peer. */
const PEER_FILES = ['peer-app.ts', 'ticket-book.ts'];

/** Step 3's files (and Step 5's, which finish them): lookups and the session table. */
const SESSION_FILES = ['sessions-feature.ts', 'session-table.ts'];

/** Before step 2: the roster is kept up to date, but nobody is told of a login or a departure. */
const NO_PRESENCE: TextEdit[] = [
  { file: 'roster-feature.ts', find: '        for (const other of others(peer)) other.push(arrival);\n', replace: '' },
  { file: 'roster-feature.ts', find: '        for (const other of others(peer)) other.push(departure);\n', replace: '' },
];

/** Before step 5: lookups only; no session_started, sessions, close_session, no ending on leave, no pending expiry. */
const NO_SESSIONS: TextEdit[] = [
  { file: 'sessions-feature.ts', find: '    sessions.setTicketTtl(tracker.options.ticketTtlMs);\n', replace: '' },
  {
    file: 'sessions-feature.ts',
    find: `        session_started: (peer, { session }) => {
          if (!sessions.confirm(session, peer.username)) throw new RequestError('NO_SUCH_SESSION', \`no session \${session} waits for you\`);
          return { type: 'ok', re: 'session_started' };
        },
        sessions: (peer) => ({
          type: 'sessions',
          active: sessions.activeFor(peer.username).map((s) => ({ session: s.id, peers: s.peers, started_at: (s.startedAt ?? new Date()).toISOString() })),
        }),
        close_session: (peer, { session, reason, messages_sent, files }) => {
          if (!sessions.report(session, peer.username, { messagesSent: messages_sent, files })) {
            throw new RequestError('NO_SUCH_SESSION', \`you have no session \${session}\`);
          }
          const ended = sessions.end(session, reason ?? 'closed', peer.username);
          if (ended) tellOther(ended, peer.username);
          return { type: 'ok', re: 'close_session' };
        },
`,
    replace: '',
  },
  {
    file: 'sessions-feature.ts',
    find: `      left(peer: OnlinePeer, why: LeaveReason) {
        for (const ended of sessions.endAllFor(peer.username, why === 'logout' ? 'disconnected' : 'lost')) tellOther(ended, peer.username);
      },
`,
    replace: '',
  },
  { file: 'session-table.ts', find: '    this.forgetExpired();\n    let count = 0;\n', replace: '    let count = 0;\n' },
];

/** Before step 6: a first command loop (/connect, /to, chat text) and no ending of sessions: no /list, /info, /close, /quit, BAD_COMMAND, bye or session_ended handling. */
const NO_TERMINAL: TextEdit[] = [
  { file: 'peer-app.ts', find: "    if (name === '/help') return this.out.note([...HELP, ...this.features.flatMap((f) => f.help ?? [])].join('\\n'));\n    if (name === '/list') return this.list();\n    if (name === '/info' && first) return this.info(first);\n", replace: '' },
  { file: 'peer-app.ts', find: "    if (name === '/close') return this.close(first ? this.sessionWith(first) : this.current, first);\n    if (name === '/quit') return this.quit();\n", replace: '' },
  { file: 'peer-app.ts', find: "    this.problem('BAD_COMMAND', `unknown command or missing argument: ${line.trim()} (try /help)`);\n", replace: '' },
  { file: 'peer-app.ts', find: '  async quit(): Promise<void> {\n    if (this.quitting) return;\n', replace: '  async quit(): Promise<void> {\n    this.tracker.close();\n    return;\n' },
  { file: 'peer-app.ts', find: "    link.on('closed', ({ clean }) => void this.linkClosed(session, clean));\n", replace: '' },
  { file: 'peer-app.ts', find: "    } else if (message.type === 'bye') {", replace: "    } else if (message.type === 'bye' && false) {" },
  { file: 'peer-app.ts', find: "    } else if (message.type === 'session_ended') {", replace: "    } else if (message.type === 'session_ended' && false) {" },
];

export const rosterAndDirectStepTrims: StepTrim[] = [
  { throughStep: 1, missing: 'presence, lookups, the peer, sessions', starterFiles: [...SESSION_FILES, ...PEER_FILES], edits: NO_PRESENCE },
  { throughStep: 2, missing: 'lookups, the peer, sessions', starterFiles: [...SESSION_FILES, ...PEER_FILES] },
  { throughStep: 3, missing: 'the peer, sessions', starterFiles: PEER_FILES, edits: NO_SESSIONS },
  { throughStep: 4, missing: 'sessions on the tracker, the terminal peer', edits: [...NO_SESSIONS, ...NO_TERMINAL] },
  { throughStep: 5, missing: 'the terminal peer', edits: NO_TERMINAL },
];
