// A deck is one Markdown file. A line `---` separates slides; a line `Note:` or `???` starts the
// speaker notes of the slide it is in. Line numbers are kept so every problem can point at its line.
import { fencedLines } from './fences.ts';

export interface DeckLine {
  text: string;
  /** 1-based line number in the deck file. */
  line: number;
  /** Part of a fenced code block (markers are not recognised there). */
  fenced: boolean;
}

export interface SlideSource {
  /** Line number of the slide's first line. */
  line: number;
  body: DeckLine[];
  notes: DeckLine[];
}

const SLIDE_SEPARATOR = '---';
const NOTES_START = new Set(['Note:', 'Notes:', '???']);

export function splitSlides(markdown: string): SlideSource[] {
  const texts = markdown.replace(/\r\n?/g, '\n').split('\n');
  const fenced = fencedLines(texts);
  const slides: SlideSource[] = [];
  let current: SlideSource = { line: 1, body: [], notes: [] };
  let inNotes = false;

  const finish = () => {
    if (hasContent(current.body) || hasContent(current.notes)) slides.push(current);
  };

  texts.forEach((text, index) => {
    const line = index + 1;
    const isFenced = fenced[index] ?? false;
    if (!isFenced && text.trim() === SLIDE_SEPARATOR) {
      finish();
      current = { line: line + 1, body: [], notes: [] };
      inNotes = false;
      return;
    }
    if (!isFenced && !inNotes && NOTES_START.has(text.trim())) {
      inNotes = true;
      return;
    }
    (inNotes ? current.notes : current.body).push({ text, line, fenced: isFenced });
  });
  finish();
  return slides;
}

function hasContent(lines: readonly DeckLine[]): boolean {
  return lines.some((line) => line.text.trim() !== '');
}
