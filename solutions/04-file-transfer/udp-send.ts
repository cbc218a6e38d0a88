// Lab 04, reliable UDP: the sender. One file, to one receiver, over a UDP socket, made reliable by
// udp-sender.ts with Go-Back-N or Selective Repeat (docs/PROTOCOL.md §6, §9.5).
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput, type Output } from '#kit/cli/output.ts';
import { fileChunks } from '#kit/files/file-chunks.ts';
import { parseUdpSendCommand, UDP_SEND_USAGE, type UdpSendCommand } from '#kit/programs/udp-commands.ts';
import { UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import { decodePacket } from '#kit/protocol/udp-packet.ts';
import { inspectFileToSend } from '#kit/udp/file-to-send.ts';
import { sha256OfFile } from './sha256-file.ts';
import { ReliableSender } from './udp-sender.ts';

await runProgram(UDP_SEND_USAGE, async () => {
  const command = parseUdpSendCommand(process.argv.slice(2));
  if (command.help) return void console.log(UDP_SEND_USAGE.trim());
  process.exit(await send(command, createOutput({ json: command.json })));
});

/** Sends the file and returns the exit code: 0 delivered and verified, 1 anything else. */
async function send(command: UdpSendCommand, out: Output): Promise<number> {
  const fail = (code: string, message: string) => {
    out.emit('error', { code, message });
    return 1;
  };
  const file = await inspectFileToSend(command.file);
  if (!file.ok) return fail(file.code, file.message);
  const { name, size } = file;
  let sha256: string;
  try {
    sha256 = await sha256OfFile(command.file);
  } catch (error) {
    return fail('DISK_ERROR', `cannot read ${command.file}: ${(error as Error).message}`);
  }
  let target: { address: string; family: number };
  try {
    target = await lookup(command.to.host);
  } catch (error) {
    return fail('CONNECT_FAILED', `cannot resolve ${command.to.host}: ${(error as Error).message}`);
  }

  const socket = dgram.createSocket(target.family === 6 ? 'udp6' : 'udp4');
  // A send can fail for a moment (an ICMP "port unreachable" from a receiver that is not up yet): the
  // timers resend anyway, and giving up is the give-up timer's decision, not the socket's.
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, resolve));
  const local = socket.address();
  out.emit('ready', { host: local.address, port: local.port }, `sending ${name} from UDP port ${local.port} to ${command.to.host}:${command.to.port} (${command.mode}, window ${command.window})`);

  const transferId = randomInt(0, 2 ** 32);
  const trace = (fields: Record<string, unknown>) => command.trace && out.emit('packet', fields);
  const sender = new ReliableSender({
    transferId,
    meta: { name, size, sha256, mode: command.mode, window: command.window },
    payloads: fileChunks(command.file, UDP_MAX_PAYLOAD),
    timeoutMs: command.timeoutMs,
    giveUpMs: command.giveUpMs,
    link: {
      send(datagram, { type, seq, retransmit }) {
        trace({ dir: 'out', type, seq, retransmit });
        socket.send(datagram, command.to.port, target.address);
      },
      timedOut(seqs) {
        if (command.trace) out.emit('timeout', { seqs });
      },
    },
  });
  socket.on('message', (datagram, from) => {
    if (from.address !== target.address || from.port !== command.to.port) return; // not our receiver
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return void trace({ dir: 'in', dropped: decoded.reason });
    if (decoded.packet.transferId !== transferId) return;
    trace({ dir: 'in', type: decoded.packet.type, seq: decoded.packet.seq });
    sender.receive(decoded.packet);
  });

  const began = performance.now();
  const outcome = await sender.run();
  socket.close();
  if (!outcome.ok) return fail(outcome.code, outcome.message);
  const { packets, retransmissions } = outcome;
  const elapsedMs = Math.round(performance.now() - began);
  out.emit('done', { name, size, sha256, packets, retransmissions, elapsed_ms: elapsedMs }, `sent ${name} (${size} bytes) in ${elapsedMs} ms: ${packets} packets, ${retransmissions} retransmitted; the receiver verified it`);
  return 0;
}
