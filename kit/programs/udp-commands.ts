// The command lines of Lab 04's UDP sender and receiver, as docs/PROTOCOL.md (§9.5) fixes them. They
// live in the kit because they are the contract with the grader, not something the lab asks you to write.
import { parseFlags, parseHostPort, parseMilliseconds, parsePort, UsageError, type HostPort } from '../cli/flags.ts';
import { UDP_DEFAULT_TIMEOUT_MS, UDP_DEFAULT_WINDOW, UDP_GIVE_UP_MS, UDP_MAX_WINDOW, UDP_RECEIVER_IDLE_MS } from '../protocol/limits.ts';
import type { UdpMode } from '../protocol/udp-packet.ts';

export const UDP_SEND_USAGE = `
usage: tsx labs/04-file-transfer/udp-send.ts --to HOST:PORT --file PATH [--mode gbn|sr] [--window N]
       [--timeout-ms MS] [--give-up-ms MS] [--trace] [--json]

  --to HOST:PORT     the receiver
  --file PATH        the file to send; its base name is the name the receiver saves it under
  --mode gbn|sr      Go-Back-N (default) or Selective Repeat
  --window N         packets in flight at most, 1 to ${UDP_MAX_WINDOW} (default ${UDP_DEFAULT_WINDOW})
  --timeout-ms MS    retransmission timeout (default ${UDP_DEFAULT_TIMEOUT_MS})
  --give-up-ms MS    give up after this long without progress (default ${UDP_GIVE_UP_MS})
  --trace            print a packet event for every datagram sent or received
  --json             print one JSON event per line (what the grader reads)`;

export const UDP_RECV_USAGE = `
usage: tsx labs/04-file-transfer/udp-recv.ts --out DIR [--port N] [--host ADDR] [--mode gbn|sr] [--once]
       [--idle-ms MS] [--trace] [--json]

  --out DIR          where received files are saved (created if missing; nothing is overwritten)
  --port N           UDP port to receive on (default 0: the system chooses)
  --host ADDR        address to bind (default 127.0.0.1)
  --mode gbn|sr      accept only transfers of this mode (default: both)
  --once             exit after the first transfer ends: 0 if the file verified, 1 if not
  --idle-ms MS       forget an unfinished transfer silent this long (default ${UDP_RECEIVER_IDLE_MS})
  --trace            print a packet event for every datagram sent or received
  --json             print one JSON event per line (what the grader reads)`;

export interface UdpSendCommand {
  help: false;
  to: HostPort;
  file: string;
  mode: UdpMode;
  window: number;
  timeoutMs: number;
  giveUpMs: number;
  trace: boolean;
  json: boolean;
}

export interface UdpRecvCommand {
  help: false;
  out: string;
  host: string;
  port: number;
  /** Undefined: accept both modes. */
  mode: UdpMode | undefined;
  once: boolean;
  idleMs: number;
  trace: boolean;
  json: boolean;
}

export type Help = { help: true };

export function parseUdpSendCommand(argv: readonly string[]): UdpSendCommand | Help {
  const flags = parseFlags(argv, {
    to: { type: 'string' },
    file: { type: 'string' },
    mode: { type: 'string' },
    window: { type: 'string' },
    'timeout-ms': { type: 'string' },
    'give-up-ms': { type: 'string' },
    trace: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) return { help: true };
  if (flags.to === undefined) throw new UsageError('--to HOST:PORT is required: where is the receiver?');
  if (flags.file === undefined || flags.file === '') throw new UsageError('--file PATH is required: which file to send?');
  return {
    help: false,
    to: parseHostPort('--to', flags.to),
    file: flags.file,
    mode: parseMode(flags.mode) ?? 'gbn',
    window: flags.window === undefined ? UDP_DEFAULT_WINDOW : parseWindow(flags.window),
    timeoutMs: flags['timeout-ms'] === undefined ? UDP_DEFAULT_TIMEOUT_MS : parseMilliseconds('--timeout-ms', flags['timeout-ms']),
    giveUpMs: flags['give-up-ms'] === undefined ? UDP_GIVE_UP_MS : parseMilliseconds('--give-up-ms', flags['give-up-ms']),
    trace: flags.trace ?? false,
    json: flags.json ?? false,
  };
}

export function parseUdpRecvCommand(argv: readonly string[]): UdpRecvCommand | Help {
  const flags = parseFlags(argv, {
    out: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    mode: { type: 'string' },
    once: { type: 'boolean' },
    'idle-ms': { type: 'string' },
    trace: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) return { help: true };
  if (flags.out === undefined || flags.out === '') throw new UsageError('--out DIR is required: where should received files go?');
  return {
    help: false,
    out: flags.out,
    host: flags.host ?? '127.0.0.1',
    port: flags.port === undefined ? 0 : parsePort('--port', flags.port, { allowZero: true }),
    mode: parseMode(flags.mode),
    once: flags.once ?? false,
    idleMs: flags['idle-ms'] === undefined ? UDP_RECEIVER_IDLE_MS : parseMilliseconds('--idle-ms', flags['idle-ms']),
    trace: flags.trace ?? false,
    json: flags.json ?? false,
  };
}

function parseMode(value: string | undefined): UdpMode | undefined {
  if (value === undefined || value === 'gbn' || value === 'sr') return value;
  throw new UsageError(`--mode must be gbn (Go-Back-N) or sr (Selective Repeat) (got "${value}")`);
}

function parseWindow(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > UDP_MAX_WINDOW) {
    throw new UsageError(`--window must be a whole number of packets from 1 to ${UDP_MAX_WINDOW} (got "${value}")`);
  }
  return Number(value);
}
