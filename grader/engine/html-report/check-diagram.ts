// A check's timeline drawn as a sequence diagram with the kit's renderer (kit/diagrams, the one the
// lecture decks use). Each step links to its full record on the page and shows it on hover; the
// failure is red. A long timeline is made drawable: runs of alike messages become one arrow, and past
// a few hundred steps only a window around the failure is drawn (the list beside it has the rest).
import { renderDiagram } from '#kit/diagrams/sequence-diagram.ts';
import type { SequenceDiagram, SequenceStep } from '#kit/diagrams/sequence-syntax.ts';
import { clip } from './message-text.ts';
import type { Entry, Timeline } from './timeline.ts';

/** The most steps one diagram draws; beyond, runs are merged and a window is kept. */
export const MAX_DRAWN = 250;
const RUN = 4;
const BEFORE_FAILURE = 200;
const SETUP = 8;
/** A pause this long between two steps is drawn, since waiting is often what went wrong. */
const PAUSE_MS = 1_000;

export interface CheckDiagram {
  svg: string;
  /** Indices of the timeline's entries that the diagram covers, each linked to its record. */
  covered: number[];
  /** Entries left out of the window, if any. */
  leftOut: number;
}

/** One item to draw: a run of entries (usually one), or a gap in the window. */
type Item = { first: number; last: number } | { gap: number };

export function drawCheck(timeline: Timeline, title: string, anchor: (index: number) => string): CheckDiagram {
  const { entries } = timeline;
  const items: Item[] = entries.length > MAX_DRAWN ? windowed(mergeRuns(entries), timeline.failureAt ?? entries.length - 1) : entries.map((_, i) => ({ first: i, last: i }));
  const drawn: Drawn[] = [];
  let lastAt: number | undefined;
  for (const item of items) {
    if (!('gap' in item)) {
      const at = entries[item.first]!.atMs;
      if (lastAt !== undefined && at - lastAt >= PAUSE_MS) drawn.push({ step: { kind: 'divider', text: [`${((at - lastAt) / 1000).toFixed(1)} s later`], line: 0, mark: { tooltip: `nothing for ${at - lastAt} ms` } } });
      lastAt = entries[item.last]!.atMs;
    }
    drawn.push(...stepsOf(item, timeline, anchor));
  }
  const diagram: SequenceDiagram = {
    title,
    participants: timeline.lifelines.map((l) => ({ id: l.id, label: l.label })),
    steps: passedOnTogether(drawn),
  };
  // The renderer needs two lifelines; a check that only started a program has one.
  if (diagram.participants.length < 2) diagram.participants.push({ id: 'grader', label: 'the grader' });
  const covered = items.flatMap((item) => ('gap' in item ? [] : range(item.first, item.last)));
  const leftOut = items.reduce((sum, item) => sum + ('gap' in item ? item.gap : 0), 0);
  return { svg: renderDiagram(diagram).svg, covered, leftOut };
}

/** A step to draw; `passesOn` when it is a proxy passing that many lines on. */
interface Drawn {
  step: SequenceStep;
  passesOn?: number;
}

function stepsOf(item: Item, timeline: Timeline, anchor: (index: number) => string): Drawn[] {
  if ('gap' in item) return [{ step: { kind: 'divider', text: [`… ${item.gap} steps not drawn here …`], line: 0 } }];
  const entry = timeline.entries[item.first]!;
  const count = item.last - item.first + 1;
  const text = count === 1 ? entry.text : [clip(`${count}× ${entry.text[0] ?? ''} … ${timeline.entries[item.last]!.text[0] ?? ''}`)];
  const tooltip = count === 1 ? entry.full : `${count} alike steps, the first:\n${entry.full}`;
  const mark = { link: `#${anchor(item.first)}`, tooltip, ...(entry.alert ? { alert: true } : {}) };
  const line = item.first + 1;
  if (entry.shape === 'divider') return [{ step: { kind: 'divider', text, line, mark } }];
  if (entry.shape === 'note') return [{ step: { kind: 'note', placement: 'over', participants: entry.on ?? [], text, line, mark } }];
  const route = entry.route!;
  const arrow = entry.shape === 'connect' ? 'connect' : 'message';
  if (!route.via) return [{ step: { kind: 'message', arrow, from: route.from, to: route.to, text, line, mark } }];
  // Through a proxy: what was sent, then the proxy passing it on in its own way.
  const passedOn = { ...mark, tooltip: `passed on by the proxy:\n${tooltip}` };
  return [
    { step: { kind: 'message', arrow, from: route.from, to: route.via, text, line, mark } },
    arrow === 'connect'
      ? { step: { kind: 'message', arrow, from: route.via, to: route.to, text: ['connects (TCP)'], line, mark: passedOn } }
      : { step: { kind: 'message', arrow, from: route.via, to: route.to, text: ['↳ passed on'], line, mark: passedOn }, passesOn: count },
  ];
}

