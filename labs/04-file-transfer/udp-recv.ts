// Lab 04 starter, reliable UDP: the receiver (README steps 7 and 8). It binds one UDP socket, tells
// transfers apart by (sender address, port, transfer id), and saves each file once it is verified.
import { randomUUID } from 'node:crypto';
import type dgram from 'node:dgram';
import { mkdir } from 'node:fs/promises';
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput, type Output } from '#kit/cli/output.ts';
import { parseUdpRecvCommand, UDP_RECV_USAGE, type UdpRecvCommand } from '#kit/programs/udp-commands.ts';
import type { UdpMeta } from '#kit/protocol/udp-packet.ts';
import { RefusedTransfers, refuseMeta } from '#kit/udp/meta-admission.ts';
import { reportEnd, reportReceiving, type ReceiverEnd } from '#kit/udp/receiver-events.ts';
import { InboundTransfer, type Reply } from './udp-inbound-transfer.ts';
import { IncomingFile } from './incoming-file.ts';

await runProgram(UDP_RECV_USAGE, async () => {
  const command = parseUdpRecvCommand(process.argv.slice(2));
  if (command.help) return void console.log(UDP_RECV_USAGE.trim());
  await receive(command);
});

async function receive(command: UdpRecvCommand): Promise<void> {
  const out = createOutput({ json: command.json });
  try {
    await mkdir(command.out, { recursive: true });
  } catch (error) {
    out.emit('error', { code: 'DISK_ERROR', message: `cannot create ${command.out}: ${(error as Error).message}` });
    process.exit(1);
  }
  // TODO (README step 7): the UDP socket.
  //   1. dgram.createSocket('udp4') (or 'udp6' when command.host is an IPv6 address). On 'error' print
  //      out.emit('error', { code: 'LISTEN_FAILED', message }) and exit 1.
  //   2. Keep the transfers in a Map keyed by `${from.address}:${from.port}:${transferId}`: two
  //      senders may use the same transfer id, and one sender may send several files.
  //   3. socket.on('message', (datagram, from) => …): decodePacket (kit/protocol/udp-packet.ts) and
  //      drop what it refuses. A packet of a known transfer goes to transfer.handle(packet). A META of
  //      an unknown one: decodeMeta; refuseMeta(meta, command.mode) says whether to refuse it (print
  //      the refusal as an error event once, remembering the key in a RefusedTransfers); otherwise
  //      await startTransfer(…), put the transfer in the Map and give it that META with
  //      transfer.handle(packet), which answers it. Anything else: drop it.
  //   4. socket.bind(command.port, command.host, …) and print out.emit('ready', { host, port }).
  //   5. On SIGINT and SIGTERM: stop() every transfer (it deletes unfinished files), close, exit 0.
  void RefusedTransfers;
  void refuseMeta;
  void startTransfer;
  throw new Error('TODO (README step 7): the receiver\'s UDP socket in udp-recv.ts');
}

interface NewTransfer {
  command: UdpRecvCommand;
  out: Output;
  meta: UdpMeta;
  transferId: number;
  from: dgram.RemoteInfo;
  /** Sends a reply packet to `from` (encodePacket with this transfer id). */
  send: (packet: Reply) => void;
  /** Called when the transfer can be forgotten: take it out of your Map. */
  forget: () => void;
}

/**
 * Creates the temporary file and the transfer, and prints receiving. Until it resolves, the transfer
 * is not ready: drop copies of META that arrive meanwhile (the sender repeats it). With --once, the
 * program exits when the first transfer is over: 0 if the file was saved, 1 if not.
 */
async function startTransfer({ command, out, meta, transferId, from, send, forget }: NewTransfer): Promise<InboundTransfer | undefined> {
  let file: IncomingFile;
  try {
    // The temporary file is named after the transfer, never after the file: .udp-<random>.part
    file = await IncomingFile.create(command.out, meta.name, `udp-${randomUUID()}`, meta.size, meta.sha256);
  } catch (error) {
    out.emit('error', { code: 'DISK_ERROR', message: `cannot create a file in ${command.out}: ${(error as Error).message}` });
    if (command.once) process.exit(1);
    return undefined;
  }
  let result: ReceiverEnd | undefined;
  const transfer = new InboundTransfer({
    meta,
    file,
    idleMs: command.idleMs,
    reply: send,
    onEnd: (end) => {
      result = end;
      reportEnd(out, meta, end);
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
