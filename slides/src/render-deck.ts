// One deck file to a rendered deck: its slides as HTML, its title, and every problem found on the way.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { splitSlides } from './deck-parser.ts';
import type { DeckProblem } from './deck-problem.ts';
import type { DrawnDiagram } from './diagram-marker.ts';
import { markdownToText } from './markdown.ts';
import { displayPath } from './repo-paths.ts';
import { renderSlide, type RenderedSlide } from './slide-renderer.ts';

export interface RenderedDeck {
  /** The file name without `.md`: `01-two-peers`. Also the name of the built page. */
  id: string;
  /** The deck file, relative to the repository root. */
  file: string;
  title: string;
  /** The first paragraph of the first slide, for the index. */
  summary: string;
  slides: RenderedSlide[];
  diagrams: DrawnDiagram[];
  problems: DeckProblem[];
}

export interface RenderOptions {
  /** Where `@code` paths start (default: the repository root). */
  repoRoot?: string;
  /** Where `@diagram` paths start (default: slides/). */
  slidesDir?: string;
}

export function renderDeckFile(path: string, options: RenderOptions = {}): RenderedDeck {
  const file = displayPath(path);
  const markdown = readFileSync(path, 'utf8');
  const problems: DeckProblem[] = [];
  const diagrams: DrawnDiagram[] = [];
  const sources = splitSlides(markdown);
  const slides = sources.map((source) => renderSlide(source, { deckFile: file, problems, diagrams, ...options }));
  if (slides.length === 0) problems.push({ file, line: 1, reason: 'the deck has no slides' });
  const firstSlide = sources[0]?.body.map((line) => line.text) ?? [];
  const heading = firstSlide.find((line) => /^#{1,2}\s/.test(line));
  const paragraph = firstSlide.find((line) => line.trim() !== '' && !/^[#@<>|`-]/.test(line.trim()));
  return {
    id: basename(path, '.md'),
    file,
    title: heading ? markdownToText(heading.replace(/^#+\s*/, '')) : basename(path, '.md'),
    summary: paragraph ? markdownToText(paragraph) : '',
    slides,
    diagrams,
    problems,
  };
}
