// Which key does what. Kept apart from the page so it can be tested without a browser, and so the
// help overlay lists exactly the keys that work.

export type DeckAction = 'next' | 'previous' | 'first' | 'last' | 'notes' | 'presenter' | 'fullscreen' | 'help' | 'close';

export const KEY_HELP: readonly [keys: string, does: string][] = [
  ['→  ↓  Space  PageDown  Enter', 'next slide'],
  ['←  ↑  Shift+Space  PageUp  Backspace', 'previous slide'],
  ['Home  End', 'first, last slide'],
  ['a number, then Enter', 'go to that slide'],
  ['N', 'speaker notes on / off'],
  ['P', 'presenter window: notes, next slide, clock'],
  ['F', 'full screen'],
  ['?  H', 'this help'],
  ['Esc', 'close notes and help'],
];

export function actionForKey(key: string, shiftKey: boolean): DeckAction | undefined {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'PageDown':
    case 'Enter':
      return 'next';
    case ' ':
    case 'Spacebar':
      return shiftKey ? 'previous' : 'next';
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
    case 'Backspace':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'n':
    case 'N':
      return 'notes';
    case 'p':
    case 'P':
      return 'presenter';
    case 'f':
    case 'F':
      return 'fullscreen';
    case '?':
    case 'h':
    case 'H':
      return 'help';
    case 'Escape':
      return 'close';
    default:
      return undefined;
  }
}

/** The slide an action leads to, kept within the deck. */
export function targetSlide(action: DeckAction, current: number, count: number): number {
  const last = Math.max(0, count - 1);
  if (action === 'next') return Math.min(current + 1, last);
  if (action === 'previous') return Math.max(current - 1, 0);
  if (action === 'first') return 0;
  if (action === 'last') return last;
  return current;
}

/** The slide index a location hash names (`#7` is the 7th slide), or undefined. */
export function slideFromHash(hash: string, count: number): number | undefined {
  const match = /^#(\d+)$/.exec(hash);
  if (!match) return undefined;
  const number = Number(match[1]);
  return number >= 1 && number <= count ? number - 1 : undefined;
}
