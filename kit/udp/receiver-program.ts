// The shell of the UDP receiver program (docs/PROTOCOL.md §9.5): flags, the --out folder, the events,
// and what the end of a transfer means for the program (with --once, its exit code). The lab supplies
// its temporary file, its transfer, and the part the lab is about: the socket that routes each
// datagram to its transfer.
import { randomUUID } from 'node:crypto';
import { makeFolder } from '../files/make-folder.ts';
import { runProgram } from '../cli/flags.ts';
import { createOutput, type Output } from '../cli/output.ts';
import { parseUdpRecvCommand, UDP_RECV_USAGE, type UdpRecvCommand } from '../programs/udp-commands.ts';
import type { UdpReceiverEvents } from '../protocol/events.ts';
import type { UdpMeta } from '../protocol/udp-packet.ts';
import type { InboundTransferOptions } from './inbound-transfer-options.ts';
import { receiverPacketTrace, type ReceiverPacketTrace } from './packet-trace.ts';
import { reportEnd, reportReceiving, type ReceiverEnd, type Sender } from './receiver-events.ts';
import type { Reply } from './replies.ts';

export interface ReceiverParts<File, Transfer> {
  /** A temporary file that verifies and publishes itself (the lab's IncomingFile.create). */
  createFile(dir: string, name: string, xfer: string, size: number, sha256: string): Promise<File>;
  /** The lab's InboundTransfer. */
  createTransfer(options: InboundTransferOptions<File>): Transfer;
  /** The lab's socket: binds and calls ready, routes datagrams, starts transfers, stops on a signal. */
  listen(receiver: UdpReceiver<Transfer>): void | Promise<void>;
}

/** A META the receiver accepted, and the ways back to the socket's owner. */
export interface NewTransfer {
  meta: UdpMeta;
  transferId: number;
  from: Sender;
  /** Sends a reply to `from` (encodePacket with this transfer id). */
  send: (packet: Reply) => void;
  /** Called when the transfer can be forgotten: take it out of your Map. */
  forget: () => void;
}

export interface UdpReceiver<Transfer> {
  command: UdpRecvCommand;
  /** For what only the socket's owner knows, such as a refused META. */
  out: Output<UdpReceiverEvents>;
  trace: ReceiverPacketTrace;
  /** Prints the ready event for the bound socket. */
  ready(local: { address: string; port: number }): void;
  /**
   * Creates the temporary file and the transfer, and prints receiving. Until it resolves, the transfer
   * is not ready: drop copies of META that arrive meanwhile (the sender repeats it). Undefined when the
   * file cannot be created (reported already). With --once, the program exits when the first transfer
   * is over: 0 if the file was saved, 1 if not.
   */
  startTransfer(start: NewTransfer): Promise<Transfer | undefined>;
}

export async function runReceiverProgram<File, Transfer>(parts: ReceiverParts<File, Transfer>): Promise<void> {
  await runProgram(UDP_RECV_USAGE, async () => {
    const command = parseUdpRecvCommand(process.argv.slice(2));
    if (command.help) return void console.log(UDP_RECV_USAGE.trim());
    const out = createOutput<UdpReceiverEvents>({ json: command.json });
    try {
      makeFolder(command.out);
    } catch (error) {
      out.emit('error', { code: 'DISK_ERROR', message: `cannot create ${command.out}: ${(error as Error).message}` });
      process.exit(1);
    }
    await parts.listen({
      command,
      out,
      trace: receiverPacketTrace(out, command.trace),
      ready: ({ address, port }) => out.emit('ready', { host: address, port }, `receiving on UDP ${address}:${port}, saving to ${command.out}`),
      startTransfer: (start) => startTransfer(parts, command, out, start),
    });
  });
}

async function startTransfer<File, Transfer>(parts: ReceiverParts<File, Transfer>, command: UdpRecvCommand, out: Output<UdpReceiverEvents>, start: NewTransfer): Promise<Transfer | undefined> {
  const { meta, transferId, from, send, forget } = start;
  let file: File;
  try {
    // The temporary file is named after the transfer, never after the file: .udp-<random>.part
    file = await parts.createFile(command.out, meta.name, `udp-${randomUUID()}`, meta.size, meta.sha256);
  } catch (error) {
    out.emit('error', { code: 'DISK_ERROR', message: `cannot create a file in ${command.out}: ${(error as Error).message}` });
    if (command.once) process.exit(1);
    return undefined;
  }
  let result: ReceiverEnd | undefined;
  const transfer = parts.createTransfer({
    meta,
    file,
    idleMs: command.idleMs,
    reply: send,
    onEnd: (end) => {
      result = end;
      reportEnd(out, meta, end);
      // A verified (or failed) transfer lingers to answer repeated FINs; an abandoned one is over now.
      if (command.once && end.kind === 'abandoned') process.exit(1);
    },
    onForget: () => {
      forget();
      if (command.once && result) process.exit(result.kind === 'saved' ? 0 : 1);
    },
  });
  reportReceiving(out, from, transferId, meta);
  return transfer;
}
