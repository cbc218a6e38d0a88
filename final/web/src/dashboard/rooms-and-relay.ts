// Lab 06 on the dashboard: the rooms, as outsiders may see them (how many, how big, how busy: never a
// code, a topic or a message), and the relayed sessions with the bytes the relay carried each way,
// which is all the relay itself can know of them.
import { byId, fill, h } from '../common/dom.ts';
import { bytes, clock } from '../common/format.ts';
import type { RelayRow, RelayState, RoomsRow } from '../../../shared/dashboard-snapshot.ts';

export function renderRooms(rooms: RoomsRow): void {
  byId('rooms-count').textContent = String(rooms.rooms);
  if (rooms.rooms === 0) return fill(byId('rooms'), h('p', { class: 'empty muted', text: 'No room is open.' }));
  fill(
    byId('rooms'),
    h('p', { text: `${rooms.rooms} room${rooms.rooms === 1 ? '' : 's'} · ${rooms.messages} message${rooms.messages === 1 ? '' : 's'} passed on` }),
    h('ul', { class: 'room-sizes' }, ...rooms.members.map((count, at) => h('li', { text: `room ${at + 1}: ${count} member${count === 1 ? '' : 's'}` }))),
  );
}

export function renderRelay(relay: RelayState, sessions: RelayRow[]): void {
  byId('relay-info').textContent = relay.running
    ? `relay at ${relay.address ?? '?'}${relay.refused ? ` · ${relay.refused} refused` : ''}`
    : (relay.note ?? 'no relay');
  if (sessions.length === 0) return fill(byId('relayed'), h('p', { class: 'empty muted', text: 'No session has gone through the relay.' }));
  const rows = sessions.map((row) =>
    h(
      'tr',
      {},
      h('td', {}, h('b', { text: row.peers.join(' ↔ ') || '?' }), h('div', { class: 'mono muted small-text', text: row.session })),
      h('td', { text: clock(row.at) }),
      h('td', {}, h('span', { class: `pill ${row.state === 'ended' ? 'ok' : 'warn'}`, text: row.state === 'asked' ? 'waiting for both sides' : row.state === 'paired' ? 'carrying sealed records' : 'ended' })),
      h('td', { text: row.callerBytes === undefined ? '—' : `${bytes(row.callerBytes)} → · ← ${bytes(row.calleeBytes ?? 0)}` }),
    ),
  );
  fill(byId('relayed'), h('table', { class: 'table' }, h('thead', {}, h('tr', {}, ...['Peers', 'Asked', 'State', 'Bytes (caller → · ← callee)'].map((t) => h('th', { text: t })))), h('tbody', {}, ...rows)));
}
