// One slide's Markdown to HTML: markers are resolved first (each becomes a placeholder that marked
// leaves alone), then the Markdown is rendered, then the placeholders are filled in.
import { quoteCode } from './code-marker.ts';
import type { DeckLine, SlideSource } from './deck-parser.ts';
import { MarkerFailure, type DeckProblem } from './deck-problem.ts';
import { drawDiagram, type DrawnDiagram } from './diagram-marker.ts';
import { codeFigure, markdownToHtml } from './markdown.ts';
import { REPO_ROOT, SLIDES_DIR } from './repo-paths.ts';

export interface RenderedSlide {
  /** Line of the deck where the slide starts. */
  line: number;
  classes: string[];
  html: string;
  notesHtml: string;
}

export interface MarkerContext {
  /** The deck file as shown in messages. */
  deckFile: string;
  repoRoot?: string;
  slidesDir?: string;
  problems: DeckProblem[];
  diagrams: DrawnDiagram[];
}

const MARKER = /^@([a-z]+)\b\s*(.*)$/;
const KNOWN_MARKERS = ['code', 'diagram', 'class', 'col'];

export function renderSlide(slide: SlideSource, context: MarkerContext): RenderedSlide {
  const classes: string[] = [];
  const slots: string[] = [];
  const columns: string[][] = [[]];

  for (const deckLine of slide.body) {
    const marker = deckLine.fenced ? null : MARKER.exec(deckLine.text.trim());
    const current = columns[columns.length - 1]!;
    if (!marker) {
      current.push(deckLine.text);
      continue;
    }
    const [, name = '', argument = ''] = marker;
    const html = resolveMarker(name, argument.trim(), deckLine, context, classes);
    if (name === 'col') columns.push([]);
    if (html !== undefined) {
      // A placeholder on its own, between blank lines, is an HTML block: marked passes it through.
      current.push('', `<div data-slot="${slots.length}"></div>`, '');
      slots.push(html);
    }
  }

  const fill = (html: string) => html.replace(/<div data-slot="(\d+)"><\/div>\n?/g, (_, index: string) => slots[Number(index)] ?? '');
  const [head = [], ...rest] = columns;
  let html = fill(markdownToHtml(head.join('\n')));
  if (rest.length > 0) {
    const cells = rest.map((lines) => `<div class="column">\n${fill(markdownToHtml(lines.join('\n')))}</div>`);
    html += `<div class="columns">\n${cells.join('\n')}\n</div>\n`;
  }
  checkOffline(html, slide, context);
  const notes = slide.notes.map((line) => line.text).join('\n');
  return { line: slide.line, classes, html, notesHtml: notes.trim() ? markdownToHtml(notes) : '' };
}

/** The HTML a marker stands for; undefined when it only changes the slide (or failed). */
function resolveMarker(name: string, argument: string, deckLine: DeckLine, context: MarkerContext, classes: string[]): string | undefined {
  try {
    switch (name) {
      case 'code': {
        const quoted = quoteCode(argument, context.repoRoot ?? REPO_ROOT);
        return codeFigure(quoted.code, quoted.language, quoted);
      }
      case 'diagram': {
        const diagram = drawDiagram(argument, context.slidesDir ?? SLIDES_DIR);
        context.diagrams.push(diagram);
        const size = `--diagram-width: ${Math.round(diagram.width)}; --diagram-height: ${Math.round(diagram.height)}`;
        return `<figure class="diagram" style="${size}">\n${diagram.svg}</figure>\n`;
      }
      case 'class':
        if (!/^[\w-]+(\s+[\w-]+)*$/.test(argument)) throw new MarkerFailure('expected one or more class names');
        classes.push(...argument.split(/\s+/));
        return undefined;
      case 'col':
        return undefined;
      default:
        throw new MarkerFailure(`unknown marker @${name} (known: ${KNOWN_MARKERS.map((known) => `@${known}`).join(', ')})`);
    }
  } catch (error) {
    if (!(error instanceof MarkerFailure)) throw error;
    context.problems.push({ file: context.deckFile, line: deckLine.line, marker: deckLine.text.trim(), reason: error.message });
    return undefined;
  }
}

const NETWORK_RESOURCE = /<(?:img|script|iframe|link|video|audio|source|object|embed)\b[^>]*\b(?:src|href|data)\s*=\s*["']?(?:https?:)?\/\//i;
const NETWORK_URL_IN_STYLE = /url\(\s*["']?(?:https?:)?\/\//i;

/** A deck must work without a network: nothing on a slide may load from elsewhere. */
function checkOffline(html: string, slide: SlideSource, context: MarkerContext): void {
  if (NETWORK_RESOURCE.test(html) || NETWORK_URL_IN_STYLE.test(html)) {
    context.problems.push({ file: context.deckFile, line: slide.line, reason: 'this slide loads something from the network; decks must work offline (inline the picture or use @diagram)' });
  }
}
