// A program whose standard output nobody reads any more (the grader or a pipeline that read its events
// ended) stops as Ctrl+C stops it, without a stack trace (kit/cli/output.ts, docs/PROTOCOL.md §9.1).
// Real processes, with the read end of their stdout pipe closed after `ready`.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startProgram, type Started } from '../final/final-processes.ts';
import { JsonLines } from '../json-lines.ts';

const EXIT_WITHIN_MS = 15_000;

let running: Started | undefined;
let dir: string | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Closes our end of the program's stdout and collects what it writes to stderr from now on. */
function stopReading(program: Started): { stderr: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  let stderr = '';
  program.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running ${EXIT_WITHIN_MS / 1000} s after its stdout was closed:\n${program.output()}`)), EXIT_WITHIN_MS);
    program.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
  program.child.stdout.destroy();
  return { stderr: () => stderr, exit };
}

describe('a program whose stdout reader goes away', () => {
  it('tracker: stops cleanly at its next event, closing its connections, exit code 0', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stdout-gone-'));
    running = await startProgram('solutions/02-tracker-auth/tracker.ts', ['--port', '0', '--db', join(dir, 'tracker.db'), '--scrypt-n', '1024', '--json']);
    const gone = stopReading(running);

    const alice = await JsonLines.dial(running.ready.port as number);
    await alice.next((m) => m.type === 'hello');
    alice.send({ type: 'register', username: 'alice', password: 'correct horse battery', port: 5555 }); // prints `registered`

    expect(await gone.exit).toEqual({ code: 0, signal: null });
    expect(gone.stderr()).toBe('');
    await alice.whenClosed();
  });

  it('Lab 01 peer (no stop of its own): ends as Ctrl+C ends it, without a stack trace', async () => {
    running = await startProgram('solutions/01-two-peers/peer.ts', ['--listen', '0', '--json']);
    const gone = stopReading(running);

    const other = connect(running.ready.port as number, '127.0.0.1'); // the peer prints `connected`
    other.on('error', () => {});
    try {
      expect(await gone.exit).toEqual({ code: null, signal: 'SIGINT' });
      expect(gone.stderr()).toBe('');
    } finally {
      other.destroy();
    }
  });
});