/** Lines sent into a proxy one after another are passed on by one arrow, after the last of them. */
function passedOnTogether(drawn: readonly Drawn[]): SequenceStep[] {
  const steps: SequenceStep[] = [];
  let pending: { hop: SequenceStep & { kind: 'message' }; lines: number; sender: string } | undefined;
  const flush = () => {
    if (pending) steps.push(pending.lines === 1 ? pending.hop : { ...pending.hop, text: [`↳ ${pending.lines} lines passed on`] });
    pending = undefined;
  };
  for (const [i, { step, passesOn }] of drawn.entries()) {
    if (passesOn !== undefined && step.kind === 'message') {
      if (pending?.hop.from === step.from && pending.hop.to === step.to) pending.lines += passesOn;
      else {
        flush();
        // The step before a hop is what its sender sent into the proxy.
        const into = drawn[i - 1]?.step;
        pending = { hop: step, lines: passesOn, sender: into?.kind === 'message' ? into.from : '' };
      }
      continue;
    }
    const intoSameProxy = step.kind === 'message' && step.arrow !== 'connect' && step.to === pending?.hop.from && step.from === pending.sender;
    if (!intoSameProxy) flush();
    steps.push(step);
  }
  flush();
  return steps;
}

/** Consecutive messages of one kind on one way (data frames, DATA packets) as one item. */
function mergeRuns(entries: readonly Entry[]): Item[] {
  const items: Item[] = [];
  let i = 0;
  while (i < entries.length) {
    let j = i;
    while (j + 1 < entries.length && alike(entries[i]!, entries[j + 1]!)) j += 1;
    if (j - i + 1 >= RUN) items.push({ first: i, last: j });
    else for (let k = i; k <= j; k += 1) items.push({ first: k, last: k });
    i = j + 1;
  }
  return items;
}

function alike(a: Entry, b: Entry): boolean {
  if (a.shape !== 'message' || b.shape !== 'message' || a.alert || b.alert) return false;
  const way = (e: Entry) => `${e.route?.from} ${e.route?.via ?? ''} ${e.route?.to}`;
  const kind = (e: Entry) => (e.text[0] ?? '').split(' ')[0];
  return way(a) === way(b) && kind(a) === kind(b);
}

/** The setup, then the items around the failure; what lies between becomes a gap. */
function windowed(items: Item[], failureAt: number): Item[] {
  if (items.length <= MAX_DRAWN) return items;
  const failing = Math.max(0, items.findIndex((item) => !('gap' in item) && item.last >= failureAt));
  const from = Math.max(SETUP, failing - BEFORE_FAILURE);
  const to = Math.min(items.length, from + (MAX_DRAWN - SETUP));
  const size = (list: Item[]) => list.reduce((sum, item) => sum + ('gap' in item ? 0 : item.last - item.first + 1), 0);
  const before = items.slice(SETUP, from);
  const after = items.slice(to);
  return [
    ...items.slice(0, SETUP),
    ...(before.length > 0 ? [{ gap: size(before) }] : []),
    ...items.slice(from, to),
    ...(after.length > 0 ? [{ gap: size(after) }] : []),
  ];
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
