// Property: whatever name another peer sends, the sanitised name is a single plain file name that,
// joined to the downloads folder, stays directly inside it.
import { basename, dirname, join, resolve, win32 } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isSafeFileName } from '#kit/protocol/messages.ts';
import { safeReceivedName } from '../../solutions/04-file-transfer/safe-name.ts';

const DOWNLOADS = resolve('/tmp/downloads-of-test');

// Pieces attackers use: separators, dots, drive letters, devices, control characters, surrogates.
const hostilePiece = fc.constantFrom('..', '.', '/', '\\', 'C:', 'c:\\', '~', '%2e%2e', '\0', '\n', '\r', ' ', 'CON', 'nul.txt', 'aux', '\ud800', '\udfff', '\u202e', ':', '*', '?', '"', '<', '>', '|', 'etc', 'passwd', '.ssh', '\u0085');
const hostileName = fc.oneof(
  fc.array(fc.oneof(hostilePiece, fc.string({ maxLength: 8 })), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ minLength: 200, maxLength: 400 }),
);

describe('received-name sanitiser', () => {
  test('no output ever escapes the downloads folder, on POSIX or Windows rules', () => {
    fc.assert(
      fc.property(hostileName, (received) => {
        const name = safeReceivedName(received);
        if (name === undefined) return; // declined with BAD_NAME: nothing is written
        expect(isSafeFileName(name)).toBe(true);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
        const target = join(DOWNLOADS, name);
        expect(dirname(target)).toBe(DOWNLOADS);
        expect(basename(target)).toBe(name);
        expect(win32.basename(name)).toBe(name); // no "\" or drive either
        expect(name).not.toMatch(/^\.|[. ]$/);
      }),
      { numRuns: 10_000 },
    );
  });

  test('a plain name passes through unchanged', () => {
    const plain = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,40}\.[a-z]{1,4}$/).filter((s) => !/^(con|prn|aux|nul|com[1-9]|lpt[1-9])\./i.test(s));
    fc.assert(fc.property(plain, (name) => {
      expect(safeReceivedName(name)).toBe(name);
    }), { numRuns: 2_000 });
  });
});
