// The headings of a markdown text and the anchors GitHub gives them, so a test can tell whether a
// link's "#anchor" lands on a heading.
import { linesOutsideFences } from '../../grader/workflow/markdown-links.ts';

export interface Heading {
  level: number;
  text: string;
  anchor: string;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, each space a hyphen. */
export function anchorOf(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The headings outside fenced code blocks; a repeated anchor gets "-1", "-2", … as on GitHub. */
export function headingsOf(markdown: string): Heading[] {
  const headings: Heading[] = [];
  const seen = new Map<string, number>();
  for (const line of linesOutsideFences(markdown)) {
    const match = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!match) continue;
    const base = anchorOf(match[2]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    headings.push({ level: match[1]!.length, text: match[2]!, anchor: count === 0 ? base : `${base}-${count}` });
  }
  return headings;
}
