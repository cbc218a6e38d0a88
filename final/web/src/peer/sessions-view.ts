// The direct chats, one tab each (several at once), the rooms (Lab 06, room-pane.ts), and a History tab. A chat shows its messages and
// files in order, takes text and files (picker or drag and drop), and can be ended. An ended chat stays
// readable until its tab is closed, and in History after that.
import { byId, fill, h, keepAtEnd } from '../common/dom.ts';
import { clock } from '../common/format.ts';
import { avatar } from './avatar.ts';
import { HistoryView } from './history-view.ts';
import type { ChatSession, PeerStore, TimelineItem } from './peer-store.ts';
import { RoomPanes, type RoomActions } from './room-pane.ts';
import { roomOfTab, roomTab, type RoomState } from './room-state.ts';
import { transferCard } from './transfer-card.ts';

export const HISTORY_TAB = 'history';

export interface SessionActions {
  chat(to: string, text: string): boolean;
  sendFiles(to: string, files: File[]): void;
  close(username: string): void;
  refreshHistory(): void;
}

interface Pane {
  root: HTMLElement;
  title: HTMLElement;
  meta: HTMLElement;
  end: HTMLButtonElement;
  earlier: HTMLElement;
  list: HTMLUListElement;
  composer: HTMLFormElement;
  input: HTMLInputElement;
  closedNote: HTMLElement;
}

export class SessionsView {
  private readonly tabs = byId('tabs');
  private readonly panel = byId('session-panel');
  private readonly panes = new Map<string, Pane>();
  private readonly dismissed = new Set<string>();
  private readonly history: HistoryView;
  private readonly rooms: RoomPanes;
  private readonly dismissedRooms = new Set<string>();

  constructor(
    private readonly store: PeerStore,
    private readonly actions: SessionActions,
    roomActions: RoomActions,
  ) {
    this.rooms = new RoomPanes(roomActions);
    this.history = new HistoryView(store, (id) => {
      this.dismissed.delete(id);
      store.select(id);
    }, actions.refreshHistory);
  }

  render(): void {
    this.renderTabs();
    const selected = this.store.selected;
    if (selected === HISTORY_TAB) return fill(this.panel, this.history.render());
    const room = this.store.rooms.get(roomOfTab(selected) ?? '');
    if (room) {
      const root = this.rooms.render(room);
      if (this.panel.firstElementChild !== root) fill(this.panel, root);
      return;
    }
    const session = this.store.session(selected);
    if (!session) return fill(this.panel, emptyState(this.store.login.me));
    const pane = this.paneFor(session);
    this.update(pane, session);
    if (this.panel.firstElementChild !== pane.root) fill(this.panel, pane.root);
  }

  private renderTabs(): void {
    const visible = [...this.store.sessions.values()].filter((s) => s.open || !this.dismissed.has(s.id) || s.id === this.store.selected);
    const tabs = visible.map((session) => {
      const selected = session.id === this.store.selected;
      return h(
        'div',
        { class: `tab${selected ? ' selected' : ''}${session.open ? '' : ' ended'}`, attrs: { 'data-session': session.id, 'data-with': session.with } },
        h(
          'button',
          { class: 'tab-main', attrs: { type: 'button', role: 'tab', 'aria-selected': String(selected) }, on: { click: () => this.store.select(session.id) } },
          avatar(session.with, 'small'),
          h('span', { class: 'tab-name', text: session.with }),
          session.relayed ? h('span', { class: 'relayed-mark', text: '🔒', title: 'Through the relay, sealed end to end' }) : null,
          session.unread > 0 ? h('span', { class: 'badge', text: String(session.unread) }) : null,
        ),
        h('button', {
          class: 'tab-close',
          text: '×',
          title: session.open ? `End the session with ${session.with}` : 'Close this tab (it stays in History)',
          attrs: { type: 'button', 'aria-label': session.open ? `End the session with ${session.with}` : 'Close tab' },
          on: { click: () => this.closeTab(session) },
        }),
      );
    });
    const historySelected = this.store.selected === HISTORY_TAB;
    const history = h(
      'div',
      { class: `tab history-tab${historySelected ? ' selected' : ''}` },
      h('button', { class: 'tab-main', text: 'History', attrs: { type: 'button', role: 'tab', id: 'history-tab', 'aria-selected': String(historySelected) }, on: { click: () => this.store.select(HISTORY_TAB) } }),
    );
    fill(this.tabs, ...tabs, ...this.roomTabs(), history);
  }

