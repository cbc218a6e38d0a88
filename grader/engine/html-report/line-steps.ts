// Which numbered step wrote, or read, each line the protocol monitor recorded (or reported its breach). The diagram draws the
// record (it holds every line, read or not, and the breach) and folds the step into it, so no step
// of the story is lost and no line is drawn twice. A write is matched to the first line it holds, a
// read to the line it quotes; a step that matches no record is drawn on its own.
import { showBytes, showText } from '../show-bytes.ts';
import type { StepRecord, WireRecord } from '../types.ts';
import { readStep, type KnownLabels } from './step-acts.ts';

// "\n" in the step's quoted bytes, not "\\n" (a backslash and an n in the data).
const NEWLINE = /(?<!\\)(?:\\\\)*\\n/g;
const PROBE_ANSWER = ' (the answer to the probe)';
/** Enough of a line to tell it from another: the step may show a long write cut in the middle. */
const COMPARED_CHARS = 40;

export class LineSteps {
  /** Record index → the step that wrote it, or read it. */
  readonly writer = new Map<number, StepRecord>();
  readonly reader = new Map<number, StepRecord>();
  /** The monitor's step about the breach on a record. */
  readonly breach = new Map<number, StepRecord>();
  /** Steps folded into a record, not drawn themselves. */
  readonly folded = new Set<StepRecord>();

  constructor(steps: readonly StepRecord[], wire: readonly WireRecord[], labels: KnownLabels) {
    const written = new Set<number>();
    const read = new Set<number>();
    for (const step of steps) {
      const act = readStep(step.text, labels);
      if (act.act === 'sent' && act.port === undefined) {
        const first = wire.findIndex((r, i) => !written.has(i) && r.from === 'grader' && r.connection === act.party && r.atMs >= step.atMs && startsWrite(act.what, r.text));
        if (first === -1) continue;
        // Its other lines follow on the same connection: none of them is another write's first.
        let lines = Math.max(1, act.what.match(NEWLINE)?.length ?? 1);
        for (let i = first; i < wire.length && lines > 0; i += 1) {
          if (wire[i]!.from === 'grader' && wire[i]!.connection === act.party) {
            written.add(i);
            lines -= 1;
          }
        }
        this.writer.set(first, step);
        this.folded.add(step);
      } else if (act.act === 'breach') {
        const line = wire.findIndex((r) => r.breach !== undefined && r.connection === act.connection);
        if (line === -1) continue;
        this.breach.set(line, step);
        this.folded.add(step);
      } else if (act.act === 'received') {
        const quoted = act.what.endsWith(PROBE_ANSWER) ? act.what.slice(0, -PROBE_ANSWER.length) : act.what;
        const line = wire.findIndex((r, i) => !read.has(i) && r.from === 'program' && r.connection === act.party && r.atMs <= step.atMs && quotes(quoted, r.text));
        if (line === -1) continue;
        read.add(line);
        this.reader.set(line, step);
        this.folded.add(step);
      }
    }
  }
}

/** The step's bytes ("…\n…" (N bytes)) begin with this line and its "\n". */
function startsWrite(shown: string, line: string): boolean {
  const head = showText(Array.from(line).slice(0, COMPARED_CHARS).join('')).slice(0, -1);
  return shown.startsWith(Array.from(line).length > COMPARED_CHARS ? head : `${head}\\n`);
}

/** A read step quotes the line as JSON re-encoded (JSON lines), or as its exact bytes. */
function quotes(quoted: string, line: string): boolean {
  try {
    if (JSON.stringify(JSON.parse(line)) === quoted) return true;
  } catch {
    // not JSON: compare the bytes
  }
  return showBytes(`${line}\n`) === quoted;
}
