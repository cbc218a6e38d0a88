// The sequence diagram of a failed check: the kit's renderer draws a marked step as a link with its
// full text on hover (red when it is the failure), and leaves unmarked steps exactly as the decks
// have them; a timeline of thousands of lines is drawn as runs and a window around the failure.
import { describe, expect, it } from 'vitest';
import { renderDiagram } from '../../kit/diagrams/sequence-diagram.ts';
import type { SequenceDiagram } from '../../kit/diagrams/sequence-syntax.ts';
import { drawCheck, MAX_DRAWN } from '../../grader/engine/html-report/check-diagram.ts';
import type { Entry, Timeline } from '../../grader/engine/html-report/timeline.ts';

const PLAIN: SequenceDiagram = {
  title: 't',
  participants: [{ id: 'a', label: 'a' }, { id: 'b', label: 'b' }],
  steps: [
    { kind: 'message', arrow: 'message', from: 'a', to: 'b', text: ['hello'], line: 1 },
    { kind: 'note', placement: 'over', participants: ['b'], text: ['a note'], line: 2 },
  ],
};

describe('marked steps', () => {
  it('are links with a tooltip, red when they are the failure, and change nothing else', () => {
    const marked: SequenceDiagram = {
      ...PLAIN,
      steps: [
        { ...PLAIN.steps[0]!, mark: { link: '#r1', tooltip: 'the full <bytes>' } },
        { ...PLAIN.steps[1]!, mark: { link: '#r2', tooltip: 'why', alert: true } },
      ],
    };
    const plain = renderDiagram(PLAIN).svg;
    const svg = renderDiagram(marked).svg;
    expect(svg).toContain('<a class="step message" href="#r1"><title>the full &lt;bytes&gt;</title>');
    expect(svg).toContain('<a class="step note alert" href="#r2"><title>why</title>');
    expect(svg).toMatch(/<a class="step note alert"[^]*?fill="#fde4e1" stroke="#b42318"/);
    // Without the links, titles and hit boxes, the picture is the decks' picture.
    const unmarked = svg.replace(/<a [^>]*><title>[^<]*<\/title><rect [^>]*fill="transparent"\/>\n/g, '').replace(/<\/a>\n/g, '');
    expect(unmarked.replace('#fde4e1', '#fff5c8').replace('stroke="#b42318" stroke-width="2.5"', 'stroke="#c99700" stroke-width="1.5"').replace('fill="#7a1d14"', 'fill="#352b00"')).toBe(plain);
  });
});

describe('a long timeline', () => {
  it('draws runs of alike lines as one arrow, and a window that ends at the failure', () => {
    const line = (i: number, text: string, from = 'l1', to = 'l0'): Entry => ({ atMs: i, shape: 'message', route: { from, to }, text: [text], full: `line ${i}` });
    // 1000 data frames (runs of alike arrows), then 2000 requests and answers (no runs), the breach, more.
    const talk = (i: number) => (i % 2 === 0 ? line(i, `ping ${i}`) : line(i, `pong ${i}`, 'l0', 'l1'));
    const entries: Entry[] = [
      { atMs: 0, shape: 'note', on: ['l0'], text: ['started'], full: 'started' },
      ...Array.from({ length: 1000 }, (_, i) => line(i + 1, i % 300 === 299 ? `chat ${i}` : 'data 1200 bytes')),
      ...Array.from({ length: 2000 }, (_, i) => talk(1001 + i)),
      { atMs: 4000, shape: 'message', route: { from: 'l1', to: 'l0' }, text: ['✗ the breach'], full: 'the breach', alert: 'valid-message' },
      ...Array.from({ length: 400 }, (_, i) => talk(5000 + i)),
    ];
    const timeline: Timeline = { lifelines: [{ id: 'l0', label: 'grader', kind: 'grader' }, { id: 'l1', label: 'your peer', kind: 'program' }], entries, failureAt: 3001 };
    const drawn = drawCheck(timeline, 'long', (i) => `e${i}`);
    const arrows = drawn.svg.match(/<a class="step /g) ?? [];
    expect(arrows.length).toBeLessThanOrEqual(MAX_DRAWN);
    expect(drawn.svg).toContain('href="#e3001"');
    expect(drawn.svg).toMatch(/<a class="step message alert" href="#e3001">/);
    expect(drawn.svg).toMatch(/\d+× data 1200 bytes … data 1200 bytes/);
    expect(drawn.svg).toMatch(/… \d+ steps not drawn here …/);
    expect(drawn.covered).toContain(3001);
    expect(drawn.covered).toContain(0);
    expect(drawn.leftOut).toBeGreaterThan(0);
    expect(drawn.covered.length + drawn.leftOut).toBe(entries.length);
  });
});
