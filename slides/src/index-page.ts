// The page that lists every deck, in lab order, with how to drive them.
import { escapeMarkup } from '#kit/markup/escape.ts';
import type { RenderedDeck } from './render-deck.ts';

const INDEX_CSS = `
body { background: #f3f5f8; margin: 0; font-family: var(--sans); color: var(--ink); }
.index { max-width: 1000px; margin: 0 auto; padding: 48px 32px 64px; }
.index h1 { font-size: 44px; margin: 0 0 8px; }
.index > p { font-size: 20px; color: var(--muted); margin: 0 0 28px; }
.decks { list-style: none; padding: 0; margin: 0; display: grid; gap: 14px; }
.decks a { display: block; background: #fff; border: 1px solid #d5dce5; border-left: 8px solid var(--accent);
  border-radius: 10px; padding: 16px 22px; text-decoration: none; color: inherit; }
.decks a:hover, .decks a:focus { border-color: var(--accent); outline: none; box-shadow: 0 2px 12px rgb(0 0 0 / 10%); }
.deck-title { font-size: 26px; font-weight: 750; color: var(--accent-dark); }
.deck-meta { font-size: 17px; color: var(--muted); margin-top: 4px; }
.index > p.keys { font-size: 18px; margin: 28px 0 0; line-height: 1.6; }
.keys kbd { font-family: var(--mono); background: #fff; border: 1px solid #c5ced9; border-radius: 4px; padding: 0 5px; }
`;

export function indexPage(decks: readonly RenderedDeck[], themeCss: string): string {
  const items = decks.map((deck) => `<li><a href="${escapeMarkup(deck.id)}.html">
<div class="deck-title">${escapeMarkup(deck.title)}</div>
<div class="deck-meta">${deck.slides.length} slides${deck.summary ? ` · ${escapeMarkup(deck.summary)}` : ''}</div>
</a></li>`);
  // The theme's variables, without its page layout (which is for decks).
  const variables = /:root\s*\{[^}]*\}/.exec(themeCss)?.[0] ?? '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sharing is Caring · lecture decks</title>
<style>
${variables}
${INDEX_CSS}
</style>
</head>
<body>
<main class="index">
<h1>Lecture decks</h1>
<p>Sharing is Caring: the opening lecture, one deck per lab, and the final app.</p>
<ul class="decks">
${items.join('\n')}
</ul>
<p class="keys">In a deck: <kbd>→</kbd> <kbd>Space</kbd> next · <kbd>←</kbd> previous · <kbd>N</kbd> speaker notes ·
<kbd>P</kbd> presenter window · <kbd>F</kbd> full screen · <kbd>?</kbd> all keys. Print to PDF for one slide per page.</p>
</main>
</body>
</html>
`;
}
