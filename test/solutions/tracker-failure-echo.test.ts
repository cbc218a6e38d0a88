// A request whose handling fails (a database error, a bug) is still answered with an error the peer
// can match to it (docs/PROTOCOL.md §2.4): DISK_ERROR or INTERNAL, with the request's `re` and `id`.
// The Lab 02 reference tracker runs here in-process with a feature that fails on purpose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HANDSHAKE_TIMEOUT_MS, HEARTBEAT_TIMEOUT_MS, LOCKOUT_MS, MAX_CONNECTIONS_PER_IP, ROOM_RATE, TICKET_TTL_MS } from '#kit/protocol/limits.ts';
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import { openDatabase, type TrackerDatabase } from '../../solutions/02-tracker-auth/database.ts';
import { startTracker, type RunningTracker } from '../../solutions/02-tracker-auth/tracker-server.ts';
import { JsonLines, ofType } from '../json-lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracker-failure-'));
let db: TrackerDatabase;
let tracker: RunningTracker;
let client: JsonLines;

// history fails the way a broken disk makes better-sqlite3 fail; sessions fails like a bug.
const failing: FeatureFactory = () => ({
  requests: {
    history: () => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    },
    sessions: () => {
      throw new TypeError('a bug');
    },
  },
});

beforeAll(async () => {
  db = openDatabase(join(dir, 'tracker.db'));
  const options = {
    host: '127.0.0.1', port: 0, db: join(dir, 'tracker.db'), lockoutMs: LOCKOUT_MS, handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
    heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS, ticketTtlMs: TICKET_TTL_MS, maxPerIp: MAX_CONNECTIONS_PER_IP, scryptN: 1024, roomRate: ROOM_RATE, json: true,
  };
  const quiet = { json: true, emit: () => {}, note: () => {} } as unknown as Parameters<typeof startTracker>[2];
  tracker = await startTracker(options, db, quiet, [failing]);
  client = await JsonLines.dial(tracker.port);
  await client.next(ofType('hello'));
  expect(await client.request({ type: 'register', username: 'alice', password: 'correct horse battery', port: 5555 })).toMatchObject({ type: 'welcome' });
});

afterAll(async () => {
  client?.close();
  await tracker?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a request that fails while it is answered', () => {
  test('a database failure is DISK_ERROR with re and id', async () => {
    client.send({ type: 'history', id: 'h-1' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'DISK_ERROR', re: 'history', id: 'h-1' });
  });

  test('any other failure is INTERNAL with re and id, and the connection goes on', async () => {
    client.send({ type: 'sessions', id: 77 });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'INTERNAL', re: 'sessions', id: 77 });
    expect(await client.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
  });
});
