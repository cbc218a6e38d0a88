// Lab 04's reliable-UDP checks of who belongs to a transfer (README step 7, PROTOCOL §6.2 "Who talks to
// whom"): a receiver keys transfers by sender address, port AND transfer id, so a second socket cannot
// write into someone else's file; a sender listens only to its receiver and its own transfer id, so
// nobody else can acknowledge its data.
import { join } from 'node:path';
import { UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import { dataPacketCount, encodeFinAck, encodeMeta, type UdpMode, type UdpPacket } from '#kit/protocol/udp-packet.ts';
import { fail } from '../../engine/check-failure.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { describePacket, UdpParty, type Address } from '../../engine/udp-party.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { GBN_STEP, receiveUntilFin } from './udp-checks.ts';
import { expectSavedIntact, graderSocket, makeTestFile, sha256Of, startReceiver, startSender, tempFolder } from './udp-harness.ts';
import { expectMeta, HonestReceiver, payloadOf, reply } from './udp-scripted.ts';

const KEY_WHY = 'a receiver keys each transfer by the sender\'s address, port and transfer id, and answers only where a datagram came from: anyone can guess a 32-bit id, nobody can send from another program\'s port (PROTOCOL §6.2)';
// Step 7's mode: a student has no Selective Repeat before step 8. Who belongs to a transfer is decided
// before either mode's rules (udp-recv.ts, udp-send.ts), and step 8's checks run that same code in SR.
const MODE: UdpMode = 'gbn';

const LISTEN_WHY = 'a sender takes ACKs and FIN_ACKs only from the address and port it sends to, with its own transfer id (PROTOCOL §6.2): anything else is someone else\'s traffic, or a forgery';

/** A file of n = 2 to 10 packets whose size sits on or next to a multiple of 1200 now and then. */
function drawSize(random: Random): number {
  const packets = random.int(2, 10);
  return random.pick([packets * UDP_MAX_PAYLOAD, packets * UDP_MAX_PAYLOAD - 1, (packets - 1) * UDP_MAX_PAYLOAD + 1, random.int(UDP_MAX_PAYLOAD + 1, packets * UDP_MAX_PAYLOAD)]);
}

function otherId(random: Random, id: number): number {
  return (id + random.int(1, 0xffff)) % 0x1_0000_0000;
}

/**
 * A stranger on 127.0.0.2 with the receiver's own port: only the address tells it apart. Linux routes
 * all of 127/8 to loopback; where 127.0.0.2 is not configured (macOS) this stranger is left out.
 */
async function sameportStranger(ctx: CheckContext, port: number): Promise<UdpParty | undefined> {
  const label = 'a stranger on 127.0.0.2 with the receiver\'s port';
  try {
    const twin = await UdpParty.open(label, ctx.log, ctx.watch, { host: '127.0.0.2', port });
    ctx.defer(() => twin.close());
    ctx.note(`${label} listens on UDP 127.0.0.2:${port}`);
    return twin;
  } catch {
    ctx.note('this machine has no loopback address 127.0.0.2: the stranger with the receiver\'s port is left out');
    return undefined;
  }
}

/** The ACK a receiver of this mode owes a packet it has just delivered (or META). */
function ackAfter(mode: UdpMode, seq: number): number {
  return mode === 'gbn' ? seq + 1 : seq;
}

const receiverCheck: CheckDefinition = {
  id: 'udp.stranger-data',
  step: GBN_STEP,
  title: 'receiver: datagrams from another socket with the same transfer id never enter the transfer, and get no answer',
  hint: 'the key of a transfer is sender address, port and transfer id together: a datagram whose key has no transfer is dropped (unless it is a META), and every answer goes to the address and port the datagram came from',
  hints: ['two programs on one machine share the address but never the port: a key without the port lets any local program write into another one\'s file'],
  async run(ctx) {
    const mode = MODE;
    const window = ctx.random.pick([1, 2, 3, 4, 8]);
    const outDir = await tempFolder(ctx, 'your receiver (--out)');
    const file = await makeTestFile(ctx, await tempFolder(ctx, 'the file the grader sends'), `victim-${mode}.bin`, drawSize(ctx.random));
    const n = dataPacketCount(file.bytes.length);
    const { receiver, port } = await startReceiver(ctx, outDir);
    const to: Address = { host: '127.0.0.1', port };
    const victim = await graderSocket(ctx, 'the grader (as the sender)');
    const stranger = await graderSocket(ctx, 'a stranger (another socket)');
    const twin = await sameportStranger(ctx, victim.port);
    const id = ctx.random.int(1, 0xffff_ffff);
    // Two forged DATA (n is at least 2): one from another port, the other from the sender's own port on
    // another address when this machine has one, in a drawn order.
    const first = ctx.random.int(1, n - 1);
    const injectAt = new Set([first, ctx.random.int(first + 1, n)]);
    const twinAt = ctx.random.pick([...injectAt]);
    const forger = (seq: number) => (twin && seq === twinAt ? twin : stranger);
    ctx.note(`the grader sends ${file.name} (${n} packets, ${mode}, window ${window}) straight to your receiver, one packet at a time; the stranger sends DATA with the same transfer id ${id} before DATA ${[...injectAt].sort((a, b) => a - b).join(' and ')}, FIN before the real one, and DATA with another id`);
    const meta = { name: file.name, size: file.bytes.length, sha256: file.sha256, mode, window };
    const send = (from: UdpParty, packet: UdpPacket, note = '') => from.send(packet, to, note);
    const expectAck = async (seq: number, why: string) => {
      const { packet } = await victim.expect('ACK', undefined, { why, skip: (p) => p.type === 'ACK' && p.seq < seq && mode === 'gbn' });
      if (packet.transferId !== id || packet.seq !== seq) {
        fail({ expected: `ACK seq=${seq} of transfer ${id}`, got: `${describePacket(packet)} of transfer ${packet.transferId}`, why: `${why}; an ACK for a packet the sender never sent means your receiver took the stranger's datagram as part of this transfer: ${KEY_WHY}` });
      }
    };

    send(victim, { type: 'META', transferId: id, seq: 0, payload: encodeMeta(meta) });
    await expectAck(mode === 'gbn' ? 1 : 0, 'META is acknowledged');
    send(stranger, { type: 'DATA', transferId: otherId(ctx.random, id), seq: 1, payload: payloadOf(file.bytes, 1) }, 'another transfer id, one nobody opened');
    for (let seq = 1; seq <= n; seq += 1) {
      if (injectAt.has(seq)) {
        const forged = Buffer.from(payloadOf(file.bytes, seq)).map((byte) => byte ^ 0x5a);
        send(forger(seq), { type: 'DATA', transferId: id, seq, payload: forged }, 'the victim\'s transfer id, the expected seq, the right length, other bytes');
        // A packet the receiver owes an answer right behind the stranger's: the answer shows whether the stranger's DATA was taken.
        if (seq === 1) send(victim, { type: 'META', transferId: id, seq: 0, payload: encodeMeta(meta) }, 'META again, as a probe');
        else send(victim, { type: 'DATA', transferId: id, seq: seq - 1, payload: payloadOf(file.bytes, seq - 1) }, 'the last packet again, as a probe');
        await expectAck(seq === 1 ? (mode === 'gbn' ? 1 : 0) : mode === 'gbn' ? seq : seq - 1, `the receiver answers the probe; DATA ${seq} has not been sent by the sender yet`);
      }
      send(victim, { type: 'DATA', transferId: id, seq, payload: payloadOf(file.bytes, seq) });
      await expectAck(ackAfter(mode, seq), `DATA ${seq} is delivered`);
    }
    // The forged end comes from the address-only stranger whenever there is one, so every run has one.
    send(twin ?? stranger, { type: 'FIN', transferId: id, seq: n + 1, payload: Buffer.alloc(0) }, 'the victim\'s transfer id: a forged end');
    send(victim, { type: 'DATA', transferId: id, seq: n, payload: payloadOf(file.bytes, n) }, 'the last packet again, as a probe');
    await expectAck(ackAfter(mode, n), 'the receiver answers the probe with an ACK: the sender has not sent FIN yet, so a FIN_ACK now would answer the stranger\'s FIN');
    send(victim, { type: 'FIN', transferId: id, seq: n + 1, payload: Buffer.alloc(0) });
    const { packet } = await victim.expect('FIN_ACK', n + 1, { why: 'FIN after every DATA packet is answered with FIN_ACK', skip: (p) => p.type === 'ACK' });
    const answer = JSON.parse(Buffer.from(packet.payload).toString('utf8')) as { ok?: unknown; sha256?: unknown };
    if (answer.ok !== true || answer.sha256 !== file.sha256) {
      fail({ expected: `FIN_ACK {"ok":true,"sha256":"${file.sha256}"}`, got: `FIN_ACK ${JSON.stringify(answer)}`, why: `the sender sent every byte right, so a wrong file means the stranger's bytes got in: ${KEY_WHY}` });
    }
    await receiver.expectEvent('file_received', { name: file.name, path: join(outDir, file.name), size: file.bytes.length, sha256: file.sha256 }, { why: 'the verified file is saved and reported' });
    await expectSavedIntact(ctx, join(outDir, file.name), file);
    for (const forged of twin ? [stranger, twin] : [stranger]) {
      if (forged.received.length > 0 || forged.damaged.length > 0) {
        fail({ expected: `nothing sent to ${forged.label}`, got: forged.received.map((r) => describePacket(r.packet)).join(', ') || `${forged.damaged.length} datagram(s)`, why: `the stranger opened no transfer: ${KEY_WHY}` });
      }
    }
    ctx.note('the stranger got no answer at all, and the file is the sender\'s, byte for byte');
  },
};

// Long enough that a busy machine does not fire the sender's timer before the grader's answers arrive.
const SENDER_TIMEOUT_MS = 400;

const senderCheck: CheckDefinition = {
  id: 'udp.stranger-acks',
  step: GBN_STEP,
  title: 'sender: ACKs and FIN_ACKs from another socket, or with another transfer id, are ignored',
  hint: 'drop every datagram that does not come from the receiver\'s address and port, and every one with another transfer id, before it reaches your window',
  hints: ['compare the address and port of each datagram with the ones you send to (after resolving the host), and its transfer id with yours'],
  timeoutMs: 15_000,
  async run(ctx) {
    const mode = MODE;
    const window = ctx.random.int(2, 5);
    const file = await makeTestFile(ctx, await tempFolder(ctx, 'the file to send'), `strangers-${mode}.bin`, (window + ctx.random.int(2, 4)) * UDP_MAX_PAYLOAD - ctx.random.pick([0, 1, 600]));
    const n = dataPacketCount(file.bytes.length);
    const party = await graderSocket(ctx, 'the grader (as the receiver)');
    const stranger = await graderSocket(ctx, 'a stranger (another socket)');
    const twin = await sameportStranger(ctx, party.port);
    const sender = await startSender(ctx, party.port, file, ['--mode', mode, '--window', String(window), '--timeout-ms', String(SENDER_TIMEOUT_MS)]);
    const seen = await expectMeta(party, file, mode, window);
    const forge = (type: 'ACK' | 'FIN_ACK', seq: number, payload: Uint8Array = Buffer.alloc(0)) => {
      stranger.send({ type, transferId: seen.transferId, seq, payload }, seen.from, 'the right transfer id, from another socket');
      twin?.send({ type, transferId: seen.transferId, seq, payload }, seen.from, 'the right transfer id and the receiver\'s port, from another address');
      party.send({ type, transferId: otherId(ctx.random, seen.transferId), seq, payload }, seen.from, 'from the receiver\'s socket, with another transfer id');
    };
    ctx.note('the grader does not acknowledge META: the stranger does, and the receiver\'s socket does with another transfer id');
    forge('ACK', mode === 'gbn' ? 1 : 0);
    const metaAgain = await party.next({ expected: 'META again', why: `nothing acknowledged META yet, so the sender repeats it after --timeout-ms ${SENDER_TIMEOUT_MS}` });
    if (metaAgain.packet.type !== 'META') fail({ expected: 'META again (nothing acknowledged it yet)', got: describePacket(metaAgain.packet), why: LISTEN_WHY });
    reply(party, seen, 'ACK', mode === 'gbn' ? 1 : 0, 'now the receiver acknowledges META');
    const first = new Set<number>();
    while (first.size < Math.min(window, n)) {
      const { packet } = await party.expect('DATA', undefined, { why: 'after META is acknowledged, the sender fills its window', skip: (p) => p.type === 'META' });
      first.add(packet.seq);
    }
    ctx.note(`the grader acknowledges none of DATA ${[...first].join(', ')}: the stranger does, and the receiver's socket does with another transfer id; a FIN_ACK is forged too`);
    if (mode === 'gbn') forge('ACK', window + 1);
    else for (const seq of first) forge('ACK', seq);
    forge('FIN_ACK', n + 1, encodeFinAck({ ok: true, sha256: file.sha256 }));
    const { packet: next } = await party.expect('DATA', undefined, { why: `nothing acknowledged DATA 1 to ${window}, so after --timeout-ms ${SENDER_TIMEOUT_MS} the sender resends from them`, skip: (p) => p.type === 'META' });
    if (next.seq > window) {
      fail({ expected: `DATA ${window} or below (a resend: nothing was acknowledged by the receiver)`, got: describePacket(next), why: `the window moved on forged ACKs: ${LISTEN_WHY}` });
    }
    sender.expectNoEvent('done', `the receiver has not confirmed anything: ${LISTEN_WHY}`);
    const honest = new HonestReceiver(party, seen, n);
    honest.take(next.seq, next.payload);
    await receiveUntilFin(ctx, party, seen, n, (seq, payload) => honest.take(seq, payload), () => honest.assemble(), mode, () => honest.complete);
    await sender.expectEvent('done', { name: file.name, size: file.bytes.length, sha256: sha256Of(file.bytes), packets: n }, { why: 'the real FIN_ACK ends the transfer' });
    await sender.expectExit(0, { why: 'exit code 0 means "delivered and verified"' });
    if (stranger.received.length > 0) fail({ expected: 'nothing sent to the stranger', got: stranger.received.map((r) => describePacket(r.packet)).join(', '), why: LISTEN_WHY });
  },
};

export const udpStrangerChecks: CheckDefinition[] = [receiverCheck, senderCheck];
