// The protocol inspector: every line on one connection of this peer (the tracker connection, or a
// direct one), live, as a list of the exact JSON or as a sequence diagram between the two ends. It
// follows the chat on screen unless another connection is picked, and moves from a tracker connection
// that closed to the one that replaced it (a new login). Keepalives (ping, pong) are hidden unless asked
// for: they come every few seconds and would bury the lines worth reading.
import { byId, fill, h, keepAtEnd } from '../common/dom.ts';
import { clock } from '../common/format.ts';
import type { ConnectionInfo, WireEntry } from '../../../shared/peer-page-messages.ts';
import type { PeerStore } from './peer-store.ts';
import { summary } from './wire-summary.ts';

type Mode = 'list' | 'sequence';

const KEEPALIVES = new Set(['ping', 'pong']);

export class InspectorView {
  private readonly root = byId('inspector');
  private readonly picker = h('select', { attrs: { id: 'inspector-connection', 'aria-label': 'Connection to inspect' } });
  private readonly listButton = h('button', { class: 'segment', text: 'List', attrs: { type: 'button', id: 'inspector-list' }, on: { click: () => this.setMode('list') } });
  private readonly sequenceButton = h('button', { class: 'segment', text: 'Sequence', attrs: { type: 'button', id: 'inspector-sequence' }, on: { click: () => this.setMode('sequence') } });
  private readonly lanes = h('div', { class: 'lanes' });
  private readonly body = h('ol', { class: 'wire', attrs: { id: 'wire' } });
  private readonly scroller = h('div', { class: 'wire-scroller' }, this.body);
  private readonly showKeepalives = h('input', { attrs: { type: 'checkbox', id: 'inspector-keepalives' } });
  private readonly hiddenNote = h('span', { class: 'muted', attrs: { id: 'inspector-hidden' } });
  private mode: Mode = 'list';
  private chosen: string | undefined;
  private followed: string | undefined;
  private shown: string | undefined;

  constructor(private readonly store: PeerStore) {
    this.picker.addEventListener('change', () => {
      this.chosen = this.picker.value;
      this.render();
    });
    this.showKeepalives.addEventListener('change', () => this.render());
    fill(
      this.root,
      h('header', { class: 'inspector-head' }, h('h2', { text: 'Protocol inspector' }), h('div', { class: 'segmented small', attrs: { role: 'group', 'aria-label': 'View' } }, this.listButton, this.sequenceButton)),
      this.picker,
      this.lanes,
      this.scroller,
      h(
        'footer',
        { class: 'inspector-foot' },
        h('span', { class: 'legend out', text: '→ sent' }),
        h('span', { class: 'legend in', text: '← received' }),
        h('label', { class: 'keepalive-toggle', title: 'ping and pong keep idle connections alive' }, this.showKeepalives, ' pings'),
        this.hiddenNote,
        h('span', { class: 'muted', text: 'passwords masked' }),
      ),
    );
    this.setMode('list');
  }

  render(): void {
    this.follow();
    const connections = [...this.store.connections.values()].sort((a, b) => Number(b.open) - Number(a.open) || b.openedAt - a.openedAt);
    if (!this.chosen || !this.store.connections.has(this.chosen)) this.chosen = connections.find((c) => c.kind === 'tracker' && c.open)?.id ?? connections[0]?.id;
    fill(this.picker, ...connections.map((c) => h('option', { text: `${c.label}${c.open ? '' : ' (closed)'}`, attrs: { value: c.id } })));
    if (this.chosen) this.picker.value = this.chosen;
    const connection = this.chosen ? this.store.connections.get(this.chosen) : undefined;
    const all = this.chosen ? (this.store.wire.get(this.chosen) ?? []) : [];
    const entries = this.showKeepalives.checked ? all : all.filter((entry) => !KEEPALIVES.has(entry.type));
    const hidden = all.length - entries.length;
    this.hiddenNote.textContent = hidden > 0 ? `${hidden} hidden` : '';
    this.root.classList.toggle('sequence-mode', this.mode === 'sequence');
    fill(this.lanes, ...(connection && this.mode === 'sequence' ? [h('div', { class: 'lane-names' }, h('span', { class: 'lane-name', text: `you (${this.store.login.me ?? 'this peer'})` }), h('span', { class: 'lane-name', text: connection.peer }))] : []));
    // A newly chosen connection opens at its latest line; otherwise stay where the reader scrolled.
    const switched = this.shown !== this.chosen;
    this.shown = this.chosen;
    keepAtEnd(this.scroller, () => {
      if (!connection) return fill(this.body, h('li', { class: 'empty', text: 'No connection yet: log in, and the tracker connection appears here.' }));
      fill(this.body, ...entries.map((entry) => (this.mode === 'list' ? listRow(entry) : sequenceRow(entry))));
    });
    if (switched) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /** When another chat comes on screen, show its connection; after a new login, the new tracker connection. */
  private follow(): void {
    const chosen = this.chosen ? this.store.connections.get(this.chosen) : undefined;
    if (chosen?.kind === 'tracker' && !chosen.open) {
      const replaced = [...this.store.connections.values()].find((c) => c.kind === 'tracker' && c.open && c.openedAt >= chosen.openedAt);
      if (replaced) this.chosen = replaced.id;
    }
    const selected = this.store.selected;
    if (selected === this.followed) return;
    this.followed = selected;
    const match = [...this.store.connections.values()].reverse().find((c: ConnectionInfo) => c.session !== undefined && c.session === selected);
    if (match) this.chosen = match.id;
  }

  private setMode(mode: Mode): void {
    this.mode = mode;
    this.listButton.setAttribute('aria-pressed', String(mode === 'list'));
    this.sequenceButton.setAttribute('aria-pressed', String(mode === 'sequence'));
    this.render();
  }
}

function time(at: number): string {
  const date = new Date(at);
  return `${clock(at)}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function listRow(entry: WireEntry): HTMLLIElement {
  const frames = entry.frames ?? 1;
  const text =
    entry.type === 'data'
      ? `${entry.text}  (×${frames} frame${frames === 1 ? '' : 's'}: ${entry.bytes ?? 0} bytes of file data)`
      : entry.type === 'sealed'
        ? `${entry.text}: ${entry.bytes ?? 0} bytes of ciphertext`
        : entry.text;
  return h(
    'li',
    { class: `wire-row ${entry.dir}`, attrs: { 'data-type': entry.type } },
    h('span', { class: 'wire-dir', text: entry.dir === 'out' ? '→' : '←', attrs: { 'aria-label': entry.dir === 'out' ? 'sent' : 'received' } }),
    h('span', { class: 'wire-time', text: time(entry.at) }),
    h('span', { class: 'wire-type', text: entry.type }),
    h('code', { class: 'wire-text', text }),
  );
}

function sequenceRow(entry: WireEntry): HTMLLIElement {
  return h(
    'li',
    { class: `seq-row ${entry.dir}`, attrs: { 'data-type': entry.type }, title: entry.text },
    h('span', { class: 'wire-time', text: time(entry.at) }),
    h('div', { class: 'seq-lane' }, h('div', { class: 'seq-arrow' }, h('span', { class: 'seq-label' }, h('b', { text: entry.type }), ' ', summary(entry)))),
  );
}
