// The shell of the UDP sender program (docs/PROTOCOL.md §9.5): flags, the checks on the file and its
// SHA-256, the ready and done events, and the exit code. The lab supplies how to hash the file and the
// part the lab is about: a socket and a ReliableSender that carry the file to the receiver.
import { runProgram } from '../cli/flags.ts';
import { createOutput, type Output } from '../cli/output.ts';
import { fileChunks } from '../files/file-chunks.ts';
import { parseUdpSendCommand, UDP_SEND_USAGE, type UdpSendCommand } from '../programs/udp-commands.ts';
import { UDP_MAX_PAYLOAD } from '../protocol/limits.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { UdpSenderEvents } from '../protocol/events.ts';
import type { UdpMeta } from '../protocol/udp-packet.ts';
import { inspectFileToSend } from './file-to-send.ts';
import { packetTrace, type PacketTrace } from './packet-trace.ts';
import type { SendOutcome } from './sender-contract.ts';

/** One file to send, checked and hashed, with what the lab's socket needs to send it. */
export interface FileToDeliver {
  /** --to, --mode, --window, --timeout-ms, --give-up-ms. */
  command: UdpSendCommand;
  /** What META announces: name, size, sha256, mode, window. */
  meta: UdpMeta;
  /** The DATA payloads in order, read from disk as they are needed. */
  payloads: AsyncIterator<Uint8Array>;
  trace: PacketTrace;
  /** Prints the ready event for the bound socket; done's elapsed_ms counts from here. */
  ready(local: { address: string; port: number }): void;
}

/** How sending ended: the sender's outcome, or a receiver whose host name does not resolve. */
export type DeliveryOutcome = SendOutcome | { ok: false; code: 'CONNECT_FAILED'; message: string };

export interface SenderParts {
  /** The lab's sha256-file.ts. */
  sha256OfFile(path: string): Promise<string>;
  /** The lab's socket: resolves with how the transfer ended and never rejects for network trouble. */
  deliver(file: FileToDeliver): Promise<DeliveryOutcome>;
}

export async function runSenderProgram(parts: SenderParts): Promise<void> {
  await runProgram(UDP_SEND_USAGE, async () => {
    const command = parseUdpSendCommand(process.argv.slice(2));
    if (command.help) return void console.log(UDP_SEND_USAGE.trim());
    process.exit(await send(parts, command, createOutput<UdpSenderEvents>({ json: command.json })));
  });
}

/** Sends the file and returns the exit code: 0 delivered and verified, 1 anything else. */
async function send(parts: SenderParts, command: UdpSendCommand, out: Output<UdpSenderEvents>): Promise<number> {
  const fail = (code: ErrorCode, message: string) => {
    out.emit('error', { code, message });
    return 1;
  };
  const file = await inspectFileToSend(command.file);
  if (!file.ok) return fail(file.code, file.message);
  const { name, size } = file;
  let sha256: string;
  try {
    sha256 = await parts.sha256OfFile(command.file);
  } catch (error) {
    return fail('DISK_ERROR', `cannot read ${command.file}: ${(error as Error).message}`);
  }

  let began = performance.now();
  const outcome = await parts.deliver({
    command,
    meta: { name, size, sha256, mode: command.mode, window: command.window },
    payloads: fileChunks(command.file, UDP_MAX_PAYLOAD),
    trace: packetTrace(out, command.trace),
    ready({ address, port }) {
      // META leaves right after the socket is bound: from here on, the time is the transfer's.
      began = performance.now();
      out.emit('ready', { host: address, port }, `sending ${name} from UDP port ${port} to ${command.to.host}:${command.to.port} (${command.mode}, window ${command.window})`);
    },
  });
  if (!outcome.ok) return fail(outcome.code, outcome.message);
  const { packets, retransmissions } = outcome;
  const elapsedMs = Math.round(performance.now() - began);
  out.emit('done', { name, size, sha256, packets, retransmissions, elapsed_ms: elapsedMs }, `sent ${name} (${size} bytes) in ${elapsedMs} ms: ${packets} packets, ${retransmissions} retransmitted; the receiver verified it`);
  return 0;
}
