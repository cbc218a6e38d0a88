// Ctrl+C means /quit for the whole life of a peer (docs/PROTOCOL.md §9.4, exit code 0), from the
// moment it is ready: a signal that arrives during the login, or just after `logged_in` is printed,
// must never meet Node's default action (killed by SIGINT). Real processes: a tracker and a peer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startProgram, type Started } from '../final/final-processes.ts';

const EXIT_WITHIN_MS = 10_000;

const running: Started[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const program of running.splice(0)) await program.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function exitOf(program: Started): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running ${EXIT_WITHIN_MS / 1000} s after Ctrl+C:\n${program.output()}`)), EXIT_WITHIN_MS);
    program.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe('Ctrl+C on a peer', () => {
  it('before the login is done: the peer closes and exits 0, not killed by the signal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'peer-ctrl-c-'));
    const tracker = await startProgram('solutions/03-roster-and-direct/tracker.ts', ['--port', '0', '--db', join(dir, 'tracker.db'), '--scrypt-n', '1024', '--json']);
    running.push(tracker);
    const peer = await startProgram('solutions/03-roster-and-direct/peer.ts', ['--tracker', `127.0.0.1:${String(tracker.ready.port)}`, '--listen-port', '0', '--json']);
    running.push(peer);
    const exit = exitOf(peer);
    peer.child.kill('SIGINT');
    expect(await exit).toEqual({ code: 0, signal: null });
  });
});
