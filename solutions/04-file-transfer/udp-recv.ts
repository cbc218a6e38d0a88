// Lab 04, reliable UDP: the receiver. It binds one UDP socket, tells transfers apart by (sender
// address, port, transfer id), and saves each file once it is verified (docs/PROTOCOL.md §6, §9.5).
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdir } from 'node:fs/promises';
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput } from '#kit/cli/output.ts';
import { parseUdpRecvCommand, UDP_RECV_USAGE, type UdpRecvCommand } from '#kit/programs/udp-commands.ts';
import { decodeMeta, decodePacket, encodePacket, type UdpMeta, type UdpPacket } from '#kit/protocol/udp-packet.ts';
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
  const trace = (fields: Record<string, unknown>) => command.trace && out.emit('packet', fields);
  try {
    await mkdir(command.out, { recursive: true });
  } catch (error) {
    out.emit('error', { code: 'DISK_ERROR', message: `cannot create ${command.out}: ${(error as Error).message}` });
    process.exit(1);
  }

  const socket = dgram.createSocket(command.host.includes(':') ? 'udp6' : 'udp4');
  const transfers = new Map<string, InboundTransfer | 'opening'>();
  const refused = new RefusedTransfers();

  const send = (packet: Reply, transferId: number, to: dgram.RemoteInfo) => {
    trace({ dir: 'out', type: packet.type, seq: packet.seq });
    socket.send(encodePacket({ ...packet, transferId }), to.port, to.address);
  };

  const finish = (code: number) => {
    socket.close();
    process.exit(code);
  };

  const open = async (key: string, meta: UdpMeta, packet: UdpPacket, from: dgram.RemoteInfo) => {
    transfers.set(key, 'opening'); // copies of META that arrive meanwhile are dropped; the sender repeats it
    let file: IncomingFile;
    try {
      // The temporary file is named after the transfer, never after the file: .udp-<random>.part
      file = await IncomingFile.create(command.out, meta.name, `udp-${randomUUID()}`, meta.size, meta.sha256);
    } catch (error) {
      transfers.delete(key);
      out.emit('error', { code: 'DISK_ERROR', message: `cannot create a file in ${command.out}: ${(error as Error).message}` });
      if (command.once) finish(1);
      return;
    }
    let result: ReceiverEnd | undefined;
    const transfer = new InboundTransfer({
      meta,
      file,
      idleMs: command.idleMs,
      reply: (reply) => send(reply, packet.transferId, from),
      onEnd: (end) => {
        result = end;
        reportEnd(out, meta, end);
        // A verified (or failed) transfer lingers to answer repeated FINs; an abandoned one is over now.
        if (command.once && end.kind === 'abandoned') finish(1);
      },
      onForget: () => {
        transfers.delete(key);
        if (command.once && result) finish(result.kind === 'saved' ? 0 : 1);
      },
    });
    transfers.set(key, transfer);
    reportReceiving(out, from, packet.transferId, meta);
    transfer.handle(packet);
  };

  socket.on('message', (datagram, from) => {
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return void trace({ dir: 'in', dropped: decoded.reason });
    const packet = decoded.packet;
    trace({ dir: 'in', type: packet.type, seq: packet.seq });
    const key = `${from.address}:${from.port}:${packet.transferId}`;
    const known = transfers.get(key);
    if (known instanceof InboundTransfer) return known.handle(packet);
    if (known === 'opening' || packet.type !== 'META' || refused.has(key)) return;
    const meta = decodeMeta(packet.payload);
    if (!meta) return void trace({ dir: 'in', dropped: 'BAD_META' });
    const refusal = refuseMeta(meta, command.mode);
    if (refusal) {
      refused.add(key);
      return out.emit('error', { ...refusal });
    }
    void open(key, meta, packet, from);
  });

  socket.on('error', (error) => {
    out.emit('error', { code: 'LISTEN_FAILED', message: `cannot receive on UDP ${command.host}:${command.port}: ${error.message}` });
    process.exit(1);
  });

  const stop = async () => {
    await Promise.all([...transfers.values()].map((t) => (t instanceof InboundTransfer ? t.stop() : undefined)));
    finish(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  socket.bind(command.port, command.host, () => {
    const { address, port } = socket.address();
    out.emit('ready', { host: address, port }, `receiving on UDP ${address}:${port}, saving to ${command.out}`);
  });
}
