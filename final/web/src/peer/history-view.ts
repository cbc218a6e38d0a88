// Past sessions: those of this run, each reopened with its transcript, and (once Lab 05 is in) the
// tracker's log of every session you took part in.
import { fill, h } from '../common/dom.ts';
import { clock, duration, plural } from '../common/format.ts';
import { avatar } from './avatar.ts';
import type { PeerStore } from './peer-store.ts';
import { describeSessionFiles, filesOfSession, sessionFileLines } from '../../../shared/session-files.ts';

interface PastSession {
  session: string;
  peers: string[];
  started_at: string;
  ended_at: string;
  reason: string;
  by?: string;
  messages?: Record<string, number>;
  files?: Array<{ name: string; size: number; sha256: string; verified: boolean; direction: 'sent' | 'received'; reported_by: string }>;
}

export class HistoryView {
  private readonly root = h('div', { class: 'pane history-pane' });

  constructor(
    private readonly store: PeerStore,
    private readonly open: (session: string) => void,
    private readonly refresh: () => void,
  ) {}

  render(): HTMLElement {
    const ended = [...this.store.sessions.values()].filter((s) => !s.open).reverse();
    const rows = ended.map((session) => {
      const messages = session.timeline.filter((item) => item.kind === 'chat').length;
      const files = session.timeline.filter((item) => item.kind === 'file').length;
      return h(
        'li',
        {},
        h(
          'button',
          { class: 'history-row', attrs: { type: 'button', 'data-session': session.id }, on: { click: () => this.open(session.id) } },
          avatar(session.with),
          h('span', { class: 'history-main' }, h('span', { class: 'history-with', text: `${session.me} ↔ ${session.with}` }), h('span', { class: 'muted', text: `${clock(session.startedAt)} – ${clock(session.endedAt ?? Date.now())} · ${duration((session.endedAt ?? Date.now()) - session.startedAt)} · ${session.ended ?? 'ended'}` })),
          h('span', { class: 'history-counts', text: `${plural(messages, 'message')}${files ? ` · ${plural(files, 'file')}` : ''}` }),
        ),
      );
    });
    fill(
      this.root,
      h('header', { class: 'pane-head' }, h('div', { class: 'pane-heading' }, h('h2', { class: 'pane-title', text: 'Session history' }), h('div', { class: 'pane-meta', text: 'Click a session to read its transcript again.' }))),
      h('div', { class: 'scroller' },
        h('h3', { class: 'section-title', text: 'This run' }),
        rows.length ? h('ul', { class: 'history-list' }, ...rows) : h('p', { class: 'muted', text: 'No session has ended yet.' }),
        this.trackerPart(),
      ),
    );
    return this.root;
  }

  private trackerPart(): HTMLElement {
    if (!this.store.historyAvailable) {
      return h('p', { class: 'muted note', text: 'Lab 05 adds the tracker\'s log of all your sessions (across restarts) and the transcript of earlier chats, shown here when it is plugged in.' });
    }
    const past = (this.store.trackerHistory ?? []) as PastSession[];
    return h(
      'section',
      {},
      h('h3', { class: 'section-title' }, 'The tracker\'s log ', h('button', { class: 'button ghost small', text: 'Refresh', attrs: { type: 'button' }, on: { click: () => this.refresh() } })),
      this.store.trackerHistory === undefined
        ? h('p', { class: 'muted', text: 'Loading…' })
        : past.length === 0
          ? h('p', { class: 'muted', text: 'The tracker has no ended session of yours.' })
          : h(
              'table',
              { class: 'table' },
              h('thead', {}, h('tr', {}, ...['With', 'Started', 'Ended', 'How', 'Messages', 'Files'].map((title) => h('th', { text: title })))),
              h('tbody', {}, ...past.map((row) => h('tr', {},
                h('td', { text: row.peers.join(' ↔ ') }),
                h('td', { class: 'nowrap', text: clock(row.started_at) }),
                h('td', { class: 'nowrap', text: clock(row.ended_at) }),
                h('td', { text: `${row.reason}${row.by ? ` by ${row.by}` : ''}` }),
                h('td', { text: Object.entries(row.messages ?? {}).map(([who, n]) => `${who} ${n}`).join(', ') || '—' }),
                filesCell(row.files ?? []),
              ))),
            ),
    );
  }
}

/** The tracker's log holds each side's report of a file: counted as files, their agreement shown. */
function filesCell(reports: NonNullable<PastSession['files']>): HTMLElement {
  const files = filesOfSession(reports.map(({ reported_by, ...report }) => ({ ...report, reportedBy: reported_by })));
  return h('td', { title: sessionFileLines(files), text: describeSessionFiles(files) });
}
