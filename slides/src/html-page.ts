// The page around a deck: the slides, the panels the player toggles, and the style and script
// inlined, so the file opens from a disk, a USB stick or an e-mail with no network at all.
import { readFileSync } from 'node:fs';
import { escapeMarkup } from '#kit/markup/escape.ts';
import type { RenderedDeck } from './render-deck.ts';

let theme: string | undefined;

/** The deck stylesheet (also used by the index page). */
export function themeCss(): string {
  theme ??= readFileSync(new URL('./theme.css', import.meta.url), 'utf8');
  return theme;
}

export function deckPage(deck: RenderedDeck, script: string): string {
  const total = deck.slides.length;
  const sections = deck.slides.map((slide, index) => {
    const classes = ['slide', ...slide.classes].join(' ');
    const notes = slide.notesHtml ? `<aside class="notes">\n${slide.notesHtml}</aside>\n` : '';
    return [
      `<section class="${escapeMarkup(classes)}" id="slide-${index + 1}" data-line="${slide.line}" aria-label="Slide ${index + 1} of ${total}">`,
      `<div class="slide-body">\n${slide.html}</div>`,
      `<footer class="slide-footer"><span class="deck-name">${escapeMarkup(deck.title)}</span><span class="slide-number">${index + 1} / ${total}</span></footer>`,
      `${notes}</section>`,
    ].join('\n');
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkup(deck.title)}</title>
<style>
${themeCss()}
</style>
</head>
<body data-deck="${escapeMarkup(deck.id)}">
<div class="viewport" id="viewport">
<main class="stage" id="stage">
<div class="progress" id="progress"></div>
${sections.join('\n')}
</main>
</div>
<div class="notes-panel" id="notes-panel" hidden><div class="notes-content"></div></div>
<div class="presenter-side" id="presenter-side" hidden>
<div class="presenter-bar"><span id="presenter-clock">0:00</span><span id="slide-counter"></span></div>
<div class="presenter-label">Next</div>
<div class="presenter-next" id="presenter-next"><div class="stage" id="next-stage"></div></div>
<div class="presenter-label">Notes</div>
<div class="presenter-notes" id="presenter-notes"></div>
</div>
<div class="help" id="help" hidden><div class="help-box">
<h2>Keys</h2>
<dl class="help-keys"></dl>
<p class="muted">Print (Ctrl+P, landscape, no margins) makes one page per slide. <a href="index.html">All decks</a></p>
</div></div>
<script>
${script}
</script>
</body>
</html>
`;
}
