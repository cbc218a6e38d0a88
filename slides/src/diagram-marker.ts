// `@diagram diagrams/NAME.seq` draws the sequence diagram written in that text file (relative to
// slides/). Pictures come from text, so they are reviewed in diffs and never redrawn by hand.
import { existsSync, readFileSync } from 'node:fs';
import { MarkerFailure } from './deck-problem.ts';
import { displayPath, resolveInside, SLIDES_DIR } from './repo-paths.ts';
import { renderSequenceDiagram, type RenderedDiagram } from '#kit/diagrams/sequence-diagram.ts';
import { SequenceSyntaxError } from '#kit/diagrams/sequence-syntax.ts';

export interface DrawnDiagram extends RenderedDiagram {
  /** The source, relative to the repository root. */
  file: string;
}

export function drawDiagram(spec: string, slidesDir: string = SLIDES_DIR): DrawnDiagram {
  const path = spec.trim();
  if (!/^\S+\.seq$/.test(path)) throw new MarkerFailure('expected the path of a .seq file relative to slides/, e.g. diagrams/login.seq');
  const full = resolveInside(slidesDir, path);
  if (!full) throw new MarkerFailure(`${path} is outside slides/`);
  if (!existsSync(full)) throw new MarkerFailure(`file not found: ${displayPath(full)}`);
  try {
    return { ...renderSequenceDiagram(readFileSync(full, 'utf8')), file: displayPath(full) };
  } catch (error) {
    if (!(error instanceof SequenceSyntaxError)) throw error;
    throw new MarkerFailure(`${displayPath(full)}:${error.line}: ${error.reason}`);
  }
}
