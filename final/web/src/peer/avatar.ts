// A round badge with a user's initial, in a colour that is always the same for the same name, so
// people are recognisable at a glance across the roster, the tabs and the chat.
import { h } from '../common/dom.ts';

const HUES = [228, 262, 292, 332, 12, 32, 152, 176, 196];

export function hueOf(username: string): number {
  let hash = 0;
  for (const char of username) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return HUES[hash % HUES.length] ?? 228;
}

export function avatar(username: string, size: 'small' | 'normal' = 'normal'): HTMLSpanElement {
  const badge = h('span', { class: `avatar ${size}`, text: (username[0] ?? '?').toUpperCase(), attrs: { 'aria-hidden': 'true' } });
  badge.style.setProperty('--hue', String(hueOf(username)));
  return badge;
}
