// The command line of Lab 06's relay (docs/PROTOCOL.md §9.6). The secret it shares with the tracker
// comes from a file, never from the command line, where every user of the machine could read it.
import { readFileSync } from 'node:fs';
import { parseFlags, parseMilliseconds, parsePort, UsageError } from '../cli/flags.ts';
import { DEFAULT_RELAY_PORT, DEFAULT_TRACKER_HOST, HANDSHAKE_TIMEOUT_MS, MAX_RELAYED_SESSIONS, RELAY_PAIR_TIMEOUT_MS } from '../protocol/limits.ts';

/** The shortest secret accepted: 128 bits, as a ticket. */
export const MIN_RELAY_SECRET_BYTES = 16;

export const RELAY_USAGE = `
usage: tsx labs/06-rooms-and-relay/relay.ts --secret-file PATH [options]

  --secret-file PATH     the secret the tracker signs relay tokens with (at least ${MIN_RELAY_SECRET_BYTES} bytes)
  --port N               port to listen on (default ${DEFAULT_RELAY_PORT}; 0 lets the system choose)
  --host ADDR            address to listen on (default ${DEFAULT_TRACKER_HOST})
  --max-sessions N       sessions carried at once, waiting or paired (default ${MAX_RELAYED_SESSIONS})
  --pair-timeout-ms MS   how long one side waits for the other (default ${RELAY_PAIR_TIMEOUT_MS})
  --idle-timeout MS      close a connection that sends no relay_join by then (default ${HANDSHAKE_TIMEOUT_MS})
  --json                 print one JSON event per line (what the grader reads)`;

export interface RelayOptions {
  host: string;
  port: number;
  /** The key of the tokens' HMAC: the file's bytes, without one trailing newline. */
  secret: Buffer;
  maxSessions: number;
  pairTimeoutMs: number;
  handshakeTimeoutMs: number;
  json: boolean;
}

export type RelayCommand = ({ mode: 'run' } & RelayOptions) | { mode: 'help' };

export function parseRelayCommand(argv: readonly string[]): RelayCommand {
  const flags = parseFlags(argv, {
    'secret-file': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'max-sessions': { type: 'string' },
    'pair-timeout-ms': { type: 'string' },
    'idle-timeout': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) return { mode: 'help' };
  const sessions = flags['max-sessions'];
  if (sessions !== undefined && (!/^\d+$/.test(sessions) || Number(sessions) < 1 || Number(sessions) > 10_000)) {
    throw new UsageError(`--max-sessions must be a whole number from 1 to 10000 (got "${sessions}")`);
  }
  return {
    mode: 'run',
    host: flags.host ?? DEFAULT_TRACKER_HOST,
    port: flags.port === undefined ? DEFAULT_RELAY_PORT : parsePort('--port', flags.port, { allowZero: true }),
    secret: readSecret('--secret-file', flags['secret-file']),
    maxSessions: sessions === undefined ? MAX_RELAYED_SESSIONS : Number(sessions),
    pairTimeoutMs: flags['pair-timeout-ms'] === undefined ? RELAY_PAIR_TIMEOUT_MS : parseMilliseconds('--pair-timeout-ms', flags['pair-timeout-ms']),
    handshakeTimeoutMs: flags['idle-timeout'] === undefined ? HANDSHAKE_TIMEOUT_MS : parseMilliseconds('--idle-timeout', flags['idle-timeout']),
    json: flags.json ?? false,
  };
}

/** The secret file's bytes, one trailing newline dropped (an editor adds one). */
export function readSecret(flag: string, path: string | undefined): Buffer {
  if (path === undefined || path.trim() === '') throw new UsageError(`${flag} PATH is required: relay tokens are signed and checked with it`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${flag} ${path}: ${(error as Error).message}`);
  }
  const secret = bytes.at(-1) === 0x0a ? bytes.subarray(0, bytes.at(-2) === 0x0d ? -2 : -1) : bytes;
  if (secret.length < MIN_RELAY_SECRET_BYTES) throw new UsageError(`${flag} ${path} holds ${secret.length} bytes; a secret needs at least ${MIN_RELAY_SECRET_BYTES}`);
  return secret;
}
