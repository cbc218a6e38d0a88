// The mutation score's own parts: the seeded sample, the text edit that applies a generated mutant,
// the verdict that keeps timeouts apart from kills, and the results a stopped run goes on from.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMutant, lineStarts, offsetOf, replacementText } from '../../bench/mutation/apply-mutant.ts';
import { generateMutants, NOT_RUN } from '../../bench/mutation/generate-mutants.ts';
import { PEOPLE_ONLY } from '../../bench/mutation/people-only-text.ts';
import { ResultsStore } from '../../bench/mutation/results-store.ts';
import { seededSample } from '../../bench/mutation/sample.ts';
import { gradedVerdict } from '../../bench/mutation/verdict.ts';
import { EQUIVALENT_MUTANTS, equivalence } from '../../bench/mutation/equivalent-mutants.ts';
import type { MutantSite } from '../../bench/mutation/mutant-site.ts';

describe('seededSample', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);

  it('draws the same sample for the same seed, and another for another seed', () => {
    expect(seededSample(items, 10, 7)).toEqual(seededSample(items, 10, 7));
    expect(seededSample(items, 10, 7)).not.toEqual(seededSample(items, 10, 8));
  });

  it('draws distinct items of the list, as many as asked', () => {
    const sample = seededSample(items, 10, 3);
    expect(sample).toHaveLength(10);
    expect(new Set(sample).size).toBe(10);
    for (const item of sample) expect(items).toContain(item);
  });

  it('takes every item, shuffled, when asked for more than there are, and none for zero', () => {
    const all = seededSample(items, 500, 3);
    expect([...all].sort((a, b) => a - b)).toEqual(items);
    expect(all).not.toEqual(items);
    expect(seededSample(items, 0, 3)).toEqual([]);
  });

  it('does not favour the start of the list', () => {
    const firstHalf = Array.from({ length: 200 }, (_, seed) => seededSample(items, 1, seed)[0]!).filter((i) => i < 25).length;
    expect(firstHalf).toBeGreaterThan(70);
    expect(firstHalf).toBeLessThan(130);
  });
});

describe('applying a mutant as a text edit', () => {
  const source = 'const a = "…";\r\nif (x > 1) {\r  go(!(p || q));\n}\n';
  const starts = lineStarts(source);

  it('finds offsets from 0-based lines and UTF-16 columns, across CRLF, LF and a lone CR', () => {
    expect(source.slice(offsetOf(starts, { line: 1, column: 4 }), offsetOf(starts, { line: 1, column: 9 }))).toBe('x > 1');
    expect(source.slice(offsetOf(starts, { line: 2, column: 5 }), offsetOf(starts, { line: 2, column: 14 }))).toBe('!(p || q)');
    expect(() => offsetOf(starts, { line: 9, column: 0 })).toThrow(/past the end/);
  });

  it('wraps an expression in parentheses, so it keeps its meaning where it lands', () => {
    const start = source.indexOf('!(p || q)');
    const mutated = applyMutant(source, { start, end: start + 9, original: '!(p || q)', mutator: 'BooleanLiteral', replacement: 'p || q' });
    expect(mutated).toBe('const a = "…";\r\nif (x > 1) {\r  go((p || q));\n}\n');
  });

  it('leaves statements as they are: an emptied block, a case without its body', () => {
    expect(replacementText({ mutator: 'BlockStatement', replacement: '{}' })).toBe('{}');
    expect(replacementText({ mutator: 'ConditionalExpression', replacement: "case 'a':" })).toBe("case 'a':");
    expect(replacementText({ mutator: 'ConditionalExpression', replacement: 'false' })).toBe('(false)');
    const start = source.indexOf('{\r');
    const end = source.lastIndexOf('}') + 1;
    expect(applyMutant(source, { start, end, original: source.slice(start, end), mutator: 'BlockStatement', replacement: '{}' })).toBe('const a = "…";\r\nif (x > 1) {}\n');
  });

  it('refuses a mutant whose original text is no longer there', () => {
    expect(() => applyMutant(source, { start: 0, end: 5, original: 'let a', mutator: 'StringLiteral', replacement: '""' })).toThrow(/the reference changed/);
  });
});

