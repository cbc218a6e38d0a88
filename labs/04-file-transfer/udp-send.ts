// Lab 04 starter, reliable UDP: the sender (README steps 7 and 8). One file, to one receiver, over a
// UDP socket, made reliable by udp-sender.ts. Run `npm run grade -- 04 --only gbn` to see how far you are.
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput, type Output } from '#kit/cli/output.ts';
import { fileChunks } from '#kit/files/file-chunks.ts';
import { parseUdpSendCommand, UDP_SEND_USAGE, type UdpSendCommand } from '#kit/programs/udp-commands.ts';
import { UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
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
    sha256 = await sha256OfFile(command.file); // your sha256-file.ts (README step 1)
  } catch (error) {
    return fail('DISK_ERROR', `cannot read ${command.file}: ${(error as Error).message}`);
  }
  const payloads = fileChunks(command.file, UDP_MAX_PAYLOAD); // the DATA payloads, read as they are needed

  // TODO (README step 7): the UDP socket.
  //   1. Find the receiver's address: lookup(command.to.host) from node:dns/promises. If that fails:
  //      return fail('CONNECT_FAILED', …).
  //   2. dgram.createSocket('udp4') (or 'udp6' for an IPv6 address), bind it to port 0, and print
  //      out.emit('ready', { host, port }) with socket.address(). Add an 'error' listener: a failed
  //      send is not fatal (the timers retry; giving up is the sender's decision).
  //   3. A random transfer id: crypto.randomInt(0, 2 ** 32).
  //   4. new ReliableSender({ transferId, meta: { name, size, sha256, mode: command.mode, window:
  //      command.window }, payloads, timeoutMs: command.timeoutMs, giveUpMs: command.giveUpMs, link })
  //      where link.send(datagram, sent) sends the datagram to the receiver (and, with --trace, prints
  //      out.emit('packet', { dir: 'out', type, seq, retransmit })), and link.timedOut(seqs) prints
  //      out.emit('timeout', { seqs }) with --trace.
  //   5. socket.on('message', (datagram, from) => …): ignore datagrams that are not from the receiver,
  //      decode each with decodePacket (kit/protocol/udp-packet.ts), drop what it refuses and what
  //      carries another transfer id, and give the rest to sender.receive(packet).
  //   6. const outcome = await sender.run(); close the socket. On success print
  //      out.emit('done', { name, size, sha256, packets, retransmissions, elapsed_ms }) and return 0;
  //      otherwise return fail(outcome.code, outcome.message).
  void name;
  void size;
  void sha256;
  void payloads;
  void ReliableSender;
  throw new Error('TODO (README step 7): the sender\'s UDP socket in udp-send.ts');
}
