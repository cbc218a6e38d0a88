// A slide whose content is taller than the slide is shrunk a little, step by step, down to a
// floor; below that it stays marked as overflowing (the browser test lists such slides), because
// text any smaller is no longer readable from the back of a room.
import type { HtmlElement } from './dom.ts';

const SCALE_STEPS = [1, 0.95, 0.9, 0.85, 0.8, 0.75];

export function fitSlides(slides: readonly HtmlElement[]): void {
  for (const slide of slides) {
    const body = slide.querySelector('.slide-body');
    if (!body) continue;
    // Hidden slides have no layout: show this one, invisibly, while measuring.
    slide.classList.add('measuring');
    let fits = false;
    for (const scale of SCALE_STEPS) {
      slide.style.setProperty('--fit', String(scale));
      if (!overflows(body)) {
        fits = true;
        break;
      }
    }
    slide.classList.remove('measuring');
    if (fits) slide.removeAttribute('data-overflow');
    else slide.setAttribute('data-overflow', 'true');
  }
}

function overflows(element: HtmlElement): boolean {
  return element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1;
}
