// A program that cannot start says why (docs/PROTOCOL.md §7, §9.3): LISTEN_FAILED only when listening
// was refused, DISK_ERROR when its database cannot be set up, INTERNAL for anything else; exit code 1.
// The reference programs run for real; the naming itself is checked on real errors of each kind.
import Database from 'better-sqlite3';
import dgram from 'node:dgram';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startFailure, startFailureCode } from '#kit/programs/start-failure.ts';
import { REPO_ROOT, TSX_IMPORT } from '../../grader/engine/run-lab.ts';
import { runCommand, type CommandRun } from '../workflow/kit-copy.ts';

const EXIT_WITHIN_MS = 30_000; // only stops a program that hangs instead of exiting

const folders: string[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'start-failures-'));
  folders.push(path);
  return path;
}

/** A port that something on 127.0.0.1 is listening on for the rest of the test. */
async function takenPort(): Promise<number> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

function run(script: string, args: string[]): Promise<CommandRun> {
  return runCommand(REPO_ROOT, process.execPath, ['--import', TSX_IMPORT, script, ...args, '--json'], EXIT_WITHIN_MS);
}

function events(output: CommandRun): Array<Record<string, unknown>> {
  return output.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The one `error` event of a program that could not start, after checking that it never got ready. */
function startError(output: CommandRun): Record<string, unknown> {
  const printed = events(output);
  const story = `exit ${output.status}\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`;
  expect(printed.filter((e) => e.event === 'ready'), story).toEqual([]);
  expect(output.status, story).toBe(1);
  const errors = printed.filter((e) => e.event === 'error');
  expect(errors, story).toHaveLength(1);
  return errors[0]!;
}

describe('the reference tracker (Lab 05) that cannot start', () => {
  test('a database whose sessions table has another shape: DISK_ERROR, not LISTEN_FAILED', async () => {
    const db = join(folder(), 'tracker.db');
    // A valid SQLite file with a table of the session log's name but none of its columns: the session
    // log's setup (its indexes) fails before the tracker listens.
    const file = new Database(db);
    file.exec('CREATE TABLE sessions (id INTEGER PRIMARY KEY, note TEXT)');
    file.close();
    const error = startError(await run('solutions/05-session-log/tracker.ts', ['--port', '0', '--db', db, '--scrypt-n', '1024']));
    expect(error.code).not.toBe('LISTEN_FAILED');
    expect(error.code).toBe('DISK_ERROR');
    expect(error.message).toContain(db);
    expect(error.message).toContain('no such column');
  });

  test('a port already in use: LISTEN_FAILED', async () => {
    const port = await takenPort();
    const error = startError(await run('solutions/05-session-log/tracker.ts', ['--port', String(port), '--db', join(folder(), 'tracker.db'), '--scrypt-n', '1024']));
    expect(error.code).toBe('LISTEN_FAILED');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('EADDRINUSE');
  });
});

test('the reference peer (Lab 03) whose --listen-port is in use: LISTEN_FAILED', async () => {
  const port = await takenPort();
  // It listens before it dials the tracker, so no tracker is needed to see it fail.
  const error = startError(await run('solutions/03-roster-and-direct/peer.ts', ['--listen-port', String(port), '--tracker', '127.0.0.1:1']));
  expect(error.code).toBe('LISTEN_FAILED');
  expect(error.message).toContain('EADDRINUSE');
});

describe('naming a failed start from the error itself', () => {
  test('refusals of listen() and bind() are LISTEN_FAILED', async () => {
    const port = await takenPort();
    const server = net.createServer();
    const refused = await new Promise<Error>((resolve) => server.once('error', resolve).listen(port, '127.0.0.1'));
    expect(startFailure(refused, { listening: `on 127.0.0.1:${port}` })).toEqual({ code: 'LISTEN_FAILED', message: `cannot listen on 127.0.0.1:${port}: ${refused.message}` });
    // Wrapped by a lab in an error of its own, it is still what listening refused.
    expect(startFailureCode(new Error('the tracker cannot start', { cause: refused }))).toBe('LISTEN_FAILED');

    const first = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => first.bind(0, '127.0.0.1', resolve));
    const second = dgram.createSocket('udp4');
    const bindRefused = await new Promise<Error>((resolve) => second.once('error', resolve).bind(first.address().port, '127.0.0.1'));
    first.close();
    second.close();
    expect(startFailureCode(bindRefused)).toBe('LISTEN_FAILED');
    // What listen() reports when --host names no address of this machine (no lookup is made here).
    expect(startFailureCode(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' }))).toBe('LISTEN_FAILED');
  });

  test('a database or a file that cannot be set up is DISK_ERROR', () => {
    const db = new Database(':memory:');
    let sqlError: unknown;
    try {
      db.exec('CREATE INDEX by_caller ON missing_table (caller)');
    } catch (error) {
      sqlError = error;
    } finally {
      db.close();
    }
    expect(startFailure(sqlError, { listening: 'on 127.0.0.1:0', storage: 'the database x.db' })).toEqual({ code: 'DISK_ERROR', message: 'cannot set up the database x.db: no such table: main.missing_table' });
    let fileError: unknown;
    try {
      openSync(join(folder(), 'no-such-folder', 'file'), 'r');
    } catch (error) {
      fileError = error;
    }
    expect(startFailureCode(fileError)).toBe('DISK_ERROR');
  });

  test('anything else is INTERNAL, with its message', () => {
    expect(startFailure(new TypeError('features is not iterable'), { listening: 'on 127.0.0.1:0' })).toEqual({ code: 'INTERNAL', message: 'could not start: features is not iterable' });
    expect(startFailure('a thrown string', { listening: 'on 127.0.0.1:0' })).toEqual({ code: 'INTERNAL', message: 'could not start: a thrown string' });
    // A system error that is neither listening nor a file (a connection refused) is not LISTEN_FAILED.
    expect(startFailureCode(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', syscall: 'connect' }))).toBe('INTERNAL');
  });
});
