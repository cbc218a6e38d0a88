// The session log's file reports, counted as files: a file sent and received is two reports and one
// file; the receiver's name, verdict and the agreement of both sides are kept.
import { describe, expect, test } from 'vitest';
import { describeSessionFiles, filesOfSession, type FileReport } from '../../final/shared/session-files.ts';

const report = (name: string, sha256: string, direction: FileReport['direction'], reportedBy: string, verified = true): FileReport => ({ name, size: 6, sha256, verified, direction, reportedBy });

describe('files of a session', () => {
  test('two files, each reported by both sides in any order, are two files on which both agree', () => {
    const files = filesOfSession([report('a.txt', 'aa', 'sent', 'alice'), report('b.txt', 'bb', 'received', 'alice'), report('a-1.txt', 'aa', 'received', 'bob'), report('b.txt', 'bb', 'sent', 'bob')]);
    expect(files).toEqual([
      { name: 'a-1.txt', size: 6, sha256: 'aa', sentBy: 'alice', receivedBy: 'bob', verified: true },
      { name: 'b.txt', size: 6, sha256: 'bb', sentBy: 'bob', receivedBy: 'alice', verified: true },
    ]);
    expect(describeSessionFiles(files)).toBe('2 files (2 ✓, both sides agree)');
  });

  test('the same bytes sent twice are two files; a report without its other side is shown as such', () => {
    const files = filesOfSession([report('a.txt', 'aa', 'sent', 'alice'), report('a.txt', 'aa', 'sent', 'alice'), report('a.txt', 'aa', 'received', 'bob', false)]);
    expect(files.map((f) => [f.sentBy, f.receivedBy, f.verified])).toEqual([['alice', 'bob', false], ['alice', undefined, false]]);
    expect(describeSessionFiles(files)).toBe('2 files (0 ✓, 1 reported by one side only)');
    expect(describeSessionFiles([])).toBe('—');
  });
});
