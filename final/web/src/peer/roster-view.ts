// Who is online, kept live by the tracker's presence pushes. Clicking someone opens a direct chat
// (or shows the one already open).
import { byId, fill, h } from '../common/dom.ts';
import { since } from '../common/format.ts';
import { avatar } from './avatar.ts';
import type { PeerStore } from './peer-store.ts';

export class RosterView {
  private readonly list = byId<HTMLUListElement>('roster');
  private readonly count = byId('roster-count');

  constructor(
    private readonly store: PeerStore,
    private readonly open: (username: string) => void,
  ) {}

  render(): void {
    const me = this.store.login.me;
    const users = [...this.store.roster.values()].sort((a, b) => Number(b.username === me) - Number(a.username === me) || a.since.localeCompare(b.since));
    this.count.textContent = users.length ? String(users.length) : '';
    if (users.length <= 1) {
      fill(this.list, ...users.map((user) => this.item(user.username, user.since, user.busy, me)), h('li', { class: 'empty', text: 'Nobody else is online yet. When someone logs in, they appear here.' }));
      return;
    }
    fill(this.list, ...users.map((user) => this.item(user.username, user.since, user.busy, me)));
  }

  private item(username: string, online: string, busy: boolean, me: string | undefined): HTMLLIElement {
    const mine = username === me;
    const chatting = this.store.openSessionWith(username) !== undefined;
    const connecting = this.store.connecting === username;
    const status = mine ? 'you' : connecting ? 'connecting…' : chatting ? 'chatting with you' : busy ? 'in a session' : `online for ${since(online)}`;
    const button = h(
      'button',
      {
        class: `roster-item${chatting ? ' chatting' : ''}`,
        attrs: { type: 'button', 'data-user': username, ...(mine ? { disabled: '' } : {}) },
        title: mine ? 'This is you' : `Chat with ${username}`,
        on: { click: () => this.open(username) },
      },
      avatar(username),
      h('span', { class: 'roster-text' }, h('span', { class: 'roster-name', text: username }), h('span', { class: 'roster-status', text: status })),
      h('span', { class: `presence ${busy || chatting ? 'busy' : 'online'}`, attrs: { 'aria-hidden': 'true' } }),
    );
    return h('li', {}, button);
  }
}
