// What a program prints when it cannot start (docs/PROTOCOL.md §7, §9): LISTEN_FAILED only when
// listening itself was refused, DISK_ERROR when a database or file cannot be opened or set up, and
// INTERNAL, with its message, for anything else. Each is an `error` event, then exit code 1.
import type { Output } from '../cli/output.ts';

export type StartFailureCode = 'LISTEN_FAILED' | 'DISK_ERROR' | 'INTERNAL';

/** What a program needs to print a failed start: its `error` event. */
export type StartFailureEvents = { error: { code: StartFailureCode; message: string } };

// Node names the system call in the errors of listen() and bind(); getaddrinfo is the lookup of the
// --host name that listen() does first (an address that does not exist here).
const LISTEN_CALLS = new Set(['listen', 'bind', 'getaddrinfo']);

interface ErrorFacts {
  name?: unknown;
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  cause?: unknown;
}

export function startFailureCode(error: unknown, seen = new Set<unknown>()): StartFailureCode {
  seen.add(error);
  const { name, code, syscall, path, cause } = (typeof error === 'object' && error !== null ? error : {}) as ErrorFacts;
  if (typeof syscall === 'string' && LISTEN_CALLS.has(syscall)) return 'LISTEN_FAILED';
  // better-sqlite3 throws SqliteError, its code SQLITE_…: a table that cannot be made or read.
  if (name === 'SqliteError' || (typeof code === 'string' && code.startsWith('SQLITE_'))) return 'DISK_ERROR';
  // A file system call that failed carries the path it was given.
  if (typeof syscall === 'string' && typeof path === 'string') return 'DISK_ERROR';
  // A lab may wrap what failed in an error of its own: new Error('…', { cause }).
  return cause === undefined || seen.has(cause) ? 'INTERNAL' : startFailureCode(cause, seen);
}

export interface StartPlace {
  /** Where the program listens, as it says it: "on 127.0.0.1:9876", "for the dashboard on …". */
  listening: string;
  /** What it keeps on disk, as it says it: "the database data/tracker.db". */
  storage?: string;
}

/** The `error` event of a failed start: its code, and a sentence that names what failed. */
export function startFailure(error: unknown, place: StartPlace): { code: StartFailureCode; message: string } {
  const reason = error instanceof Error ? error.message : String(error);
  const code = startFailureCode(error);
  if (code === 'LISTEN_FAILED') return { code, message: `cannot listen ${place.listening}: ${reason}` };
  if (code === 'DISK_ERROR') return { code, message: `cannot set up ${place.storage ?? 'its files'}: ${reason}` };
  return { code, message: `could not start: ${reason}` };
}

/** Prints the failed start as an `error` event and exits 1. */
export function exitAfterStartFailure(out: Output<StartFailureEvents>, error: unknown, place: StartPlace): never {
  out.emit('error', startFailure(error, place));
  process.exit(1);
}
