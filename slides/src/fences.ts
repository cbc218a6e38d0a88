// Markdown's fenced code blocks: inside one, a `---` is not a slide break and `@code` is not a
// marker (so a slide can show the marker syntax itself).

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** For each line, whether it is part of a fenced code block (its fence lines included). */
export function fencedLines(lines: readonly string[]): boolean[] {
  let open: string | undefined;
  return lines.map((line) => {
    const fence = FENCE.exec(line)?.[1];
    if (open === undefined) {
      if (fence) open = fence;
      return fence !== undefined;
    }
    // A fence closes with the same character, at least as long, and nothing after it.
    if (fence && fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
    return true;
  });
}
