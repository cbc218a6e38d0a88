// Where the lifelines go. Each gap between two lifelines is as wide as the widest label, note or
// arrow that must fit in it; text widths are estimated for a monospaced font, which makes the estimate
// safe and the layout the same on every machine.
import type { SequenceStep } from './sequence-syntax.ts';

export const FONT = 16;
export const HEAD_FONT = 16;
export const LINE = 21;
export const MARGIN = 16;
export const HEAD_HEIGHT = 40;
export const MIN_GAP = 140;
export const SPAN_PAD = 28;
/** How far a lost message gets before its ✕. */
export const LOST_FRACTION = 0.62;

/** Estimated width of one line of text: monospace, wide characters (CJK, emoji) count double. */
export function textWidth(text: string, fontSize: number = FONT): number {
  let columns = 0;
  for (const char of text) columns += (char.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return columns * fontSize * 0.62;
}

export const blockWidth = (lines: readonly string[]) => Math.max(0, ...lines.map((line) => textWidth(line)));

export interface HorizontalLayout {
  x: number[];
  width: number;
}

/** Lifeline positions: each lifeline as far right as the widest thing between it and another needs. */
export function horizontalLayout(steps: readonly SequenceStep[], heads: readonly number[], at: (id: string) => number): HorizontalLayout {
  const count = heads.length;
  const gaps: { from: number; to: number; distance: number }[] = [];
  let leftNeed = 0;
  let rightNeed = 0;
  let minWidth = 0;
  const needBetween = (from: number, to: number, distance: number, edge: 'left' | 'right') => {
    if (from >= 0 && to < count) gaps.push({ from, to, distance });
    else if (edge === 'left') leftNeed = Math.max(leftNeed, distance);
    else rightNeed = Math.max(rightNeed, distance);
  };

  for (const step of steps) {
    const w = blockWidth(step.text);
    if (step.kind === 'message') {
      const [a, b] = [at(step.from), at(step.to)].sort((p, q) => p - q) as [number, number];
      // A lost message is drawn only part of the way; its label must fit over that part.
      gaps.push({ from: a, to: b, distance: step.arrow === 'lost' ? (w + 30) / LOST_FRACTION : w + 40 });
    } else if (step.kind === 'note') {
      const ids = step.participants.map(at).sort((p, q) => p - q);
      const first = ids[0] ?? 0;
      const last = ids[ids.length - 1] ?? 0;
      const box = w + 24;
      if (step.placement === 'right') needBetween(first, first + 1, box + 24, 'right');
      else if (step.placement === 'left') needBetween(first - 1, first, box + 24, 'left');
      else if (first === last) {
        needBetween(first - 1, first, box / 2 + 16, 'left');
        needBetween(first, first + 1, box / 2 + 16, 'right');
      } else gaps.push({ from: first, to: last, distance: box - 2 * SPAN_PAD });
    } else {
      minWidth = Math.max(minWidth, w + 80);
    }
  }

  const x: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const half = (heads[i] ?? 0) / 2;
    if (i === 0) {
      x.push(MARGIN + Math.max(half, leftNeed));
      continue;
    }
    const previous = x[i - 1] ?? 0;
    let position = previous + Math.max(MIN_GAP, ((heads[i - 1] ?? 0) + (heads[i] ?? 0)) / 2 + 24);
    for (const gap of gaps) if (gap.to === i) position = Math.max(position, (x[gap.from] ?? 0) + gap.distance);
    x.push(position);
  }
  const lastX = x[count - 1] ?? 0;
  const width = Math.max(lastX + Math.max((heads[count - 1] ?? 0) / 2, rightNeed) + MARGIN, minWidth);
  return { x, width };
}

