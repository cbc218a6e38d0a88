// Every deck builds, every marker in it resolves, and a deck with a broken marker fails the build with
// a message that names the deck file, the line and the marker.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks, DeckBuildError, listDecks, renderDeck, type BuildResult } from '../../slides/src/index.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const made: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The marker lines of a deck (outside code fences), e.g. "@code solutions/…#push". */
function markers(deckPath: string, kind: 'code' | 'diagram'): string[] {
  let fenced = false;
  return readFileSync(deckPath, 'utf8').split('\n').filter((line) => {
    if (/^ {0,3}(```|~~~)/.test(line)) fenced = !fenced;
    return !fenced && line.startsWith(`@${kind} `);
  });
}

describe('building the decks', () => {
  let result: BuildResult;
  beforeAll(async () => {
    result = await buildDecks({ outDir: join(temp('slides-build-'), 'dist') });
  });

  it('builds one page per deck, in lab order, plus an index', () => {
    expect(result.decks.map((deck) => deck.id)).toEqual([
      '00-opening', '01-two-peers', '02-tracker-auth', '03-roster-and-direct', '04-file-transfer', '05-session-log', '06-rooms-and-relay', '08-final-app',
    ]);
    for (const deck of result.decks) {
      expect(deck.slides, deck.id).toBeGreaterThanOrEqual(11);
      expect(existsSync(deck.path)).toBe(true);
    }
    const index = readFileSync(result.index, 'utf8');
    for (const deck of result.decks) expect(index).toContain(`href="${deck.id}.html"`);
  });

  it('resolves every code and diagram marker', () => {
    for (const [i, deckPath] of listDecks().entries()) {
      const html = readFileSync(result.decks[i]!.path, 'utf8');
      expect(html.match(/<figure class="code quoted">/g)?.length ?? 0, deckPath).toBe(markers(deckPath, 'code').length);
      expect(html.match(/<figure class="diagram"/g)?.length ?? 0, deckPath).toBe(markers(deckPath, 'diagram').length);
    }
    expect(result.diagrams.length).toBeGreaterThanOrEqual(7);
  });

  it('writes pages that need nothing from the network', () => {
    for (const deck of result.decks) {
      const html = readFileSync(deck.path, 'utf8');
      expect(html).toMatch(/<style>[\s\S]+<\/style>/);
      expect(html).toMatch(/<script>[\s\S]+<\/script>/);
      expect(html, deck.id).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)="(https?:)?\/\//);
      expect(html).not.toMatch(/@import|url\(\s*["']?https?:/);
    }
  });

  it('renders one deck on its own, for a server that wants the HTML', async () => {
    const html = await renderDeck(listDecks()[1]!);
    expect(html).toContain('<title>Lab 01 · Two peers</title>');
  });
});

describe('a deck with a broken marker', () => {
  const decksDir = temp('slides-broken-');
  writeFileSync(join(decksDir, 'broken.md'), [
    '## This one is fine', //                                          1
    '@code solutions/01-two-peers/line-decoder.ts#push', //            2
    '---', //                                                          3
    '## These are not', //                                             4
    '@code solutions/01-two-peers/line-decoder.ts#no-such-region', //  5
    '@code solutions/01-two-peers/gone.ts', //                         6
    '@diagram diagrams/gone.seq', //                                   7
    '@cod solutions/01-two-peers/peer.ts#listen', //                   8
    '```md', //                                                        9
    '@code inside/a/fence.ts#is-only-text', //                        10
    '```', //                                                         11
  ].join('\n'));

  it('fails the build, naming the file, the line and the marker of each problem', async () => {
    const outDir = join(temp('slides-out-'), 'dist');
    const error = await buildDecks({ decksDir, outDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeckBuildError);
    const message = (error as DeckBuildError).message;
    expect(message).toContain('the slides do not build (4 problems)');
    expect(message).toContain('broken.md:5: @code solutions/01-two-peers/line-decoder.ts#no-such-region: no region "no-such-region" in solutions/01-two-peers/line-decoder.ts (its regions: ');
    expect(message).toContain('broken.md:6: @code solutions/01-two-peers/gone.ts: file not found: solutions/01-two-peers/gone.ts');
    expect(message).toContain('broken.md:7: @diagram diagrams/gone.seq: file not found: slides/diagrams/gone.seq');
    expect(message).toContain('broken.md:8: @cod solutions/01-two-peers/peer.ts#listen: unknown marker @cod');
    expect(message).not.toContain('fence.ts');
    expect(existsSync(outDir)).toBe(false);
  });

  it('makes npm run slides exit 1 with that message', () => {
    const tsx = join(REPO, 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, ['slides/build.ts', '--decks', decksDir, '--out', join(temp('slides-cli-'), 'dist')], { cwd: REPO, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('broken.md:5: @code solutions/01-two-peers/line-decoder.ts#no-such-region');
    expect(run.stdout).toBe('');
  });

  it('reports a diagram that does not parse at its own line', async () => {
    const slidesDir = temp('slides-dir-');
    mkdirSync(join(slidesDir, 'diagrams'));
    writeFileSync(join(slidesDir, 'diagrams', 'typo.seq'), 'participants: a b\na -> c: hello\n');
    const dir = temp('slides-typo-');
    writeFileSync(join(dir, 'typo.md'), '## A typo\n\n@diagram diagrams/typo.seq\n');
    const error = (await buildDecks({ decksDir: dir, slidesDir, outDir: join(dir, 'dist') }).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/typo\.md:3: @diagram diagrams\/typo\.seq: .*typo\.seq:2: unknown participant "c" \(declared: a, b\)/);
  });
});
