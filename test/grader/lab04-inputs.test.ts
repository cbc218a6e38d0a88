// The input spaces Lab 04's checks draw from: hostile names, frame plans, and the audit of the grader's
// folder that judges what a receiver wrote. A check is only as strong as the inputs it can draw.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { isSafeFileName } from '#kit/protocol/messages.ts';
import { MAX_DATA_CHUNK } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../grader/engine/check-context.ts';
import { CheckFailure } from '../../grader/engine/check-failure.ts';
import { createRandom } from '../../grader/engine/seeded-random.ts';
import { auditDownloads, listTree } from '../../grader/labs/04-file-transfer/folder-audit.ts';
import { ALL_CORNERS_BYTES, drawFrameLengths, FRAME_CORNERS } from '../../grader/labs/04-file-transfer/frame-plans.ts';
import { drawHostileNames } from '../../grader/labs/04-file-transfer/hostile-names.ts';

const SPACE = { mark: 'qzkfjw', climb: 5, absoluteDir: '/tmp/grade-data-x/n1' };

describe('hostile names', () => {
  test('the same seed draws the same names, another seed other ones', () => {
    expect(drawHostileNames(createRandom(7), SPACE)).toEqual(drawHostileNames(createRandom(7), SPACE));
    expect(drawHostileNames(createRandom(7), SPACE)).not.toEqual(drawHostileNames(createRandom(8), SPACE));
  });

  test('every family is drawn every time, and most names are unsafe', () => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const names = drawHostileNames(createRandom(seed), SPACE);
      expect(new Set(names.map((n) => n.family)).size).toBe(21);
      expect(names.filter((n) => !isSafeFileName(n.name)).length).toBeGreaterThan(names.length / 2);
      for (const n of names) expect(n.overLong === true).toBe(Buffer.byteLength(n.name) > 255);
    }
  });

  test('a typed name survives the command line: no comma, no line break, nothing trim() removes, a file name in size', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      for (const { name } of drawHostileNames(createRandom(seed), { ...SPACE, typed: true })) {
        expect(name).not.toMatch(/[,\n\r]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        expect(name.trim()).toBe(name);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      }
    }
  });
});

describe('frame plans', () => {
  test('lengths from 1 to 262144 that add up to the size, every corner included once the file is long enough', () => {
    const random = createRandom(3);
    for (const size of [0, 1, 2, 65_535, MAX_DATA_CHUNK, ALL_CORNERS_BYTES, ALL_CORNERS_BYTES + 12_345, 3 * MAX_DATA_CHUNK]) {
      const lengths = drawFrameLengths(random, size);
      expect(lengths.reduce((sum, n) => sum + n, 0)).toBe(size);
      for (const n of lengths) expect(n >= 1 && n <= MAX_DATA_CHUNK).toBe(true);
      if (size >= ALL_CORNERS_BYTES) for (const corner of FRAME_CORNERS) expect(lengths).toContain(corner);
    }
  });
});

describe('the audit of the grader\'s folder', () => {
  const ctx = { note: () => {} } as unknown as CheckContext;
  let root = '';
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function tree(): Promise<{ downloads: string; before: Awaited<ReturnType<typeof listTree>> }> {
    root = await mkdtemp(join(tmpdir(), 'audit-test-'));
    const downloads = join(root, 'n1', 'downloads');
    await mkdir(downloads, { recursive: true });
    await writeFile(join(root, 'shared.txt'), 'there before');
    return { downloads, before: await listTree(root) };
  }

  const failureOf = (promise: Promise<void>) => promise.then(() => undefined, (error: unknown) => (error instanceof CheckFailure ? error.failure.expected : String(error)));

  test('passes exactly the verified files under safe names, and nothing else', async () => {
    const { downloads, before } = await tree();
    await writeFile(join(downloads, 'a.txt'), 'one');
    expect(await failureOf(auditDownloads(ctx, { root, downloads, before, verified: [Buffer.from('one')], why: '' }))).toBeUndefined();
  });

  test('fails on a file that climbed out, an unsafe name, a folder inside, or a missing transfer', async () => {
    const { downloads, before } = await tree();
    await writeFile(join(root, 'escaped.txt'), 'one');
    expect(await failureOf(auditDownloads(ctx, { root, downloads, before, verified: [], why: '' }))).toMatch(/nothing new outside/);
    await rm(join(root, 'escaped.txt'));
    await writeFile(join(downloads, 'nul.txt'), 'two');
    expect(await failureOf(auditDownloads(ctx, { root, downloads, before, verified: [Buffer.from('two')], why: '' }))).toMatch(/only safe names/);
    await rm(join(downloads, 'nul.txt'));
    await mkdir(join(downloads, 'sub'));
    expect(await failureOf(auditDownloads(ctx, { root, downloads, before, verified: [], why: '' }))).toMatch(/only plain files/);
    await rm(join(downloads, 'sub'), { recursive: true });
    expect(await failureOf(auditDownloads(ctx, { root, downloads, before, verified: [Buffer.from('three')], why: '' }))).toMatch(/one per verified transfer/);
  });
});
