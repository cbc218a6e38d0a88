// The command line of every peer of labs 02–05 and of the final app's peer, as docs/PROTOCOL.md
// fixes it. Each lab uses the flags it needs; all accept the same set.
import { parseFlags, parseHostPort, parseMilliseconds, parsePort, UsageError, type HostPort } from '../cli/flags.ts';
import { DEFAULT_MAX_UPLOADS, DEFAULT_TRACKER_HOST, DEFAULT_TRACKER_PORT, STALL_TIMEOUT_MS } from '../protocol/limits.ts';

export const PEER_USAGE = `
usage: tsx labs/NN-name/peer.ts [options]

  --tracker HOST:PORT   the tracker (default ${DEFAULT_TRACKER_HOST}:${DEFAULT_TRACKER_PORT})
  --listen-port N       port for direct connections from other peers (default 0: the system chooses)
  --host ADDR           address to listen on for other peers (default 127.0.0.1)
  --shared DIR          folder of files to share (Lab 04)
  --downloads DIR       folder where received files go (Lab 04)
  --max-uploads N       uploads served at once before refusing with AT_CAPACITY (default ${DEFAULT_MAX_UPLOADS})
  --stall-timeout MS    cancel a transfer that makes no progress for this long (default ${STALL_TIMEOUT_MS})
  --history-db PATH     this peer's own chat transcript database (Lab 05)
  --json                print one JSON event per line (what the grader reads)

Answer the questions, then type /help for the commands.`;

export interface PeerOptions {
  tracker: HostPort;
  listenPort: number;
  host: string;
  shared: string | undefined;
  downloads: string;
  maxUploads: number;
  stallTimeoutMs: number;
  historyDb: string | undefined;
  json: boolean;
}

export type PeerCommand = ({ mode: 'run' } & PeerOptions) | { mode: 'help' };

export function parsePeerCommand(argv: readonly string[]): PeerCommand {
  const flags = parseFlags(argv, {
    tracker: { type: 'string' },
    'listen-port': { type: 'string' },
    host: { type: 'string' },
    shared: { type: 'string' },
    downloads: { type: 'string' },
    'max-uploads': { type: 'string' },
    'stall-timeout': { type: 'string' },
    'history-db': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) return { mode: 'help' };
  const uploads = flags['max-uploads'];
  if (uploads !== undefined && (!/^\d+$/.test(uploads) || Number(uploads) < 1 || Number(uploads) > 64)) {
    throw new UsageError(`--max-uploads must be a whole number from 1 to 64 (got "${uploads}")`);
  }
  return {
    mode: 'run',
    tracker: flags.tracker === undefined ? { host: DEFAULT_TRACKER_HOST, port: DEFAULT_TRACKER_PORT } : parseHostPort('--tracker', flags.tracker),
    listenPort: flags['listen-port'] === undefined ? 0 : parsePort('--listen-port', flags['listen-port'], { allowZero: true }),
    host: flags.host ?? '127.0.0.1',
    shared: flags.shared,
    downloads: flags.downloads ?? 'downloads',
    maxUploads: uploads === undefined ? DEFAULT_MAX_UPLOADS : Number(uploads),
    stallTimeoutMs: flags['stall-timeout'] === undefined ? STALL_TIMEOUT_MS : parseMilliseconds('--stall-timeout', flags['stall-timeout']),
    historyDb: flags['history-db'],
    json: flags.json ?? false,
  };
}
