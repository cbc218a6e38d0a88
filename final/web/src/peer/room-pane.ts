// One room's tab (Lab 06): its code (to give to whoever should join), its members, its messages in
// the tracker's order, and "who has it?": the question goes to the room, the answers are listed as
// they come, and Download takes one (the terminal peer's /pick N: that holder first, then the others).
import { fill, h, keepAtEnd } from '../common/dom.ts';
import { bytes, clock, shortHash } from '../common/format.ts';
import { avatar } from './avatar.ts';
import type { RoomItem, RoomState } from './room-state.ts';

export interface RoomActions {
  say(code: string, text: string): boolean;
  leave(code: string): void;
  ask(code: string, name: string): boolean;
  pick(code: string, n: number, name: string, udp: boolean): void;
}

interface Pane {
  root: HTMLElement;
  heading: HTMLElement;
  members: HTMLElement;
  list: HTMLUListElement;
  answers: HTMLElement;
  live: HTMLElement[];
  leave: HTMLButtonElement;
}

export class RoomPanes {
  private readonly panes = new Map<string, Pane>();

  constructor(private readonly actions: RoomActions) {}

  render(room: RoomState): HTMLElement {
    const pane = this.panes.get(room.code) ?? this.build(room);
    pane.heading.replaceChildren(h('span', { text: room.topic || 'Room' }), h('code', { class: 'room-code', text: room.code, title: 'Give this code to whoever should join' }));
    fill(pane.members, h('span', { class: 'muted', text: `${room.members.length} member${room.members.length === 1 ? '' : 's'}: ` }), ...room.members.map((m) => h('span', { class: 'member', text: m })));
    keepAtEnd(pane.list.parentElement ?? pane.list, () => fill(pane.list, ...room.timeline.map(itemOf)));
    this.renderAnswers(pane, room);
    for (const element of pane.live) element.hidden = !room.open;
    pane.root.classList.toggle('ended', !room.open);
    return pane.root;
  }

  private build(room: RoomState): Pane {
    const input = h('input', { class: 'composer-input', attrs: { type: 'text', placeholder: 'Message the room', 'aria-label': 'Message to the room', autocomplete: 'off' } });
    const composer = h('form', { class: 'composer', on: { submit: (event) => {
      event.preventDefault();
      if (input.value.trim() && this.actions.say(room.code, input.value)) input.value = '';
    } } }, input, h('button', { class: 'button primary', text: 'Send', attrs: { type: 'submit' } }));
    const name = h('input', { attrs: { type: 'text', placeholder: 'file name, e.g. dataset.csv', 'aria-label': 'File to ask the room for', autocomplete: 'off' } });
    const ask = h('form', { class: 'inline-form room-ask', on: { submit: (event) => {
      event.preventDefault();
      if (name.value.trim()) this.actions.ask(room.code, name.value.trim());
    } } }, name, h('button', { class: 'button', text: 'Who has it?', attrs: { type: 'submit' } }));
    const leave = h('button', { class: 'button ghost danger', text: 'Leave room', attrs: { type: 'button' }, on: { click: () => this.actions.leave(room.code) } });
    const pane: Pane = {
      root: h('div', { class: 'pane room-pane', attrs: { 'data-room': room.code } }),
      heading: h('h2', { class: 'pane-title' }),
      members: h('div', { class: 'pane-meta room-members' }),
      list: h('ul', { class: 'timeline', attrs: { 'aria-live': 'polite' } }),
      answers: h('div', { class: 'room-answers' }),
      live: [composer, ask, leave],
      leave,
    };
    fill(
      pane.root,
      h('header', { class: 'pane-head' }, h('div', { class: 'pane-heading' }, pane.heading, pane.members), leave),
      h('div', { class: 'scroller' }, pane.list),
      ask,
      pane.answers,
      composer,
    );
    this.panes.set(room.code, pane);
    return pane;
  }

  private renderAnswers(pane: Pane, room: RoomState): void {
    const ask = room.ask;
    if (!ask) return fill(pane.answers);
    const rows = ask.answers.map((answer) =>
      h(
        'li',
        { attrs: { 'data-answer': String(answer.n) } },
        h('span', { text: `${answer.n}. ${answer.from} has it · ${bytes(answer.size)} · ${shortHash(answer.sha256)}` }),
        room.open
          ? h(
              'span',
              { class: 'answer-actions' },
              h('button', { class: 'button small', text: 'Download', title: `Over TCP, from ${answer.from} first, then the others`, attrs: { type: 'button', 'data-via': 'tcp' }, on: { click: () => this.actions.pick(room.code, answer.n, ask.name, false) } }),
              h('button', { class: 'button small ghost', text: 'over UDP', title: `By reliable UDP (Selective Repeat), from ${answer.from} first, then the others`, attrs: { type: 'button', 'data-via': 'udp' }, on: { click: () => this.actions.pick(room.code, answer.n, ask.name, true) } }),
            )
          : null,
      ),
    );
    fill(pane.answers, h('h3', { text: `Who has ${ask.name}?` }), rows.length ? h('ol', { class: 'answers' }, ...rows) : h('p', { class: 'muted', text: 'Asked the room: answers appear here as members reply.' }));
  }
}

function itemOf(item: RoomItem): HTMLLIElement {
  if (item.kind === 'notice') return h('li', { class: 'notice', text: `${item.text} · ${clock(item.at)}` });
  return h(
    'li',
    { class: `msg ${item.mine ? 'mine' : 'theirs'}` },
    item.mine ? null : avatar(item.from, 'small'),
    h('div', { class: 'bubble' }, h('div', { class: 'msg-text', text: item.text }), h('div', { class: 'msg-meta', text: `${item.mine ? 'you' : item.from} · #${item.seq} · ${clock(item.at)}` })),
  );
}
