// Markdown to HTML with marked. Fenced code on a slide and code quoted by a marker go through the
// same highlighter, so they look the same.
import { Marked, type Tokens } from 'marked';
import { escapeMarkup } from '#kit/markup/escape.ts';
import { grammarName, highlight } from './highlight.ts';

export interface CodeCaption {
  file: string;
  firstLine: number;
  lastLine: number;
}

const MAX_SIZED_COLUMNS = 96;

/** A code block as a figure: the caption says where the code lives, so students can open it. */
export function codeFigure(code: string, language: string | undefined, caption?: CodeCaption): string {
  // The font is sized for the longest line, up to a point: a rare very long line wraps instead of
  // making every other line too small to read.
  const columns = Math.min(MAX_SIZED_COLUMNS, Math.max(20, ...code.split('\n').map((line) => [...line].length)));
  const lang = grammarName(language) ?? 'text';
  const lineRange = caption && (caption.firstLine === caption.lastLine ? `line ${caption.firstLine}` : `lines ${caption.firstLine}–${caption.lastLine}`);
  const figcaption = caption
    ? `<figcaption><span class="code-file">${escapeMarkup(caption.file)}</span><span class="code-lines">${lineRange}</span></figcaption>`
    : '';
  const lines = asLines(highlight(code, language)).map((line) => `<span class="line">${line}</span>`).join('');
  return `<figure class="code${caption ? ' quoted' : ''}">${figcaption}<pre style="--code-columns: ${columns}"><code class="language-${lang}">${lines}</code></pre></figure>\n`;
}

/**
 * Highlighted HTML cut into lines, each with its spans balanced (a token that spans lines, like a
 * block comment, is closed at the end of a line and reopened on the next). Each line can then be
 * its own element, so a wrapped line gets a hanging indent.
 */
function asLines(html: string): string[] {
  let open: string | undefined;
  return html.split('\n').map((line) => {
    const text = (open ?? '') + line;
    for (const tag of line.matchAll(/<span class="[^"]*">|<\/span>/g)) open = tag[0] === '</span>' ? undefined : tag[0];
    return open === undefined ? text : `${text}</span>`;
  });
}

const marked = new Marked({
  gfm: true,
  renderer: {
    code(token: Tokens.Code): string {
      return codeFigure(token.text, token.lang);
    },
  },
});

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

/** Plain text of a line of inline Markdown (for titles). */
export function markdownToText(markdown: string): string {
  const html = marked.parseInline(markdown, { async: false });
  return html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").trim();
}
