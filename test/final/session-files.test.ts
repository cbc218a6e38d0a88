// The session log's file reports, counted as files: a file sent and received is two reports and one
// file; the receiver's name, verdict and the agreement of both sides are kept.
import { describe, expect, test } from 'vitest';
import { describeSessionFiles, filesOfSession, sessionFileLines, type FileReport } from '../../final/shared/session-files.ts';

const report = (name: string, sha256: string, direction: FileReport['direction'], reportedBy: string, verified = true): FileReport => ({ name, size: 6, sha256, verified, direction, reportedBy });

describe('files of a session', () => {
  test('two files, each reported by both sides in any order, are two files on which both agree', () => {
    const files = filesOfSession([report('a.txt', 'aa', 'sent', 'alice'), report('b.txt', 'bb', 'received', 'alice'), report('a-1.txt', 'aa', 'received', 'bob'), report('b.txt', 'bb', 'sent', 'bob')]);
    expect(files).toEqual([
      { name: 'a-1.txt', sentAs: 'a.txt', size: 6, sha256: 'aa', sentBy: 'alice', receivedBy: 'bob', verified: true },
      { name: 'b.txt', size: 6, sha256: 'bb', sentBy: 'bob', receivedBy: 'alice', verified: true },
    ]);
    expect(describeSessionFiles(files)).toBe('2 files (2 ✓, both sides agree)');
    expect(sessionFileLines(files)).toBe('a.txt (saved as a-1.txt): alice → bob, verified\nb.txt: bob → alice, verified');
  });

  test('the same bytes sent twice are two files; a report without its other side is shown as such', () => {
    const files = filesOfSession([report('a.txt', 'aa', 'sent', 'alice'), report('a.txt', 'aa', 'sent', 'alice', false), report('a.txt', 'aa', 'received', 'bob', false)]);
    // The receiver's verdict decides a pair; a sender alone says what it heard.
    expect(files.map((f) => [f.sentBy, f.receivedBy, f.verified])).toEqual([['alice', 'bob', false], ['alice', undefined, false]]);
    expect(describeSessionFiles(files)).toBe('2 files (0 ✓, 1 reported by one side only)');
    expect(filesOfSession([report('a.txt', 'aa', 'sent', 'alice')])[0]?.verified).toBe(true);
    expect(describeSessionFiles([])).toBe('—');
  });
});
