// How the final app tells a starter's unfinished step from any other error, and keeps a later lab's
// unfinished feature to itself. The errors are made here, with the stack a starter's throw would
// have, so these tests do not depend on how far labs/ is.
import { describe, expect, test } from 'vitest';
import type { PeerContext } from '../../kit/peer/peer-feature.ts';
import { RequestError, type OnlinePeer, type TrackerHandle } from '../../kit/tracker/tracker-feature.ts';
import { guardedPeerFeatures, guardedTrackerFeatures } from '../../final/unfinished-labs/guarded-features.ts';
import { NeedBoard } from '../../final/unfinished-labs/need-board.ts';
import { needOfError } from '../../final/unfinished-labs/need-of-error.ts';

/** An error as thrown at `file` (kit-relative), under some checkout. */
function thrownAt(message: string, file: string, root = '/home/student/sharing-is-caring'): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}\n    at Object.method (${root}/${file}:9:11)\n    at caller (${root}/final/peer/login-cycle.ts:120:5)`;
  return error;
}

const todo = (step: number, what: string, file: string) => thrownAt(`TODO (README step ${step}): ${what}`, file);
const peer = {} as PeerContext;
const tracker = {} as TrackerHandle;

describe('an unfinished step', () => {
  test("is a starter's TODO thrown in a lab folder: its lab, step, what it would do, and the file", () => {
    expect(needOfError(todo(7, 'open data/demo/tracker.db', 'labs/02-tracker-auth/database.ts'), 'the tracker')).toEqual({
      lab: '02',
      step: 7,
      todo: 'open data/demo/tracker.db',
      file: 'labs/02-tracker-auth/database.ts',
      part: 'the tracker',
    });
    expect(needOfError(thrownAt('TODO (README step 1)', 'labs/04-file-transfer/udp-sender.ts'))).toMatchObject({ lab: '04', step: 1, todo: 'not written yet' });
    expect(needOfError(thrownAt('TODO (README step 4): frame', 'labs\\01-two-peers\\line-decoder.ts', 'C:\\kit'))).toMatchObject({ file: 'labs/01-two-peers/line-decoder.ts' });
  });

  test('is nothing else: another message, a TODO outside a lab folder, something not an Error', () => {
    expect(needOfError(thrownAt('cannot open the database: SQLITE_CANTOPEN', 'labs/02-tracker-auth/database.ts'))).toBeUndefined();
    expect(needOfError(todo(7, 'open x', 'solutions/02-tracker-auth/database.ts'))).toBeUndefined();
    expect(needOfError(todo(7, 'open x', 'kit/tracker/tracker-program.ts'))).toBeUndefined();
    expect(needOfError('TODO (README step 7): open x')).toBeUndefined();
  });

  test('is reported once per lab file and step', () => {
    const board = new NeedBoard();
    const heard: unknown[] = [];
    board.on('need', (need) => heard.push(need));
    expect(board.reportError(todo(3, 'register alice', 'labs/02-tracker-auth/accounts.ts'))).toBe(true);
    expect(board.reportError(todo(3, 'register bob', 'labs/02-tracker-auth/accounts.ts'))).toBe(true);
    expect(board.reportError(new Error('disk full'))).toBe(false);
    expect(heard).toHaveLength(1);
    expect(board.list()).toEqual([expect.objectContaining({ todo: 'register alice' })]);
  });
});

describe("a later lab's feature", () => {
  test('that meets an unfinished step loses only its own part, and the need is reported', async () => {
    const board = new NeedBoard();
    const [files] = guardedPeerFeatures(board, 'files', () => [
      () => ({
        loggedIn: async () => {
          throw todo(4, 'read the shared folder', 'labs/04-file-transfer/shared-folder.ts');
        },
        commands: {
          '/send': () => {
            throw todo(3, 'send a file', 'labs/04-file-transfer/session-transfers.ts');
          },
        },
      }),
    ]);
    const feature = files!(peer);
    await expect(feature.loggedIn?.()).resolves.toBeUndefined();
    expect(() => feature.commands?.['/send']?.('bob notes.txt')).not.toThrow();
    expect(board.list().map((need) => [need.lab, need.step, need.part])).toEqual([
      ['04', 4, 'files'],
      ['04', 3, 'files'],
    ]);
    expect(guardedPeerFeatures(board, 'chat history', () => {
      throw todo(6, 'history', 'labs/05-session-log/history-feature.ts');
    })).toEqual([]);
  });

  test('passes any other error on unchanged', async () => {
    const failure = new Error('EACCES: permission denied');
    const [files] = guardedPeerFeatures(new NeedBoard(), 'files', () => [() => ({ loggedIn: async () => Promise.reject(failure), sessionStarted: () => { throw failure; } })]);
    const feature = files!(peer);
    await expect(feature.loggedIn?.()).rejects.toBe(failure);
    expect(() => feature.sessionStarted?.({} as never)).toThrow(failure);
  });

  test("on the tracker, answers a request that meets one with an error naming the need", async () => {
    const board = new NeedBoard();
    const [roster] = guardedTrackerFeatures(board, 'the roster', () => [
      () => ({
        requests: {
          list: () => {
            throw todo(3, 'count the sessions of alice', 'labs/03-roster-and-direct/session-table.ts');
          },
        },
      }),
    ]);
    const list = roster!(tracker).requests?.list;
    const answer = (async () => list?.({} as OnlinePeer, { type: 'list' } as never))();
    await expect(answer).rejects.toBeInstanceOf(RequestError);
    await expect(answer).rejects.toMatchObject({ code: 'INTERNAL', message: 'the roster needs Lab 03, step 3: count the sessions of alice (labs/03-roster-and-direct/session-table.ts)' });
    expect(board.list()).toHaveLength(1);
  });
});