  private roomTabs(): HTMLElement[] {
    const visible = [...this.store.rooms.values()].filter((r) => r.open || !this.dismissedRooms.has(r.code) || roomTab(r.code) === this.store.selected);
    return visible.map((room) => {
      const tab = roomTab(room.code);
      const selected = tab === this.store.selected;
      return h(
        'div',
        { class: `tab room-tab${selected ? ' selected' : ''}${room.open ? '' : ' ended'}`, attrs: { 'data-room': room.code } },
        h(
          'button',
          { class: 'tab-main', attrs: { type: 'button', role: 'tab', 'aria-selected': String(selected) }, on: { click: () => this.store.select(tab) } },
          h('span', { class: 'room-mark', text: '#', attrs: { 'aria-hidden': 'true' } }),
          h('span', { class: 'tab-name', text: room.topic || room.code }),
          room.unread > 0 ? h('span', { class: 'badge', text: String(room.unread) }) : null,
        ),
        room.open ? null : h('button', { class: 'tab-close', text: '×', title: 'Close this tab', attrs: { type: 'button', 'aria-label': 'Close tab' }, on: { click: () => this.closeRoomTab(room) } }),
      );
    });
  }

  private closeRoomTab(room: RoomState): void {
    this.dismissedRooms.add(room.code);
    if (this.store.selected === roomTab(room.code)) this.store.select([...this.store.sessions.values()].reverse().find((s) => s.open)?.id);
    this.render();
  }

  private closeTab(session: ChatSession): void {
    if (session.open) return this.actions.close(session.with);
    this.dismissed.add(session.id);
    if (this.store.selected === session.id) this.store.select([...this.store.sessions.values()].reverse().find((s) => s.open)?.id);
    this.render();
  }

  private paneFor(session: ChatSession): Pane {
    const existing = this.panes.get(session.id);
    if (existing) return existing;
    const input = h('input', { class: 'composer-input', attrs: { type: 'text', placeholder: `Message ${session.with}`, 'aria-label': `Message to ${session.with}`, autocomplete: 'off' } });
    const picker = h('input', { attrs: { type: 'file', multiple: '', class: 'file-picker', 'aria-label': `Choose files to send to ${session.with}` } });
    picker.addEventListener('change', () => {
      if (picker.files?.length) this.actions.sendFiles(session.with, [...picker.files]);
      picker.value = '';
    });
    const composer = h(
      'form',
      { class: 'composer', on: { submit: (event) => {
        event.preventDefault();
        if (input.value.trim() && this.actions.chat(session.with, input.value)) input.value = '';
      } } },
      h('label', { class: 'button ghost file-button', title: 'Send a file (or drop it on the chat)' }, h('span', { class: 'plus', text: '+' }), h('span', { text: 'File' }), picker),
      input,
      h('button', { class: 'button primary', text: 'Send', attrs: { type: 'submit' } }),
    );
    const end = h('button', { class: 'button ghost danger', text: 'End session', attrs: { type: 'button' }, on: { click: () => this.actions.close(session.with) } });
    const pane: Pane = {
      root: h('div', { class: 'pane', attrs: { 'data-session': session.id } }),
      title: h('h2', { class: 'pane-title' }),
      meta: h('div', { class: 'pane-meta' }),
      end,
      earlier: h('section', { class: 'earlier' }),
      list: h('ul', { class: 'timeline', attrs: { 'aria-live': 'polite' } }),
      composer,
      input,
      closedNote: h('div', { class: 'closed-note' }),
    };
    const drop = h('div', { class: 'drop-overlay' }, h('div', { class: 'drop-text', text: `Drop to send to ${session.with}` }));
    fill(
      pane.root,
      h('header', { class: 'pane-head' }, avatar(session.with), h('div', { class: 'pane-heading' }, pane.title, pane.meta), end),
      h('div', { class: 'scroller' }, pane.earlier, pane.list),
      pane.closedNote,
      composer,
      drop,
    );
    this.acceptDrops(pane.root, session);
    this.panes.set(session.id, pane);
    return pane;
  }

