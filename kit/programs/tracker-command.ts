// The command line of every tracker (labs 02–06 and the final app), as docs/PROTOCOL.md fixes it.
// Later labs accept the same flags, so the grader can start any of them the same way.
import { parseFlags, parseHostPort, parseMilliseconds, parsePort, UsageError, type HostPort } from '../cli/flags.ts';
import {
  DEFAULT_TRACKER_DB, DEFAULT_TRACKER_HOST, DEFAULT_TRACKER_PORT, HANDSHAKE_TIMEOUT_MS, HEARTBEAT_TIMEOUT_MS,
  LOCKOUT_MS, MAX_CONNECTIONS_PER_IP, ROOM_RATE, SCRYPT_PARAMS, TICKET_TTL_MS,
} from '../protocol/limits.ts';
import { readSecret } from './relay-command.ts';

export const TRACKER_USAGE = `
usage: tsx labs/NN-name/tracker.ts [options]

  --port N                 port to listen on (default ${DEFAULT_TRACKER_PORT}; 0 lets the system choose)
  --host ADDR              address to listen on (default ${DEFAULT_TRACKER_HOST}; 0.0.0.0 lets a class join)
  --db PATH                SQLite database file (default ${DEFAULT_TRACKER_DB})
  --lockout-ms MS          how long a username stays locked after 3 failures (default ${LOCKOUT_MS})
  --idle-timeout MS        close a connection that has not logged in by then (default ${HANDSHAKE_TIMEOUT_MS})
  --heartbeat-timeout MS   drop a logged-in peer silent for that long (default ${HEARTBEAT_TIMEOUT_MS})
  --ticket-ttl MS          how long a lookup ticket stays valid (default ${TICKET_TTL_MS})
  --max-per-ip N           connections allowed from one address (default ${MAX_CONNECTIONS_PER_IP})
  --scrypt-n N             scrypt cost, a power of two from 1024 to 1048576 (default ${SCRYPT_PARAMS.N})
  --room-rate N            room messages a user may send per 10 s (default ${ROOM_RATE}; Lab 06)
  --relay HOST:PORT        the relay peers are sent to when they cannot dial each other (Lab 06)
  --relay-secret-file PATH the secret the relay checks its tokens with (with --relay)
  --json                   print one JSON event per line (what the grader reads)`;

export interface TrackerOptions {
  host: string;
  port: number;
  db: string;
  lockoutMs: number;
  handshakeTimeoutMs: number;
  heartbeatTimeoutMs: number;
  ticketTtlMs: number;
  maxPerIp: number;
  scryptN: number;
  /** Lab 06: room messages per user per ROOM_RATE_WINDOW_MS. */
  roomRate: number;
  /** Lab 06: the relay and the secret its tokens are signed with; none without --relay. */
  relay?: HostPort & { secret: Buffer };
  json: boolean;
}

export type TrackerCommand = ({ mode: 'run' } & TrackerOptions) | { mode: 'help' };

export function parseTrackerCommand(argv: readonly string[]): TrackerCommand {
  const flags = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'lockout-ms': { type: 'string' },
    'idle-timeout': { type: 'string' },
    'heartbeat-timeout': { type: 'string' },
    'ticket-ttl': { type: 'string' },
    'max-per-ip': { type: 'string' },
    'scrypt-n': { type: 'string' },
    'room-rate': { type: 'string' },
    relay: { type: 'string' },
    'relay-secret-file': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) return { mode: 'help' };
  const ms = (flag: string, value: string | undefined, fallback: number) => (value === undefined ? fallback : parseMilliseconds(flag, value));
  if (flags.db !== undefined && flags.db.trim() === '') throw new UsageError('--db needs a file path');
  if ((flags.relay === undefined) !== (flags['relay-secret-file'] === undefined)) {
    throw new UsageError('--relay and --relay-secret-file go together: the tracker signs the relay\'s tokens with the secret the relay checks them with');
  }
  return {
    mode: 'run',
    host: flags.host ?? DEFAULT_TRACKER_HOST,
    port: flags.port === undefined ? DEFAULT_TRACKER_PORT : parsePort('--port', flags.port, { allowZero: true }),
    db: flags.db ?? DEFAULT_TRACKER_DB,
    lockoutMs: ms('--lockout-ms', flags['lockout-ms'], LOCKOUT_MS),
    handshakeTimeoutMs: ms('--idle-timeout', flags['idle-timeout'], HANDSHAKE_TIMEOUT_MS),
    heartbeatTimeoutMs: ms('--heartbeat-timeout', flags['heartbeat-timeout'], HEARTBEAT_TIMEOUT_MS),
    ticketTtlMs: ms('--ticket-ttl', flags['ticket-ttl'], TICKET_TTL_MS),
    maxPerIp: flags['max-per-ip'] === undefined ? MAX_CONNECTIONS_PER_IP : positive('--max-per-ip', flags['max-per-ip']),
    scryptN: flags['scrypt-n'] === undefined ? SCRYPT_PARAMS.N : scryptCost(flags['scrypt-n']),
    roomRate: flags['room-rate'] === undefined ? ROOM_RATE : positive('--room-rate', flags['room-rate']),
    ...(flags.relay === undefined ? {} : { relay: { ...parseHostPort('--relay', flags.relay), secret: readSecret('--relay-secret-file', flags['relay-secret-file']) } }),
    json: flags.json ?? false,
  };
}

function positive(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000) {
    throw new UsageError(`${flag} must be a whole number from 1 to 1000000 (got "${value}")`);
  }
  return Number(value);
}

function scryptCost(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1024 || n > 2 ** 20 || (n & (n - 1)) !== 0) {
    throw new UsageError(`--scrypt-n must be a power of two from 1024 to 1048576 (got "${value}")`);
  }
  return n;
}
