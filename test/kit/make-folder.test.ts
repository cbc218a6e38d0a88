// makeFolder: what recursive mkdir does, without its endless loop where the kernel refuses a folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeFolder } from '../../kit/files/make-folder.ts';

const helper = new URL('../../kit/files/make-folder.ts', import.meta.url).href;

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

  // Node's recursive mkdir loops forever on this path (the kernel answers ENOENT under /proc). A loop
  // like that cannot be interrupted inside the test's own thread, so it runs in a child with a deadline:
  // a hang fails the test instead of stalling the suite.
  test.runIf(process.platform === 'linux')('a folder the kernel refuses to create is an error, not a hang', () => {
    const script = `import('${helper}').then(({ makeFolder }) => { try { makeFolder('/proc/no-such-folder/inside'); console.log('made') } catch (e) { console.log(e.code) } })`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(child.signal, 'makeFolder did not return within 10 s').toBeNull();
    expect(child.stdout.trim()).toBe('ENOENT');
  }, 15_000);
});
