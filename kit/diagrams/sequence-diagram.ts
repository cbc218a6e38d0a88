// Renders a parsed sequence diagram to a standalone SVG. The layout is computed from estimated text
// widths (the font is monospaced, so the estimate holds), and the output depends only on the input:
// the same source always gives the same bytes. No <marker> or ids: the SVG can be inlined many times
// in one page, even inside hidden slides, and every arrowhead is still drawn. A step may carry a mark
// (sequence-syntax.ts): drawn in red, with a tooltip, or as a link into the page around the diagram.
import { escapeMarkup } from '../markup/escape.ts';
import { blockWidth, FONT, HEAD_FONT, HEAD_HEIGHT, horizontalLayout, LINE, LOST_FRACTION, MARGIN, SPAN_PAD, textWidth } from './sequence-layout.ts';
import { parseSequence, type ArrowKind, type SequenceDiagram, type SequenceStep, type StepMark } from './sequence-syntax.ts';

const FONT_FAMILY = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace";

const COLOR = {
  ink: '#1b2330',
  lifeline: '#98a3b3',
  headFill: '#e6effa',
  headStroke: '#1d5fae',
  headText: '#0d3a6e',
  connect: '#1d5fae',
  lost: '#b42318',
  noteFill: '#fff5c8',
  noteStroke: '#c99700',
  noteText: '#352b00',
  divider: '#5b6675',
  alertFill: '#fde4e1',
  alertText: '#7a1d14',
};

export interface RenderedDiagram {
  svg: string;
  width: number;
  height: number;
}

export function renderSequenceDiagram(source: string): RenderedDiagram {
  return renderDiagram(parseSequence(source));
}

