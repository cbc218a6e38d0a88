// Short notices in a corner: what went wrong (or right) without getting in the way.
import { byId, h } from './dom.ts';

// Errors stay long enough to be read aloud; progress notes get out of the way.
const SHOWN_MS = { error: 7_000, info: 3_000 };

export function toast(text: string, tone: 'error' | 'info' = 'error'): void {
  const stack = byId('toasts');
  const note = h('div', { class: `toast ${tone}`, attrs: { role: tone === 'error' ? 'alert' : 'status' } }, h('span', { text }));
  note.append(h('button', { class: 'toast-close', text: '×', title: 'Dismiss', attrs: { type: 'button', 'aria-label': 'Dismiss' }, on: { click: () => note.remove() } }));
  stack.append(note);
  while (stack.children.length > 4) stack.firstElementChild?.remove();
  setTimeout(() => note.remove(), SHOWN_MS[tone]);
}