  private update(pane: Pane, session: ChatSession): void {
    pane.title.textContent = `Chat with ${session.with}`;
    const count = session.timeline.filter((item) => item.kind === 'chat').length;
    const files = session.timeline.filter((item) => item.kind === 'file').length;
    const how = session.relayed ? 'through the relay, sealed end to end (the relay sees only ciphertext)' : 'direct, peer to peer';
    pane.root.classList.toggle('relayed', session.relayed);
    pane.meta.textContent = `${how} · session ${session.id} · ${count} message${count === 1 ? '' : 's'}${files ? ` · ${files} file${files === 1 ? '' : 's'}` : ''}`;
    pane.end.hidden = !session.open;
    pane.composer.hidden = !session.open;
    pane.closedNote.hidden = session.open;
    pane.closedNote.textContent = session.open ? '' : `This session has ended (${session.ended ?? 'ended'}). Click ${session.with} in the roster to start a new one.`;
    pane.root.classList.toggle('ended', !session.open);
    if (session.earlier.length > 0) {
      fill(pane.earlier, h('h3', { text: `Earlier with ${session.with}` }), ...session.earlier.map((m) => chatLine(m.from, m.text, new Date(m.at).getTime(), m.from === session.me, true)));
    } else fill(pane.earlier);
    const scroller = pane.list.parentElement ?? pane.list;
    keepAtEnd(scroller, () => fill(pane.list, ...session.timeline.map((item) => this.item(item, session))));
    if (session.open && this.store.selected === session.id && document.activeElement === document.body) pane.input.focus();
  }

  private item(item: TimelineItem, session: ChatSession): HTMLElement {
    if (item.kind === 'chat') return chatLine(item.from, item.text, item.at, item.mine, false);
    if (item.kind === 'notice') return h('li', { class: 'notice', text: `${item.text} · ${clock(item.at)}` });
    const transfer = this.store.transfers.get(item.key);
    return h('li', { class: 'file-item' }, transfer ? transferCard(transfer, session.me) : null);
  }

  private acceptDrops(root: HTMLElement, session: ChatSession): void {
    let depth = 0;
    const hasFiles = (event: DragEvent) => [...(event.dataTransfer?.types ?? [])].includes('Files');
    root.addEventListener('dragenter', (event) => {
      if (!hasFiles(event) || !session.open) return;
      depth += 1;
      root.classList.add('dragging');
    });
    root.addEventListener('dragover', (event) => {
      if (!hasFiles(event) || !session.open) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    });
    root.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) root.classList.remove('dragging');
    });
    root.addEventListener('drop', (event) => {
      event.preventDefault();
      depth = 0;
      root.classList.remove('dragging');
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length && session.open) this.actions.sendFiles(session.with, files);
    });
  }
}

function chatLine(from: string, text: string, at: number, mine: boolean, earlier: boolean): HTMLLIElement {
  return h(
    'li',
    { class: `msg ${mine ? 'mine' : 'theirs'}${earlier ? ' earlier-msg' : ''}` },
    mine ? null : avatar(from, 'small'),
    h('div', { class: 'bubble' }, h('div', { class: 'msg-text', text }), h('div', { class: 'msg-meta', text: `${mine ? 'you' : from} · ${clock(at)}` })),
  );
}

function emptyState(me: string | undefined): HTMLElement {
  return h(
    'div',
    { class: 'empty-state' },
    h('div', { class: 'empty-art', attrs: { 'aria-hidden': 'true' } }),
    h('h2', { text: me ? `Hello, ${me}!` : 'Hello!' }),
    h('p', { text: 'Pick someone in the roster to start a direct chat. Messages and files go straight to them: the tracker only introduces you.' }),
    h('p', { class: 'muted', text: 'Open the protocol inspector on the right to watch every message on the wire.' }),
  );
}