export function renderDiagram(diagram: SequenceDiagram): RenderedDiagram {
  const index = new Map(diagram.participants.map((participant, i) => [participant.id, i]));
  const at = (id: string) => index.get(id) ?? 0;
  const heads = diagram.participants.map((participant) => Math.max(96, textWidth(participant.label, HEAD_FONT) + 28));
  const layout = horizontalLayout(diagram.steps, heads, at);
  const { x } = layout;

  const body: string[] = [];
  let y = MARGIN + HEAD_HEIGHT + 18;
  let lastArrowY = 0;
  diagram.steps.forEach((step, i) => {
    const drawn: string[] = [];
    const alert = step.mark?.alert === true;
    let area: Box;
    if (step.kind === 'message') {
      const top = y;
      lastArrowY = drawMessage(step, y, x, at, drawn, alert);
      const ends = [x[at(step.from)] ?? 0, x[at(step.to)] ?? 0];
      const half = blockWidth(step.text) / 2;
      const middle = (ends[0]! + ends[1]!) / 2;
      const left = Math.min(...ends, middle - half) - 6;
      area = { left, top, width: Math.max(...ends, middle + half) + 6 - left, height: lastArrowY + 8 - top };
      y = lastArrowY + 13;
    } else if (step.kind === 'note') {
      // A note on the far side of the message just drawn sits beside its arrow: one row, not two.
      const height = step.text.length * LINE + 12;
      const beside = isBesideMessage(step, diagram.steps[i - 1], at);
      const top = beside ? lastArrowY - height / 2 : y;
      area = drawNote(step, top, x, at, drawn, alert);
      y = Math.max(y, area.top + area.height + (beside ? 6 : 10));
    } else {
      const top = y;
      y = drawDivider(step, y, layout.width, drawn, alert);
      area = { left: MARGIN, top, width: layout.width - 2 * MARGIN, height: y - top - 6 };
    }
    body.push(...(step.mark ? marked(step.kind, step.mark, drawn, area) : drawn));
  });
  const bottom = y + 6;
  const height = bottom + MARGIN;

  const lifelines = x.map((cx) => `<line x1="${n(cx)}" y1="${MARGIN + HEAD_HEIGHT}" x2="${n(cx)}" y2="${n(bottom)}" stroke="${COLOR.lifeline}" stroke-width="1.5" stroke-dasharray="5 5"/>`);
  const headBoxes = diagram.participants.map((participant, i) => {
    const cx = x[i] ?? 0;
    const w = heads[i] ?? 0;
    return `<rect x="${n(cx - w / 2)}" y="${MARGIN}" width="${n(w)}" height="${HEAD_HEIGHT}" rx="8" fill="${COLOR.headFill}" stroke="${COLOR.headStroke}" stroke-width="2"/>`
      + `<text x="${n(cx)}" y="${MARGIN + HEAD_HEIGHT / 2 + 5.5}" text-anchor="middle" font-size="${HEAD_FONT}" font-weight="700" fill="${COLOR.headText}">${escapeMarkup(participant.label)}</text>`;
  });
  const title = diagram.title || diagram.participants.map((participant) => participant.label).join(', ');
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence-diagram" viewBox="0 0 ${n(layout.width)} ${n(height)}" width="${n(layout.width)}" height="${n(height)}" role="img" aria-label="${escapeMarkup(title)}" font-family="${FONT_FAMILY}" font-size="${FONT}">`,
    `<title>${escapeMarkup(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...lifelines,
    ...headBoxes,
    ...body,
    '</svg>',
  ].join('\n');
  return { svg: `${svg}\n`, width: Number(n(layout.width)), height: Number(n(height)) };
}

type Message = Extract<SequenceStep, { kind: 'message' }>;
type Note = Extract<SequenceStep, { kind: 'note' }>;
type Divider = Extract<SequenceStep, { kind: 'divider' }>;

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A marked step: its tooltip, and a link when it has one. An invisible box over the step makes the
 * whole of it answer the pointer, not only its thin lines and letters.
 */
function marked(kind: SequenceStep['kind'], mark: StepMark, drawn: string[], area: Box): string[] {
  const title = mark.tooltip === undefined ? '' : `<title>${escapeMarkup(mark.tooltip)}</title>`;
  const hit = `<rect x="${n(area.left)}" y="${n(area.top)}" width="${n(area.width)}" height="${n(area.height)}" fill="transparent"/>`;
  const classes = `step ${kind}${mark.alert ? ' alert' : ''}`;
  const open = mark.link === undefined ? `<g class="${classes}">` : `<a class="${classes}" href="${escapeMarkup(mark.link)}">`;
  return [open + title + hit, ...drawn, mark.link === undefined ? '</g>' : '</a>'];
}

function isBesideMessage(note: Note, previous: SequenceStep | undefined, at: (id: string) => number): boolean {
  if (note.placement === 'over' || previous?.kind !== 'message') return false;
  const ends = [at(previous.from), at(previous.to)];
  const target = at(note.participants[0] ?? '');
  return note.placement === 'right' ? target === Math.max(...ends) : target === Math.min(...ends);
}

/** Draws a message with its label above the arrow; returns the arrow's height. */
function drawMessage(step: Message, y: number, x: readonly number[], at: (id: string) => number, out: string[], alert = false): number {
  const from = x[at(step.from)] ?? 0;
  const to = x[at(step.to)] ?? 0;
  const arrowY = y + step.text.length * LINE + 4;
  const drawnTo = step.arrow === 'lost' ? from + (to - from) * LOST_FRACTION : to;
  const w = blockWidth(step.text);
  const lo = Math.min(from, to) + w / 2 + 4;
  const hi = Math.max(from, to) - w / 2 - 4;
  const labelX = Math.min(Math.max((from + drawnTo) / 2, lo), Math.max(lo, hi));
  out.push(textBlock(step.text, labelX, y, 'middle', step.arrow === 'lost' || alert ? COLOR.lost : COLOR.ink, { halo: true }));
  out.push(arrow(step.arrow, from, drawnTo, arrowY, alert));
  return arrowY;
}

/** Draws a note whose box starts at height top; returns the box. */
function drawNote(step: Note, top: number, x: readonly number[], at: (id: string) => number, out: string[], alert = false): Box {
  const ids = step.participants.map(at).sort((p, q) => p - q);
  const first = x[ids[0] ?? 0] ?? 0;
  const last = x[ids[ids.length - 1] ?? 0] ?? 0;
  const box = blockWidth(step.text) + 24;
  let left: number;
  let boxWidth = box;
  if (step.placement === 'right') left = first + 12;
  else if (step.placement === 'left') left = first - 12 - box;
  else if (first === last) left = first - box / 2;
  else {
    boxWidth = Math.max(box, last - first + 2 * SPAN_PAD);
    left = (first + last) / 2 - boxWidth / 2;
  }
  const height = step.text.length * LINE + 12;
  const [fill, stroke, ink] = alert ? [COLOR.alertFill, COLOR.lost, COLOR.alertText] : [COLOR.noteFill, COLOR.noteStroke, COLOR.noteText];
  out.push(`<rect x="${n(left)}" y="${n(top)}" width="${n(boxWidth)}" height="${n(height)}" rx="4" fill="${fill}" stroke="${stroke}" stroke-width="${alert ? 2.5 : 1.5}"/>`);
  out.push(textBlock(step.text, left + boxWidth / 2, top + 6, 'middle', ink));
  return { left, top, width: boxWidth, height };
}

/** Draws a labelled line across the whole diagram; returns where the next step starts. */
function drawDivider(step: Divider, y: number, width: number, out: string[], alert = false): number {
  const color = alert ? COLOR.lost : COLOR.divider;
  const textHeight = step.text.length * LINE;
  const middle = y + 10 + textHeight / 2;
  const w = blockWidth(step.text) + 20;
  out.push(`<line x1="${MARGIN}" y1="${n(middle)}" x2="${n(width - MARGIN)}" y2="${n(middle)}" stroke="${color}" stroke-width="1.5" stroke-dasharray="2 4"/>`);
  out.push(`<rect x="${n(width / 2 - w / 2)}" y="${n(middle - textHeight / 2 - 4)}" width="${n(w)}" height="${n(textHeight + 8)}" rx="10" fill="#ffffff" stroke="${color}" stroke-width="1.5"/>`);
  out.push(textBlock(step.text, width / 2, middle - textHeight / 2, 'middle', color, { italic: true }));
  return y + textHeight + 26;
}

function arrow(kind: ArrowKind, from: number, to: number, y: number, alert = false): string {
  const direction = to > from ? 1 : -1;
  if (kind === 'lost') {
    const line = `<line x1="${n(from)}" y1="${n(y)}" x2="${n(to)}" y2="${n(y)}" stroke="${COLOR.lost}" stroke-width="2"/>`;
    const cross = `<path d="M${n(to - 7)} ${n(y - 7)}L${n(to + 7)} ${n(y + 7)}M${n(to - 7)} ${n(y + 7)}L${n(to + 7)} ${n(y - 7)}" stroke="${COLOR.lost}" stroke-width="3" stroke-linecap="round"/>`;
    return line + cross;
  }
  const isConnect = kind === 'connect';
  const color = alert ? COLOR.lost : isConnect ? COLOR.connect : COLOR.ink;
  const headLength = isConnect ? 14 : 11;
  const headHalf = isConnect ? 7 : 5.5;
  const tip = to - direction;
  const dash = kind === 'reply' ? ' stroke-dasharray="7 5"' : '';
  const line = `<line x1="${n(from)}" y1="${n(y)}" x2="${n(tip - direction * (headLength - 2))}" y2="${n(y)}" stroke="${color}" stroke-width="${isConnect ? 4 : 2}"${dash}/>`;
  const back = tip - direction * headLength;
  const head = `<path d="M${n(tip)} ${n(y)}L${n(back)} ${n(y - headHalf)}L${n(back)} ${n(y + headHalf)}Z" fill="${color}"/>`;
  return line + head;
}

function textBlock(lines: readonly string[], cx: number, top: number, anchor: 'middle' | 'start', color: string, style: { italic?: boolean; halo?: boolean } = {}): string {
  const italic = style.italic ? ' font-style="italic"' : '';
  // A white outline under the letters keeps a label readable where it crosses a lifeline.
  const halo = style.halo ? ' stroke="#ffffff" stroke-width="5" stroke-linejoin="round" paint-order="stroke"' : '';
  return lines
    .map((text, i) => `<text x="${n(cx)}" y="${n(top + (i + 1) * LINE - 5)}" text-anchor="${anchor}" fill="${color}"${italic}${halo}>${escapeMarkup(text)}</text>`)
    .join('');
}

/** Numbers in the SVG: at most one decimal, so the output is stable and small. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}
