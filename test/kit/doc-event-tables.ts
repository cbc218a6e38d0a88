// Reads the event tables of docs/PROTOCOL.md §9 ("| event | fields | when |", with a "program" column
// in §9.5) into the same form as kit/protocol/events.ts: per program, per event, the sets of fields it
// is printed with. A set is written as a signature, "by?, reason, session": sorted names, optional
// ones marked with "?". In the document a field is a `name` outside parentheses; "(optional…)" right
// after it marks it optional; "; or" starts another set of fields for the same event.
import type { ProgramName } from '#kit/protocol/events.ts';

export type DocumentedEvents = Map<ProgramName, Map<string, Set<string>>>;

/** Which programs each subsection of §9 is about; in §9.5 the "program" column says which. */
const SUBSECTIONS: Record<string, ProgramName[]> = {
  '9.2': ['lab01Peer'],
  '9.3': ['tracker'],
  '9.4': ['peer'],
  '9.5': ['udpSender', 'udpReceiver'],
  '9.6': ['relay'],
};
const PROGRAM_COLUMN: Record<string, ProgramName[]> = {
  sender: ['udpSender'],
  receiver: ['udpReceiver'],
  both: ['udpSender', 'udpReceiver'],
};

/** The subsections of §9 that describe programs, by number ("9.4"), with their text. */
export function programSubsections(doc: string): Map<string, string> {
  const start = doc.indexOf('\n## 9. ');
  if (start === -1) throw new Error('docs/PROTOCOL.md has no section "## 9."');
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end === -1 ? undefined : end);
  const found = new Map<string, string>();
  for (const part of section.split('\n### ').slice(1)) {
    const number = /^(\d+\.\d+) /.exec(part)?.[1];
    if (number && number in SUBSECTIONS) found.set(number, part);
  }
  return found;
}

export function programsOf(subsection: string): ProgramName[] {
  return SUBSECTIONS[subsection] ?? [];
}

export function documentedEvents(doc: string): DocumentedEvents {
  const events: DocumentedEvents = new Map();
  for (const [number, text] of programSubsections(doc)) {
    for (const row of eventRows(text)) {
      const programs = row.program === undefined ? programsOf(number) : PROGRAM_COLUMN[row.program];
      if (!programs) throw new Error(`§${number}: unknown program "${row.program}" in the row of ${row.event}`);
      for (const program of programs) {
        const table = events.get(program) ?? events.set(program, new Map()).get(program)!;
        const signatures = table.get(row.event) ?? table.set(row.event, new Set()).get(row.event)!;
        for (const signature of fieldSignatures(row.fields)) signatures.add(signature);
      }
    }
  }
  return events;
}

interface EventRow {
  program?: string;
  event: string;
  fields: string;
}

/** The rows of the table whose header has an "event" and a "fields" column. */
function eventRows(text: string): EventRow[] {
  const rows: EventRow[] = [];
  let columns: string[] | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      columns = undefined;
      continue;
    }
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    if (columns === undefined) {
      columns = cells;
      continue;
    }
    if (!columns.includes('event') || !columns.includes('fields') || cells.every((cell) => /^-+$/.test(cell))) continue;
    const cell = (name: string) => cells[columns!.indexOf(name)] ?? '';
    const event = /^`([a-z][a-z0-9_]*)`$/.exec(cell('event'))?.[1];
    if (!event) throw new Error(`an event table row without an event name: ${line}`);
    rows.push({ event, fields: cell('fields'), ...(columns.includes('program') ? { program: cell('program') } : {}) });
  }
  return rows;
}

/** "`session`, `reason`, `by` (optional)" → ["by?, reason, session"]; "—" → [""]. */
export function fieldSignatures(cell: string): string[] {
  const sets: string[][] = [[]];
  let depth = 0;
  for (const token of cell.matchAll(/`[^`]*`|\(|\)|; or /g)) {
    const [text] = token;
    if (text === '(') depth++;
    else if (text === ')') depth--;
    else if (depth > 0) continue;
    else if (text === '; or ') sets.push([]);
    else if (/^`[a-z][a-z0-9_]*`$/.test(text)) {
      const optional = /^\s*\(optional\b/.test(cell.slice(token.index + text.length));
      sets.at(-1)!.push(text.slice(1, -1) + (optional ? '?' : ''));
    }
  }
  return sets.map(signature);
}

export function signature(fields: string[]): string {
  return [...fields].sort().join(', ');
}
