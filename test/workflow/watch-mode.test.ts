// Watch mode, driven without a terminal: each line on its standard input is a key. The test saves a
// file of the lab and expects a new grading that reflects it, its failing check graded first, then asks
// for hints, saves the reference (the re-checked check now passes) and quits in the
// middle of a grading, which must stop promptly.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TSX_IMPORT } from '../../grader/engine/run-lab.ts';
import { copyKit, removeFolder } from './kit-copy.ts';

let kit: string | undefined;
let watcher: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
let output = '';

beforeAll(() => {
  kit = copyKit('watch', { commit: false });
});

afterAll(() => {
  watcher?.kill('SIGKILL');
  removeFolder(kit);
});

/** Resolves once the watcher's output (from `from` on) matches; rejects after the time bound. */
function outputMatches(pattern: RegExp, from: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const seen = output.slice(from);
      if (pattern.test(seen)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(seen);
      }
    };
    const poll = setInterval(check, 50);
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`no ${pattern} within ${timeoutMs / 1000} s; watch mode printed:\n${output}`));
    }, timeoutMs);
    check();
  });
}

describe('npm run grade -- 01 --watch', () => {
  test('grades again after a file is saved, gives hints on h, and quits on q even mid-grading', async () => {
    const root = kit!;
    watcher = spawn(process.execPath, ['--import', TSX_IMPORT, join(root, 'grader', 'cli.ts'), '01', '--watch', '--seed', '7'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    watcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    watcher.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => watcher!.on('exit', (code) => resolve(code)));

    const first = await outputMatches(/── grade 1 · first run ──[\s\S]*checks passed[\s\S]*watching/, 0, 30_000);
    expect(first).toContain('✗ listen.ready');
    expect(first).toMatch(/hint: /);

    // A save: the peer now fails in a way only the new file can explain.
    const mark = output.length;
    writeFileSync(join(root, 'labs', '01-two-peers', 'peer.ts'), "process.stderr.write('saved-by-the-watch-test\\n');\nprocess.exit(1);\n");
    const second = await outputMatches(/── grade 2 · after a change to labs\/01-two-peers\/peer\.ts ──[\s\S]*watching/, mark, 30_000);
    expect(second).toContain('saved-by-the-watch-test');
    expect(second).toContain('✗ listen.ready');
    // The check that failed first last time is graded alone, and shown, before the whole lab.
    const recheck = second.indexOf('── grade 2 · after a change to labs/01-two-peers/peer.ts · listen.ready first ──');
    expect(recheck).toBeGreaterThanOrEqual(0);
    expect(recheck).toBeLessThan(second.indexOf('── grade 2 · after a change to labs/01-two-peers/peer.ts ──'));

    // Each h says more: the second shows a second, more detailed hint.
    const beforeHints = output.length;
    watcher.stdin.write('h\n');
    const firstHint = await outputMatches(/hint 1 of \d+: [\s\S]*more detailed hint/, beforeHints, 5_000);
    expect(firstHint).not.toContain('hint 2 of');
    const beforeSecondHint = output.length;
    watcher.stdin.write('h\n');
    await outputMatches(/hint 1 of \d+: [\s\S]*hint 2 of \d+: /, beforeSecondHint, 5_000);

    // The reference's files saved over the lab: the re-checked listen.ready now passes, said first.
    const beforeFix = output.length;
    for (const file of ['chat.ts', 'line-decoder.ts', 'peer.ts']) copyFileSync(join(root, 'solutions', '01-two-peers', file), join(root, 'labs', '01-two-peers', file));
    const fixed = await outputMatches(/✓ listen\.ready passes now \(it failed last time\)[\s\S]*── grade \d+ · after a change to labs\/01-two-peers\/[\s\S]*watching/, beforeFix, 60_000);
    expect(fixed).toMatch(/checks passed/);

    // Quitting while a grading runs stops it (and what it started). How soon is a figure of
    // bench/grader-tools.ts: a bound on it here would flake on a loaded machine.
    const beforeQuit = output.length;
    watcher.stdin.write('r\n');
    await outputMatches(/grading \d+ \(/, beforeQuit, 5_000);
    watcher.stdin.write('q\n');
    expect(await exited).toBe(0);
    expect(output.slice(beforeQuit)).toContain('stopped watching');
  }, 90_000);
});
