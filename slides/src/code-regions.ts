// Named regions in source files: the lines between `// #region NAME` and `// #endregion NAME`.
// Regions are comments, so marking code for a slide never changes what the code does.

export interface Region {
  name: string;
  /** 1-based line number of the region's first line of code (the line after `#region`). */
  firstLine: number;
  /** The region's lines, without any region marker lines nested in it. */
  lines: string[];
}

const MARKER = /^\s*\/\/\s*#(region|endregion)\b[ \t]*(\S*)/;

/** Every region of a source file, by name; throws an Error that says what is unbalanced. */
export function findRegions(source: string): Map<string, Region> {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const regions = new Map<string, Region>();
  const open: { name: string; line: number }[] = [];
  lines.forEach((text, index) => {
    const match = MARKER.exec(text);
    if (!match) return;
    const [, kind, name = ''] = match;
    const line = index + 1;
    if (name === '') throw new Error(`line ${line}: #${kind} needs a name`);
    if (kind === 'region') {
      if (regions.has(name) || open.some((region) => region.name === name)) throw new Error(`line ${line}: region "${name}" is defined twice`);
      open.push({ name, line });
      return;
    }
    const start = open.findIndex((region) => region.name === name);
    if (start === -1) throw new Error(`line ${line}: #endregion ${name} without a #region ${name}`);
    const region = open.splice(start, 1)[0]!;
    const body = lines.slice(region.line, index).filter((bodyLine) => !MARKER.test(bodyLine));
    regions.set(name, { name, firstLine: region.line + 1, lines: body });
  });
  const unclosed = open[0];
  if (unclosed) throw new Error(`line ${unclosed.line}: #region ${unclosed.name} is never closed`);
  return regions;
}

/** The whole file as a region, without region marker lines: for quoting a small file entirely. */
export function wholeFile(source: string): Region {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return { name: '', firstLine: 1, lines: lines.filter((line) => !MARKER.test(line)) };
}

/** Removes blank lines at both ends and the indentation every line shares. */
export function tidy(lines: readonly string[]): { lines: string[]; droppedAtStart: number } {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start += 1;
  while (end > start && lines[end - 1]!.trim() === '') end -= 1;
  const kept = lines.slice(start, end);
  const indents = kept.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const shared = indents.length === 0 ? 0 : Math.min(...indents);
  return { lines: kept.map((line) => line.slice(shared).trimEnd()), droppedAtStart: start };
}
