// Builds every deck: one self-contained HTML page each, an index, and each diagram as an SVG file.
// Nothing is written unless every deck builds: a broken marker fails the whole build.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { browserScript } from './browser-script.ts';
import { DeckBuildError } from './deck-problem.ts';
import { deckPage, themeCss } from './html-page.ts';
import { indexPage } from './index-page.ts';
import { renderDeckFile, type RenderedDeck, type RenderOptions } from './render-deck.ts';
import { DECKS_DIR, DEFAULT_OUT_DIR, displayPath } from './repo-paths.ts';

export interface BuildOptions extends RenderOptions {
  /** Where the pages go (default slides/dist). Emptied first. */
  outDir?: string;
  /** Where the decks are (default slides/decks). */
  decksDir?: string;
}

export interface BuiltDeck {
  id: string;
  title: string;
  slides: number;
  /** The deck's page. */
  path: string;
}

export interface BuildResult {
  outDir: string;
  index: string;
  decks: BuiltDeck[];
  /** Each diagram as a standalone SVG file. */
  diagrams: string[];
}

/** Every deck file, in name order (which is lab order: 00-…, 01-…). */
export function listDecks(decksDir: string = DECKS_DIR): string[] {
  return readdirSync(decksDir)
    .filter((name) => name.endsWith('.md') && !name.startsWith('.'))
    .sort()
    .map((name) => resolve(decksDir, name));
}

/** Renders the decks and throws a DeckBuildError naming every problem, if there is any. */
export function renderAllDecks(deckPaths: readonly string[], options: RenderOptions = {}): RenderedDeck[] {
  const decks = deckPaths.map((path) => renderDeckFile(path, options));
  const problems = decks.flatMap((deck) => deck.problems);
  if (problems.length > 0) throw new DeckBuildError(problems);
  return decks;
}

/** The self-contained HTML page of one deck file; throws a DeckBuildError when it does not build. */
export async function renderDeck(path: string, options: RenderOptions = {}): Promise<string> {
  const [deck] = renderAllDecks([path], options);
  return deckPage(deck!, await browserScript());
}

export async function buildDecks(options: BuildOptions = {}): Promise<BuildResult> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const decksDir = resolve(options.decksDir ?? DECKS_DIR);
  const paths = listDecks(decksDir);
  if (paths.length === 0) throw new DeckBuildError([{ file: displayPath(decksDir), line: 0, reason: 'no decks here (Markdown files ending in .md)' }]);
  const decks = renderAllDecks(paths, options);
  const script = await browserScript();

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'diagrams'), { recursive: true });
  const built: BuiltDeck[] = decks.map((deck) => {
    const path = join(outDir, `${deck.id}.html`);
    writeFileSync(path, deckPage(deck, script));
    return { id: deck.id, title: deck.title, slides: deck.slides.length, path };
  });
  const diagrams = new Map<string, string>();
  for (const diagram of decks.flatMap((deck) => deck.diagrams)) {
    diagrams.set(join(outDir, 'diagrams', basename(diagram.file, '.seq') + '.svg'), diagram.svg);
  }
  for (const [path, svg] of diagrams) writeFileSync(path, svg);
  const index = join(outDir, 'index.html');
  writeFileSync(index, indexPage(decks, themeCss()));
  return { outDir, index, decks: built, diagrams: [...diagrams.keys()] };
}
