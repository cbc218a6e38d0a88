// makeFolder: what recursive mkdir does, without its endless loop where the kernel refuses a folder.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeFolder } from '../../kit/files/make-folder.ts';

const root = mkdtempSync(join(tmpdir(), 'make-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('makeFolder', () => {
  test('creates every missing parent, and is happy when the folder exists', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(() => makeFolder(deep)).not.toThrow();
  });

  test('a file in the way is ENOTDIR', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeFolder(join(root, 'file', 'below'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  // Node's recursive mkdir loops forever on this path (the kernel answers ENOENT under /proc).
  test.runIf(process.platform === 'linux')('a folder the kernel refuses to create is an error, not a hang', () => {
    expect(() => makeFolder('/proc/no-such-folder/inside')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  }, 5_000);
});
