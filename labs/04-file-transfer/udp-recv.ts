// Lab 04 starter, reliable UDP: the receiver (README steps 7 and 8). It binds one UDP socket, tells
// transfers apart by (sender address, port, transfer id), and saves each file once it is verified. The
// kit's program shell (kit/udp/receiver-program.ts) handles the flags, the --out folder, the events and
// --once; you write the socket that routes every datagram to its transfer.
import { RefusedTransfers, refuseMeta } from '#kit/udp/meta-admission.ts';
import { runReceiverProgram, type UdpReceiver } from '#kit/udp/receiver-program.ts';
import { IncomingFile } from './incoming-file.ts';
import { InboundTransfer } from './udp-inbound-transfer.ts';

await runReceiverProgram({
  createFile: (...args) => IncomingFile.create(...args),
  createTransfer: (options) => new InboundTransfer(options),
  listen,
});

function listen({ command, out, trace, ready, startTransfer }: UdpReceiver<InboundTransfer>): void {
  // TODO (README step 7): the UDP socket.
  //   1. dgram.createSocket('udp4') (or 'udp6' when command.host is an IPv6 address). On 'error' print
  //      out.emit('error', { code: 'LISTEN_FAILED', message }) and exit 1.
  //   2. Keep the transfers in a Map keyed by `${from.address}:${from.port}:${transferId}`: two
  //      senders may use the same transfer id, and one sender may send several files.
  //   3. socket.on('message', (datagram, from) => …): decodePacket (kit/protocol/udp-packet.ts) and
  //      drop what it refuses (trace.dropped(reason)); trace.received(packet) the rest. A packet of a
  //      known transfer goes to transfer.handle(packet). A META of an unknown one: decodeMeta;
  //      refuseMeta(meta, command.mode) says whether to refuse it (print the refusal as an error event
  //      once, remembering the key in a RefusedTransfers); otherwise await startTransfer({ meta,
  //      transferId, from, send, forget }), put the transfer in the Map and give it that META with
  //      transfer.handle(packet), which answers it. Anything else: drop it. `send` encodes a reply with
  //      encodePacket({ ...reply, transferId }), calls trace.sent(reply) and sends it to `from`.
  //   4. socket.bind(command.port, command.host, …) and call ready(socket.address()).
  //   5. On SIGINT and SIGTERM: stop() every transfer (it deletes unfinished files), close, exit 0.
  void command;
  void out;
  void trace;
  void ready;
  void startTransfer;
  void RefusedTransfers;
  void refuseMeta;
  throw new Error('TODO (README step 7): the receiver\'s UDP socket in udp-recv.ts');
}
