// The sequence-diagram format and its SVG: every statement drawn, user text escaped, the output
// well-formed and the same bytes for the same source.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSequenceDiagram } from '../../kit/diagrams/sequence-diagram.ts';
import { parseSequence, SequenceSyntaxError } from '../../kit/diagrams/sequence-syntax.ts';

const DIAGRAMS = new URL('../../slides/diagrams/', import.meta.url);

/** A strict check that the text is well-formed XML: balanced tags, quoted attributes, escaped text. */
function expectWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)|(<)/g;
  for (const match of xml.matchAll(token)) {
    const [whole, closing, name, , selfClosing, text, stray] = match;
    if (stray) throw new Error(`a stray "<" at ${match.index}: ${xml.slice(match.index, match.index + 40)}`);
    if (text !== undefined) {
      const bad = /&(?!(?:amp|lt|gt|quot|#\d+|#x[\da-f]+);)|>/i.exec(text);
      if (bad) throw new Error(`unescaped "${bad[0]}" in text: ${text.slice(0, 60)}`);
      continue;
    }
    if (whole.startsWith('<!--')) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing) stack.push(name!);
  }
  expect(stack).toEqual([]);
}

const SOURCE = `
title: a test
participants: alice tracker bob
label bob: bob (port 40124)
alice => tracker: TCP connect
alice -> tracker: login {"password": "<secret> & 'more'"}
tracker --> alice: welcome
tracker -x bob: lost on the way
note over alice, bob: a note<br>on two lines
note right of bob: beside
== later ==
`;

describe('parseSequence', () => {
  it('reads participants, labels, every kind of arrow, notes and dividers', () => {
    const diagram = parseSequence(SOURCE);
    expect(diagram.title).toBe('a test');
    expect(diagram.participants).toEqual([
      { id: 'alice', label: 'alice' },
      { id: 'tracker', label: 'tracker' },
      { id: 'bob', label: 'bob (port 40124)' },
    ]);
    expect(diagram.steps.map((step) => (step.kind === 'message' ? step.arrow : step.kind))).toEqual(['connect', 'message', 'reply', 'lost', 'note', 'note', 'divider']);
    expect(diagram.steps[4]).toMatchObject({ kind: 'note', placement: 'over', participants: ['alice', 'bob'], text: ['a note', 'on two lines'] });
  });

  it('names the line of a mistake', () => {
    const error = (source: string) => {
      try {
        parseSequence(source);
      } catch (caught) {
        return caught as SequenceSyntaxError;
      }
      throw new Error('no error');
    };
    expect(error('participants: a b\na -> c: hi')).toMatchObject({ line: 2, reason: 'unknown participant "c" (declared: a, b)' });
    expect(error('participants: a b\n\na ~> b: hi').line).toBe(3);
    expect(error('a -> b: hi').reason).toContain('unknown participant');
    expect(error('participants: a').reason).toContain('at least two participants');
    expect(error('participants: a b\na -> a: me').reason).toContain('two different participants');
  });
});

describe('renderSequenceDiagram', () => {
  const { svg, width, height } = renderSequenceDiagram(SOURCE);

  it('is well-formed SVG with a size and a title', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain(`viewBox="0 0 ${width} ${height}"`);
    expect(svg).toContain('<title>a test</title>');
    expectWellFormedXml(svg);
  });

  it('escapes user text', () => {
    expect(svg).toContain('login {&quot;password&quot;: &quot;&lt;secret&gt; &amp; &#39;more&#39;&quot;}');
    expect(svg).not.toContain('<secret>');
  });

  it('draws every message and every label', () => {
    for (const label of ['TCP connect', 'welcome', 'lost on the way', 'a note', 'on two lines', 'beside', 'later', 'bob (port 40124)']) {
      expect(svg).toContain(`>${label}</text>`);
    }
    // One arrowhead per message that arrives, one cross for the lost one, and no <marker> ids that
    // could clash when several diagrams share a page.
    expect(svg.match(/<path d="M[^"]*Z" fill=/g)).toHaveLength(3);
    expect(svg.match(/stroke-linecap="round"/g)).toHaveLength(1);
    expect(svg).toContain('stroke-dasharray="7 5"');
    expect(svg).not.toMatch(/<marker|\sid="/);
  });

  it('gives the same bytes for the same source', () => {
    expect(renderSequenceDiagram(SOURCE).svg).toBe(svg);
  });

  it('renders every diagram of the decks', () => {
    const files = readdirSync(DIAGRAMS).filter((name) => name.endsWith('.seq'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const name of files) {
      const source = readFileSync(new URL(name, DIAGRAMS), 'utf8');
      const rendered = renderSequenceDiagram(source);
      expectWellFormedXml(rendered.svg);
      const messages = parseSequence(source).steps.filter((step) => step.kind === 'message');
      const drawn = (rendered.svg.match(/<path d="M[^"]*Z" fill=/g) ?? []).length + (rendered.svg.match(/stroke-linecap="round"/g) ?? []).length;
      expect(drawn, name).toBe(messages.length);
    }
  });
});
