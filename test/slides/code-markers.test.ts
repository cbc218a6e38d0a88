// @code markers quote named regions of real files; anything that does not resolve is an error that
// names what is wrong, so a slide can never silently show stale code.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_QUOTED_LINES, quoteCode } from '../../slides/src/code-marker.ts';
import { findRegions, tidy } from '../../slides/src/code-regions.ts';
import { MarkerFailure } from '../../slides/src/deck-problem.ts';

function fakeRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'slides-repo-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const SOURCE = [
  '// a file', //                       1
  'export class Box {', //              2
  '  // #region open', //               3
  '  open(): void {', //                4
  '    // #region inner', //            5
  '    this.lid = true;', //            6
  '    // #endregion inner', //         7
  '  }', //                             8
  '  // #endregion open', //            9
  '}', //                               10
].join('\n');

describe('findRegions', () => {
  it('finds nested regions and leaves the marker lines out of the code', () => {
    const regions = findRegions(SOURCE);
    expect([...regions.keys()].sort()).toEqual(['inner', 'open']);
    expect(regions.get('open')).toMatchObject({ firstLine: 4, lines: ['  open(): void {', '    this.lid = true;', '  }'] });
  });

  it('reports a region that is never closed, closed twice or defined twice', () => {
    expect(() => findRegions('// #region a\ncode')).toThrow('#region a is never closed');
    expect(() => findRegions('// #endregion a')).toThrow('#endregion a without a #region a');
    expect(() => findRegions('// #region a\n// #endregion a\n// #region a\n// #endregion a')).toThrow('defined twice');
  });

  it('tidy removes the shared indentation and blank edges', () => {
    expect(tidy(['', '    a', '      b', ''])).toEqual({ lines: ['a', '  b'], droppedAtStart: 1 });
  });
});

describe('quoteCode', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const root = fakeRepo({
    'solutions/box.ts': SOURCE,
    'solutions/small.json': '{"a": 1}\n',
    'solutions/long.ts': Array.from({ length: MAX_QUOTED_LINES + 1 }, (_, i) => `const v${i} = ${i};`).join('\n'),
  });

  it('quotes a region, dedented, with its place in the file', () => {
    expect(quoteCode('solutions/box.ts#open', root)).toEqual({
      file: expect.stringContaining('box.ts'),
      region: 'open',
      language: 'ts',
      code: 'open(): void {\n  this.lid = true;\n}',
      firstLine: 4,
      lastLine: 6,
    });
  });

  it('quotes a whole small file without #', () => {
    expect(quoteCode('solutions/small.json', root)).toMatchObject({ code: '{"a": 1}', language: 'json', firstLine: 1 });
  });

  it('names a missing file, a missing region and the regions that exist', () => {
    expect(() => quoteCode('solutions/nope.ts#open', root)).toThrow(new MarkerFailure('file not found: solutions/nope.ts'));
    expect(() => quoteCode('solutions/box.ts#shut', root)).toThrow('no region "shut" in solutions/box.ts (its regions: inner, open)');
  });

  it('refuses paths outside the repository and code too long for a slide', () => {
    expect(() => quoteCode('../etc/passwd', root)).toThrow('outside the repository');
    expect(() => quoteCode('solutions/long.ts', root)).toThrow(`has ${MAX_QUOTED_LINES + 1} lines; a slide shows at most ${MAX_QUOTED_LINES}`);
  });
});
