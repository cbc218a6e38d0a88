// The sidebar's rooms (Lab 06): make one (the tracker hands out its code), join one by a code someone
// gave you, and the rooms you are in, each opening its tab. Codes are shown only here and in the room:
// nobody outside a room ever sees one.
import { byId, fill, h } from '../common/dom.ts';
import type { PeerStore } from './peer-store.ts';
import { roomTab } from './room-state.ts';

export interface RoomCardActions {
  create(topic: string): boolean;
  join(code: string): boolean;
}

export class RoomsCard {
  private readonly root = byId('rooms');
  private readonly list = h('ul', { class: 'room-list' });

  constructor(
    private readonly store: PeerStore,
    actions: RoomCardActions,
  ) {
    const topic = h('input', { attrs: { type: 'text', placeholder: 'Topic (optional)', 'aria-label': 'Topic of a new room', autocomplete: 'off', id: 'room-topic' } });
    const code = h('input', { attrs: { type: 'text', placeholder: 'k7qm-3xpd-9fta', 'aria-label': 'Code of a room to join', autocomplete: 'off', spellcheck: 'false', id: 'room-code' } });
    const create = h('form', { class: 'inline-form', on: { submit: (event) => {
      event.preventDefault();
      if (actions.create(topic.value)) {
        topic.value = '';
        store.enteringRoom = true;
      }
    } } }, topic, h('button', { class: 'button', text: 'New room', attrs: { type: 'submit', id: 'room-create' } }));
    const join = h('form', { class: 'inline-form', on: { submit: (event) => {
      event.preventDefault();
      if (code.value.trim() && actions.join(code.value.trim())) {
        code.value = '';
        store.enteringRoom = true;
      }
    } } }, code, h('button', { class: 'button', text: 'Join', attrs: { type: 'submit', id: 'room-join' } }));
    fill(this.root, h('h2', { text: 'Rooms' }), this.list, create, join, h('p', { class: 'muted small', text: 'A room is relayed by the tracker to all its members. Only members see its code.' }));
  }

  render(): void {
    const rooms = [...this.store.rooms.values()].filter((room) => room.open);
    if (rooms.length === 0) return fill(this.list, h('li', { class: 'empty', text: 'You are in no room yet.' }));
    fill(
      this.list,
      ...rooms.map((room) =>
        h(
          'li',
          {},
          h(
            'button',
            { class: 'room-item', attrs: { type: 'button', 'data-room': room.code }, on: { click: () => this.store.select(roomTab(room.code)) } },
            h('span', { class: 'room-name', text: room.topic || room.code }),
            h('span', { class: 'muted', text: `${room.members.length} member${room.members.length === 1 ? '' : 's'}` }),
            room.unread > 0 ? h('span', { class: 'badge', text: String(room.unread) }) : null,
          ),
        ),
      ),
    );
  }
}
