// The text format of sequence diagrams (slides/diagrams/*.seq, the lecture decks), one statement per
// line; the grader's HTML report builds the same structure from a check's steps instead of text:
//
//   title: Register, retry and lockout        what the picture is called (for screen readers)
//   participants: peer tracker                 the lifelines, left to right
//   label peer: peer (port 40124)              a lifeline's caption, when it is not just its name
//   peer -> tracker: register {…}              a message
//   tracker --> peer: welcome {…}              a reply (dashed)
//   peer => tracker: TCP connect               a connection being opened (bold)
//   peer -x tracker: DATA 2                    a message that is lost on the way
//   note over peer: text                       also: note over a, b · note left of a · note right of a
//   == 60 s later ==                           a divider across the whole diagram
//   # a comment
//
// In any text, `<br>` starts a new line. Everything else is shown exactly as written. A `note left of`
// or `note right of` placed right after a message, on that message's outer side, is drawn beside the
// arrow rather than on a row of its own.

export type ArrowKind = 'message' | 'reply' | 'connect' | 'lost';

export interface Participant {
  id: string;
  label: string;
}

export type SequenceStep = (
  | { kind: 'message'; arrow: ArrowKind; from: string; to: string; text: string[]; line: number }
  | { kind: 'note'; placement: 'over' | 'left' | 'right'; participants: string[]; text: string[]; line: number }
  | { kind: 'divider'; text: string[]; line: number }
) & { mark?: StepMark };

/** How a generated diagram marks one step; the text format has no syntax for it. */
export interface StepMark {
  /** Drawn in red: the step where something went wrong. */
  alert?: boolean;
  /** Shown when the pointer rests on the step (the full bytes of a message, say). */
  tooltip?: string;
  /** Where a click on the step leads, e.g. "#record-12" on the page that holds the diagram. */
  link?: string;
}

export interface SequenceDiagram {
  title: string;
  participants: Participant[];
  steps: SequenceStep[];
}

export class SequenceSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'SequenceSyntaxError';
  }
}

const ID = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
const ARROWS: Record<string, ArrowKind> = { '->': 'message', '-->': 'reply', '=>': 'connect', '-x': 'lost' };
const MESSAGE = new RegExp(String.raw`^(${ID})\s*(-->|->|=>|-x)\s*(${ID})\s*:\s?(.*)$`);
const NOTE = new RegExp(String.raw`^note\s+(over|left of|right of)\s+(${ID}(?:\s*,\s*${ID})*)\s*:\s?(.*)$`);
const DIVIDER = /^==\s*(.*?)\s*==$/;

export function parseSequence(source: string): SequenceDiagram {
  const diagram: SequenceDiagram = { title: '', participants: [], steps: [] };
  const labels = new Map<string, { label: string; line: number }>();

  source.replace(/\r\n?/g, '\n').split('\n').forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const known = (id: string) => {
      if (!diagram.participants.some((participant) => participant.id === id)) {
        const names = diagram.participants.map((participant) => participant.id).join(', ');
        throw new SequenceSyntaxError(line, `unknown participant "${id}" (declared: ${names || 'none yet'})`);
      }
      return id;
    };

    let match: RegExpExecArray | null;
    if ((match = /^title\s*:\s*(.*)$/.exec(text))) {
      diagram.title = match[1] ?? '';
    } else if ((match = /^participants\s*:\s*(.*)$/.exec(text))) {
      if (diagram.participants.length > 0) throw new SequenceSyntaxError(line, 'participants are declared twice');
      const ids = (match[1] ?? '').split(/[\s,]+/).filter(Boolean);
      if (ids.length < 2) throw new SequenceSyntaxError(line, 'a sequence diagram needs at least two participants');
      for (const id of ids) {
        if (!new RegExp(`^${ID}$`).test(id)) throw new SequenceSyntaxError(line, `"${id}" is not a participant name (letters, digits, _)`);
        if (diagram.participants.some((participant) => participant.id === id)) throw new SequenceSyntaxError(line, `participant "${id}" is listed twice`);
        diagram.participants.push({ id, label: id });
      }
    } else if ((match = new RegExp(String.raw`^label\s+(${ID})\s*:\s*(.*)$`).exec(text))) {
      labels.set(known(match[1] ?? ''), { label: match[2] ?? '', line });
    } else if ((match = MESSAGE.exec(text))) {
      const [, from = '', arrow = '', to = '', label = ''] = match;
      known(from);
      known(to);
      if (from === to) throw new SequenceSyntaxError(line, 'a message goes between two different participants (use a note for one)');
      diagram.steps.push({ kind: 'message', arrow: ARROWS[arrow] ?? 'message', from, to, text: lines(label), line });
    } else if ((match = NOTE.exec(text))) {
      const placement = match[1] === 'over' ? 'over' : match[1] === 'left of' ? 'left' : 'right';
      const ids = (match[2] ?? '').split(/\s*,\s*/).map(known);
      if (placement !== 'over' && ids.length > 1) throw new SequenceSyntaxError(line, `a note ${match[1]} names one participant`);
      diagram.steps.push({ kind: 'note', placement, participants: ids, text: lines(match[3] ?? ''), line });
    } else if ((match = DIVIDER.exec(text))) {
      diagram.steps.push({ kind: 'divider', text: lines(match[1] ?? ''), line });
    } else if (diagram.participants.length === 0) {
      throw new SequenceSyntaxError(line, 'declare the lifelines first: participants: a b …');
    } else {
      throw new SequenceSyntaxError(line, `cannot read "${text}": expected a message (a -> b: text), a note, a divider (== text ==) or a comment (#)`);
    }
  });

  if (diagram.participants.length === 0) throw new SequenceSyntaxError(1, 'no participants: declare them with participants: a b …');
  for (const participant of diagram.participants) participant.label = labels.get(participant.id)?.label ?? participant.id;
  return diagram;
}

function lines(text: string): string[] {
  return text.split(/<br\s*\/?>/i).map((part) => part.trim());
}
