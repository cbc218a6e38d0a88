// The labs an earlier run measured and this one does not: their table row and section are carried
// over from the report on disk, marked as such, so that measuring one lab at a time (each takes up to
// an hour) still leaves one report of every lab. Nothing carried over is regraded or recounted.

export interface EarlierLab {
  labId: string;
  /** The lab's row of the summary table, as the earlier run wrote it. */
  row: string;
  /** The lab's section, from its "## Lab NN" heading to the next one. */
  section: string[];
  /** The command the earlier run named. */
  command: string;
}

/** Labs of the report text `previous` that are not among `measured`. */
export function earlierLabs(previous: string, measured: readonly string[]): EarlierLab[] {
  const lines = previous.split('\n');
  const command = /Regenerate with `([^`]+)`/.exec(previous)?.[1] ?? 'an earlier run';
  const found: EarlierLab[] = [];
  for (const [at, line] of lines.entries()) {
    const heading = /^## Lab (\d\d): /.exec(line);
    if (!heading || measured.includes(heading[1]!)) continue;
    const labId = heading[1]!;
    const row = lines.find((l) => l.startsWith(`| ${labId} `) && !l.includes('not measured'));
    if (!row) continue;
    const end = lines.findIndex((l, i) => i > at && /^## Lab \d\d: /.test(l));
    const body = lines.slice(at + 1, end === -1 ? undefined : end);
    // A section carried over once already names its own run: keep that, not the run that carried it.
    const carried = /^_Carried over from an earlier run \(`([^`]+)`\)/.exec(body.find((l) => l.startsWith('_Carried over')) ?? '');
    const own = carried?.[1] ?? command;
    const text = body.filter((l) => !l.startsWith('_Carried over'));
    found.push({ labId, row, command: own, section: [line, '', `_Carried over from an earlier run (\`${own}\`), not graded again by this one: its figures are those of the checks as they were then._`, ...text] });
  }
  return found;
}
