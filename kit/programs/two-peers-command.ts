// The command line of Lab 01's peer, as docs/PROTOCOL.md fixes it. It lives in the kit because it is
// part of the contract with the grader, not something the lab asks you to write.
import { parseFlags, parseHostPort, parsePort, UsageError } from '../cli/flags.ts';

export const TWO_PEERS_USAGE = `
usage: tsx labs/01-two-peers/peer.ts --listen PORT [--host ADDR] [--json]
       tsx labs/01-two-peers/peer.ts --connect HOST:PORT [--json]

  --listen PORT        wait for the other peer on PORT (0 lets the system choose)
  --host ADDR          address to listen on (default 127.0.0.1)
  --connect HOST:PORT  dial a peer that is listening
  --json               print one JSON event per line (what the grader reads)

Type a line to send it; type exit (or press Ctrl+D) to stop sending.`;

export type TwoPeersCommand =
  | { mode: 'listen'; host: string; port: number; json: boolean }
  | { mode: 'connect'; host: string; port: number; json: boolean }
  | { mode: 'help' };

export function parseTwoPeersCommand(argv: readonly string[]): TwoPeersCommand {
  const flags = parseFlags(argv, {
    listen: { type: 'string' },
    host: { type: 'string' },
    connect: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) return { mode: 'help' };
  const json = flags.json ?? false;
  if ((flags.listen === undefined) === (flags.connect === undefined)) {
    throw new UsageError('give exactly one of --listen PORT or --connect HOST:PORT');
  }
  if (flags.listen !== undefined) {
    const port = parsePort('--listen', flags.listen, { allowZero: true });
    return { mode: 'listen', host: flags.host ?? '127.0.0.1', port, json };
  }
  if (flags.host !== undefined) throw new UsageError('--host goes with --listen, not --connect');
  return { mode: 'connect', ...parseHostPort('--connect', flags.connect ?? ''), json };
}
