// Decks are split into slides and notes by line markers that must not fire inside code fences.
import { describe, expect, it } from 'vitest';
import { splitSlides } from '../../slides/src/deck-parser.ts';
import { fencedLines } from '../../slides/src/fences.ts';

const texts = (lines: { text: string }[]) => lines.map((line) => line.text).join('\n').trim();

describe('splitSlides', () => {
  it('splits at --- lines and keeps line numbers', () => {
    const slides = splitSlides('# One\n\ntext\n---\n## Two\n---\n## Three\n');
    expect(slides.map((slide) => texts(slide.body))).toEqual(['# One\n\ntext', '## Two', '## Three']);
    expect(slides.map((slide) => slide.line)).toEqual([1, 5, 7]);
    expect(slides[1]?.body[0]).toMatchObject({ text: '## Two', line: 5 });
  });

  it('takes everything after Note: or ??? as speaker notes', () => {
    const [first, second] = splitSlides('## A\nbody\nNote:\nsay this\n---\n## B\n???\nand this\n');
    expect(texts(first!.body)).toBe('## A\nbody');
    expect(texts(first!.notes)).toBe('say this');
    expect(texts(second!.notes)).toBe('and this');
  });

  it('ignores separators and note markers inside code fences', () => {
    const slides = splitSlides('## Code\n```text\n---\nNote:\n```\n---\n## Next\n');
    expect(slides).toHaveLength(2);
    expect(texts(slides[0]!.body)).toContain('---\nNote:');
    expect(slides[0]!.notes).toEqual([]);
    expect(slides[0]!.body.find((line) => line.text === '---')?.fenced).toBe(true);
  });

  it('drops empty slides (a separator at the start or the end) and accepts CRLF', () => {
    expect(splitSlides('---\r\n## Only\r\n---\r\n')).toHaveLength(1);
  });
});

describe('fencedLines', () => {
  it('closes a fence only with the same character, at least as long', () => {
    expect(fencedLines(['````', '```', '~~~', '````', 'after'])).toEqual([true, true, true, true, false]);
  });
});
