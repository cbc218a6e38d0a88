// The tracker's dashboard: who is online, the sessions running and ended, the file index, the rooms
// (counts only) and the relayed sessions, and the tracker's own events, redrawn from each snapshot the tracker sends. It only shows; it changes nothing.
import { byId, fill, h } from '../common/dom.ts';
import { bytes, clock, duration, shortHash, since } from '../common/format.ts';
import { LiveSocket, type LiveStatus } from '../common/live-socket.ts';
import { renderNeeds } from '../common/needs-banner.ts';
import type { DashboardSnapshot, FeedRow, LogRow, ToDashboard } from '../../../shared/dashboard-snapshot.ts';
import { renderRelay, renderRooms } from './rooms-and-relay.ts';
import { describeEvent } from './feed-text.ts';
import { describeSessionFiles, filesOfSession, sessionFileLines } from '../../../shared/session-files.ts';

let latest: DashboardSnapshot | undefined;

new LiveSocket<ToDashboard, never>((message) => {
  latest = message.snapshot;
  render(message.snapshot);
}, showLiveStatus);

// Durations ("online for 3 min") move on even when nothing happens.
setInterval(() => latest && render(latest), 15_000);

function render(snapshot: DashboardSnapshot): void {
  const { tracker, counters } = snapshot;
  document.body.classList.toggle('present', snapshot.present);
  byId('tracker-info').textContent =
    tracker.port === null ? `not running: it needs the lab steps below · database ${tracker.db}` : `listening on ${tracker.host}:${tracker.port} · database ${tracker.db} · up ${since(tracker.startedAt)}`;
  renderNeeds(byId('lab-needs'), snapshot.needs, 'The tracker');
  byId('slides-link').hidden = !snapshot.slides;
  fill(
    byId('counters'),
    tile('Online', counters.online, 'accent'),
    tile('Accounts', counters.accounts ?? '—'),
    tile('Active sessions', snapshot.active.length, 'accent'),
    tile('Sessions ended', counters.sessionsEnded),
    tile('Logins', counters.logins),
    tile('Failed logins', counters.failedLogins, counters.failedLogins > 0 ? 'bad' : undefined),
    tile('Files shared', counters.sharedFiles),
    tile('Messages reported', counters.messagesReported),
  );
  byId('online-count').textContent = String(snapshot.online.length);
  fill(
    byId('online'),
    snapshot.online.length === 0
      ? empty('Nobody is logged in.')
      : table(['User', 'Online for', 'Status', 'Shares'], snapshot.online.map((row) => [
          h('span', {}, h('b', { text: row.username }), h('div', { class: 'mono muted small-text nowrap', text: `${row.host}:${row.port}`, title: 'where it listens for direct connections' })),
          since(row.since),
          row.busy ? h('span', { class: 'pill warn', text: 'in a session' }) : h('span', { class: 'pill ok', text: 'available' }),
          String(row.sharedFiles),
        ])),
  );
  byId('active-count').textContent = String(snapshot.active.length);
  fill(
    byId('active'),
    snapshot.active.length === 0
      ? empty('No session is running.')
      : table(['Peers', 'Session', 'Running for'], snapshot.active.map((row) => [
          h('span', {}, h('b', { text: row.peers.join(' ↔ ') }), row.relayed ? h('span', { class: 'pill warn', text: 'relayed, sealed', title: 'Through the relay: it passes on ciphertext only' }) : null),
          h('span', { class: 'mono', text: row.session }),
          since(row.startedAt),
        ])),
  );
  byId('log-source').textContent = snapshot.logSource === 'database' ? 'from the database (Lab 05)' : 'this run (Lab 05 keeps it in the database)';
  fill(byId('log'), snapshot.log.length === 0 ? empty('No session has ended yet.') : table(['Peers', 'Started', 'Lasted', 'How it ended', 'Messages', 'Files'], snapshot.log.map(logCells)));
  byId('index-count').textContent = String(snapshot.index.length);
  fill(
    byId('index'),
    snapshot.index.length === 0
      ? empty('Nobody shares a file yet.')
      : table(['File', 'Shared by'], snapshot.index.map((row) => [
          h('span', { title: `SHA-256 ${row.sha256}` }, h('b', { text: row.name }), h('div', { class: 'muted small-text', text: `${bytes(row.size)} · SHA-256 ${shortHash(row.sha256)}` })),
          row.holders.join(', '),
        ])),
  );
  renderRooms(snapshot.rooms);
  renderRelay(snapshot.relay, snapshot.relayed);
  fill(byId('feed'), ...snapshot.feed.slice(0, 60).map(feedItem));
}

function logCells(row: LogRow): Array<Node | string> {
  const lasted = new Date(row.endedAt).getTime() - new Date(row.startedAt).getTime();
  const files = filesOfSession(row.files);
  return [
    h('span', {}, h('b', { text: row.peers.join(' ↔ ') }), h('div', { class: 'mono muted small-text', text: row.session })),
    clock(row.startedAt),
    duration(lasted),
    h('span', { class: `pill ${row.reason === 'closed' || row.reason === 'disconnected' ? 'ok' : 'bad'}`, text: `${row.reason}${row.by ? ` by ${row.by}` : ''}` }),
    Object.entries(row.messages).map(([who, count]) => `${who} ${count}`).join(' · ') || '—',
    files.length === 0 ? '—' : h('span', { title: sessionFileLines(files), text: describeSessionFiles(files) }),
  ];
}

function feedItem(row: FeedRow): HTMLLIElement {
  const { text, tone } = describeEvent(row.event, row.fields);
  return h('li', { class: `feed-item ${tone}` }, h('span', { class: 'feed-time', text: clock(row.at) }), h('span', { text }));
}

function tile(label: string, value: number | string, tone?: 'accent' | 'bad'): HTMLElement {
  return h('div', { class: `tile card${tone ? ` ${tone}` : ''}`, attrs: { 'data-counter': label } }, h('div', { class: 'tile-value', text: String(value) }), h('div', { class: 'tile-label', text: label }));
}

function table(headings: string[], rows: Array<Array<Node | string>>): HTMLTableElement {
  return h('table', { class: 'table' }, h('thead', {}, h('tr', {}, ...headings.map((title) => h('th', { text: title })))), h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))));
}

function empty(text: string): HTMLElement {
  return h('p', { class: 'empty muted', text });
}

function showLiveStatus(status: LiveStatus): void {
  const badge = byId('live-status');
  badge.className = `live-status ${status}`;
  badge.textContent = status === 'live' ? 'live' : 'reconnecting…';
}
