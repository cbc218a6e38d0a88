// Lab 04, reliable UDP: the sender. One file, to one receiver, over a UDP socket, made reliable by
// udp-sender.ts with Go-Back-N or Selective Repeat (docs/PROTOCOL.md §6, §9.5). The kit's program
// shell checks and hashes the file and reports the outcome; this file owns the socket.
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { decodePacket } from '#kit/protocol/udp-packet.ts';
import { runSenderProgram, type DeliveryOutcome, type FileToDeliver } from '#kit/udp/sender-program.ts';
import { sha256OfFile } from './sha256-file.ts';
import { ReliableSender } from './udp-sender.ts';

await runSenderProgram({ sha256OfFile, deliver });

/** Carries the file to the receiver over a socket of its own; resolves with how that ended. */
async function deliver({ command, meta, payloads, trace, ready }: FileToDeliver): Promise<DeliveryOutcome> {
  let target: { address: string; family: number };
  try {
    target = await lookup(command.to.host);
  } catch (error) {
    return { ok: false, code: 'CONNECT_FAILED', message: `cannot resolve ${command.to.host}: ${(error as Error).message}` };
  }

  const socket = dgram.createSocket(target.family === 6 ? 'udp6' : 'udp4');
  // A send can fail for a moment (an ICMP "port unreachable" from a receiver that is not up yet): the
  // timers resend anyway, and giving up is the give-up timer's decision, not the socket's.
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, resolve));
  ready(socket.address());

  const transferId = randomInt(0, 2 ** 32);
  const sender = new ReliableSender({
    transferId,
    meta,
    payloads,
    timeoutMs: command.timeoutMs,
    giveUpMs: command.giveUpMs,
    link: {
      send(datagram, sent) {
        trace.sent(sent);
        socket.send(datagram, command.to.port, target.address);
      },
      timedOut: (seqs) => trace.timedOut(seqs),
    },
  });
  socket.on('message', (datagram, from) => {
    if (from.address !== target.address || from.port !== command.to.port) return; // not our receiver
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return trace.dropped(decoded.reason);
    if (decoded.packet.transferId !== transferId) return;
    trace.received(decoded.packet);
    sender.receive(decoded.packet);
  });

  const outcome = await sender.run();
  socket.close();
  return outcome;
}
