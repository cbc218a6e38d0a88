// Lab 04, reliable UDP: the receiver. It binds one UDP socket, tells transfers apart by (sender
// address, port, transfer id), and saves each file once it is verified (docs/PROTOCOL.md §6, §9.5).
// The kit's program shell handles the flags, the --out folder, the events and --once; this file owns
// the socket and routes every datagram to its transfer.
import dgram from 'node:dgram';
import { decodeMeta, decodePacket, encodePacket, type UdpMeta, type UdpPacket } from '#kit/protocol/udp-packet.ts';
import { RefusedTransfers, refuseMeta } from '#kit/udp/meta-admission.ts';
import { runReceiverProgram, type UdpReceiver } from '#kit/udp/receiver-program.ts';
import type { Reply } from '#kit/udp/replies.ts';
import { IncomingFile } from './incoming-file.ts';
import { InboundTransfer } from './udp-inbound-transfer.ts';

await runReceiverProgram({
  createFile: (...args) => IncomingFile.create(...args),
  createTransfer: (options) => new InboundTransfer(options),
  listen,
});

function listen({ command, out, trace, ready, startTransfer }: UdpReceiver<InboundTransfer>): void {
  const socket = dgram.createSocket(command.host.includes(':') ? 'udp6' : 'udp4');
  const transfers = new Map<string, InboundTransfer | 'opening'>();
  const refused = new RefusedTransfers();

  const send = (packet: Reply, transferId: number, to: dgram.RemoteInfo) => {
    trace.sent(packet);
    socket.send(encodePacket({ ...packet, transferId }), to.port, to.address);
  };

  const open = async (key: string, meta: UdpMeta, packet: UdpPacket, from: dgram.RemoteInfo) => {
    transfers.set(key, 'opening'); // copies of META that arrive meanwhile are dropped; the sender repeats it
    const { transferId } = packet;
    const transfer = await startTransfer({ meta, transferId, from, send: (reply) => send(reply, transferId, from), forget: () => transfers.delete(key) });
    if (!transfer) return void transfers.delete(key);
    transfers.set(key, transfer);
    transfer.handle(packet);
  };

  socket.on('message', (datagram, from) => {
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return trace.dropped(decoded.reason);
    const packet = decoded.packet;
    trace.received(packet);
    const key = `${from.address}:${from.port}:${packet.transferId}`;
    const known = transfers.get(key);
    if (known instanceof InboundTransfer) return known.handle(packet);
    if (known === 'opening' || packet.type !== 'META' || refused.has(key)) return;
    const meta = decodeMeta(packet.payload);
    if (!meta) return trace.dropped('BAD_META');
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
    socket.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  socket.bind(command.port, command.host, () => ready(socket.address()));
}
