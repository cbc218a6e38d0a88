// The deck player's keyboard map, tested without a browser.
import { describe, expect, it } from 'vitest';
import { actionForKey, KEY_HELP, slideFromHash, targetSlide } from '../../slides/src/browser/keys.ts';

describe('deck player keys', () => {
  it('moves with arrows, space, page keys, Home and End, within the deck', () => {
    expect(['ArrowRight', 'ArrowDown', 'PageDown', ' '].map((key) => actionForKey(key, false))).toEqual(['next', 'next', 'next', 'next']);
    expect(actionForKey(' ', true)).toBe('previous');
    expect(targetSlide('next', 4, 5)).toBe(4);
    expect(targetSlide('previous', 0, 5)).toBe(0);
    expect(targetSlide('last', 0, 5)).toBe(4);
    expect(targetSlide('first', 3, 5)).toBe(0);
  });

  it('toggles notes, presenter, full screen and help; ignores other keys', () => {
    expect(['n', 'P', 'f', '?', 'Escape', 'x'].map((key) => actionForKey(key, false))).toEqual(['notes', 'presenter', 'fullscreen', 'help', 'close', undefined]);
    expect(KEY_HELP.length).toBeGreaterThan(5);
  });

  it('reads a slide number from the location hash', () => {
    expect(slideFromHash('#3', 10)).toBe(2);
    expect(slideFromHash('#11', 10)).toBeUndefined();
    expect(slideFromHash('#intro', 10)).toBeUndefined();
  });
});
