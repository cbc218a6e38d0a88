// The final tracker runs Lab 06's relay itself unless told otherwise: --relay-port N says where
// (default: the tracker's port + 1, so 9877 beside 9876, or any free port beside --port 0), and
// --no-relay runs none. The lab tracker's own --relay HOST:PORT --relay-secret-file PATH (a relay
// started by hand) also means none is started here. Taken out before the lab's parser sees the rest.
import { networkInterfaces } from 'node:os';
import { parsePort, UsageError } from '#kit/cli/flags.ts';

export const RELAY_USAGE_LINES = (column: number) => `
  ${'--relay-port N'.padEnd(column)}port of the relay this tracker runs (default: --port + 1; 0 lets the system choose)
  ${'--no-relay'.padEnd(column)}run no relay (or give --relay and --relay-secret-file for one of your own)`;

export type RelayChoice = { run: false } | { run: true; port: number | undefined };

export function takeRelayFlags(argv: readonly string[]): { relay: RelayChoice; rest: string[] } {
  let port: number | undefined;
  let none = false;
  const rest: string[] = [];
  for (let at = 0; at < argv.length; at += 1) {
    const arg = argv[at] ?? '';
    if (arg === '--no-relay') none = true;
    else if (arg === '--relay-port' || arg.startsWith('--relay-port=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++at];
      if (value === undefined || value === '') throw new UsageError('--relay-port needs a value');
      port = parsePort('--relay-port', value, { allowZero: true });
    } else rest.push(arg);
  }
  if (none && port !== undefined) throw new UsageError('--no-relay and --relay-port contradict each other: choose one');
  const ownRelay = rest.some((arg) => arg === '--relay' || arg.startsWith('--relay='));
  if (ownRelay && port !== undefined) throw new UsageError('--relay names a relay of your own: --relay-port is for the one this tracker would run');
  return { relay: none || ownRelay ? { run: false } : { run: true, port }, rest };
}

/** The relay's port beside a tracker on `trackerPort`. */
export function relayPortBeside(trackerPort: number, chosen: number | undefined): number {
  if (chosen !== undefined) return chosen;
  return trackerPort === 0 || trackerPort === 65_535 ? 0 : trackerPort + 1;
}

/**
 * The address peers are told to reach the relay at. A relay on every interface (--host 0.0.0.0, a
 * class on several machines) is announced at this machine's first external IPv4 address.
 */
export function announcedHost(listenHost: string): string {
  if (listenHost !== '0.0.0.0' && listenHost !== '::') return listenHost;
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal);
  return external?.address ?? '127.0.0.1';
}
