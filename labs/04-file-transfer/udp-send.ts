// Lab 04 starter, reliable UDP: the sender (README steps 7 and 8). One file, to one receiver, over a
// UDP socket, made reliable by udp-sender.ts. The kit's program shell (kit/udp/sender-program.ts)
// checks and hashes the file with your sha256-file.ts and prints the outcome; you write the socket.
// Run `npm run grade -- 04 --only gbn` to see how far you are.
import { runSenderProgram, type DeliveryOutcome, type FileToDeliver } from '#kit/udp/sender-program.ts';
import { sha256OfFile } from './sha256-file.ts';
import { ReliableSender } from './udp-sender.ts';

await runSenderProgram({ sha256OfFile, deliver });

/** Carries the file to the receiver over a socket of its own; resolves with how that ended. */
async function deliver({ command, meta, payloads, trace, ready }: FileToDeliver): Promise<DeliveryOutcome> {
  // TODO (README step 7): the UDP socket.
  //   1. Find the receiver's address: lookup(command.to.host) from node:dns/promises. If that fails,
  //      return { ok: false, code: 'CONNECT_FAILED', message }.
  //   2. dgram.createSocket('udp4') (or 'udp6' for an IPv6 address), bind it to port 0, then call
  //      ready(socket.address()). Add an 'error' listener: a failed send is not fatal (the timers
  //      retry; giving up is the sender's decision).
  //   3. A random transfer id: crypto.randomInt(0, 2 ** 32).
  //   4. new ReliableSender({ transferId, meta, payloads, timeoutMs: command.timeoutMs, giveUpMs:
  //      command.giveUpMs, link }) where link.send(datagram, sent) sends the datagram to the receiver
  //      and calls trace.sent(sent), and link.timedOut(seqs) calls trace.timedOut(seqs).
  //   5. socket.on('message', (datagram, from) => …): ignore datagrams that are not from the receiver,
  //      decode each with decodePacket (kit/protocol/udp-packet.ts), drop what it refuses
  //      (trace.dropped(reason)) and what carries another transfer id, and give the rest to
  //      sender.receive(packet) (after trace.received(packet)).
  //   6. const outcome = await sender.run(); close the socket and return the outcome: the shell prints
  //      done or the error, and sets the exit code.
  void command;
  void meta;
  void payloads;
  void trace;
  void ready;
  void ReliableSender;
  throw new Error('TODO (README step 7): the sender\'s UDP socket in udp-send.ts');
}