describe('generated mutants', () => {
  const root = mkdtempSync(join(tmpdir(), 'mutation-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'lab'));
  // A lone CR ends a line for the parser too; the last line's column counts UTF-16 units after “…”.
  writeFileSync(join(root, 'lab', 'run.ts'), "// “quotes” first\r\n// old Mac line\rexport function f(out: { emit(e: string, f: object, h: string): void }, n: number): boolean {\r\n  out.emit('x', { n }, `n is ${n}`);\r\n  return n > 1 && '…' !== `${n > 0}`;\r\n}\r\n");
  writeFileSync(join(root, 'lab', 'unused.ts'), 'export const k = 1 + 2;\n');

  it('locate their original text exactly, and say which are not graded', async () => {
    const sites = await generateMutants(root, 'lab', new Set(['run.ts']));
    const boundary = sites.filter((site) => site.mutator === 'EqualityOperator');
    expect(boundary.map((site) => [site.original, site.line, site.column])).toEqual([
      ['n > 1', 5, 10],
      ['n > 1', 5, 10],
      ["'…' !== `${n > 0}`", 5, 19],
      ['n > 0', 5, 30],
      ['n > 0', 5, 30],
    ]);
    expect(sites.find((site) => site.original === '`n is ${n}`')?.excluded).toBe(PEOPLE_ONLY.humanLine);
    expect(sites.find((site) => site.original === "'x'")?.excluded).toBeUndefined();
    expect(sites.filter((site) => site.file === 'unused.ts').every((site) => site.excluded === NOT_RUN)).toBe(true);
  });
});

describe('gradedVerdict', () => {
  const check = (id: string, passed: boolean, kind?: string) => ({ type: 'check' as const, id, passed, ...(kind ? { kind } : {}) });

  it('calls a mutant killed by the first check that failed on its own, timeouts or not', () => {
    expect(gradedVerdict([check('a', false, 'timeout'), check('b', false, 'start')], false)).toMatchObject({ verdict: 'killed', killedBy: 'b', killedKind: 'start' });
    expect(gradedVerdict([check('a', true), check('b', false)], true)).toMatchObject({ verdict: 'killed', killedBy: 'b' });
  });

  it('keeps a mutant that only made checks run out of time apart, as timed out', () => {
    expect(gradedVerdict([check('a', true), check('b', false, 'timeout')], false)).toEqual({ verdict: 'timed-out', timedOutChecks: ['b'] });
    expect(gradedVerdict([check('a', true)], true)).toEqual({ verdict: 'timed-out', timedOutChecks: [], hitBound: true });
  });

  it('calls a mutant that passed every check a survivor', () => {
    expect(gradedVerdict([check('a', true), check('b', true)], false)).toEqual({ verdict: 'survived' });
  });
});

describe('ResultsStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mutation-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'results', '01.jsonl');

  it('gives back what an earlier run graded with the same signature, and nothing else', () => {
    new ResultsStore(path, 'sig-a', false).add({ key: 'k1', verdict: 'killed', killedBy: 'c', durationMs: 1 });
    appendFileSync(path, '{"signature":"sig-a","outcome":{"key":"k2"'); // cut short by an interruption
    expect(new ResultsStore(path, 'sig-a', false).get('k1')).toMatchObject({ verdict: 'killed', killedBy: 'c' });
    expect(new ResultsStore(path, 'sig-a', false).get('k2')).toBeUndefined();
    new ResultsStore(path, 'sig-a', false).add({ key: 'k3', verdict: 'survived', durationMs: 1 });
    expect(new ResultsStore(path, 'sig-a', false).get('k3')).toMatchObject({ verdict: 'survived' });
    expect(new ResultsStore(path, 'sig-b', false).get('k1')).toBeUndefined();
    expect(new ResultsStore(path, 'sig-a', true).get('k1')).toBeUndefined();
  });
});

describe('equivalent survivors', () => {
  const site = (over: Partial<MutantSite>): MutantSite => ({ key: 'k', file: 'chat.ts', line: 27, column: 23, start: 0, end: 4, mutator: 'BooleanLiteral', original: 'true', replacement: 'false', ...over });

  it('a survivor a person judged equivalent is found by its text, and by its line where the text repeats', () => {
    expect(equivalence('01', site({}))).toMatch(/Nagle/);
    expect(equivalence('01', site({ line: 32 }))).toMatch(/finish\(\) guards/);
    expect(equivalence('01', site({ line: 99 }))).toBeUndefined();
    expect(equivalence('02', site({}))).toBeUndefined();
    expect(equivalence('01', site({ replacement: 'maybe' }))).toBeUndefined();
  });

  it('every entry gives its reason', () => {
    for (const entry of EQUIVALENT_MUTANTS) expect(entry.why.length, JSON.stringify(entry)).toBeGreaterThan(20);
  });
});
