// A README step's explanation, in prose: the last and most detailed hint points the student back
// to what the step teaches. Code blocks are left out, so a hint never carries code of any kind.
export interface ReadmeStep {
  /** 1-based line of the step's heading. */
  line: number;
  title: string;
  /** The step's paragraphs and list items, without code blocks, tables, headings or bold marks. */
  paragraphs: string[];
}

/** Finds "## Step N — Title" (or "## Step N: Title") and the prose under it. */
export function readmeStep(readme: string, step: number): ReadmeStep | undefined {
  const lines = readme.split('\n');
  const heading = new RegExp(`^##\\s+Step\\s+${step}\\b\\s*[—:.-]?\\s*(.*)$`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return undefined;
  const title = heading.exec(lines[start] ?? '')?.[1]?.trim() ?? '';
  const paragraphs: string[] = [];
  let current: string[] = [];
  let inFence = false;
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(' '));
    current = [];
  };
  for (const line of lines.slice(start + 1)) {
    if (/^##?\s/.test(line)) break;
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      flush();
      continue;
    }
    if (inFence || /^\s*\|/.test(line) || /^\s*#/.test(line) || /^\s*---\s*$/.test(line)) {
      flush();
      continue;
    }
    if (line.trim() === '') flush();
    else {
      // A list item starts a paragraph of its own.
      if (/^\s*(?:[-*]|\d+\.)\s/.test(line)) flush();
      current.push(line.trim().replaceAll('**', ''));
    }
  }
  flush();
  return { line: start + 1, title, paragraphs };
}
