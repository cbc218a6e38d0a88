// Lab 04's reliable-UDP checks (README steps 7 and 8). End-to-end checks run the student's sender and
// receiver through the grader's relay (lossy or not); scripted checks put the grader at one end, so
// that each rule of Go-Back-N and Selective Repeat is tested on its own with a precise failure. The
// relay sits in every check, so every transcript ends with its counts.
import { join } from 'node:path';
import { dataPacketCount, type UdpMode, type UdpPacket } from '#kit/protocol/udp-packet.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { StudentProgram } from '../../engine/student-program.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { describePacket } from '../../engine/udp-party.ts';
import {
  describeSize, expectDelivered, expectSavedIntact, graderSocket, listFolder, lossyRelay, makeTestFile, startReceiver,
  startSender, tempFolder, type Faults, type TestFile,
} from './udp-harness.ts';
import { answerFin, expectMeta, reply, ScriptedSender } from './udp-scripted.ts';

export const GBN_STEP = 7;
export const SR_STEP = 8;

const MODE_NAME: Record<UdpMode, string> = { gbn: 'Go-Back-N', sr: 'Selective Repeat' };
const PLAIN_RELAY: Faults = { description: 'it passes every datagram on unchanged' };
const LOSSY = { drop: 0.1, duplicate: 0.05, reorder: 0.05, corrupt: 0.05 };
const LOSSY_RELAY: Faults = {
  up: LOSSY,
  down: LOSSY,
  description: 'both ways it drops 10% of datagrams, duplicates 5%, holds back 5% (so later ones overtake them) and flips a byte in 5%',
};
const MULTI_WINDOW_SIZE = 2 * 1024 * 1024;

/**
 * Your receiver on a fresh --out folder, behind a relay that changes nothing, and the grader as a
 * scripted sender of a new test file: the start of every receiver check.
 */
export async function receiverWithScriptedSender(ctx: CheckContext, name: string, size: number, mode: UdpMode, window: number, receiverArgs: string[] = []) {
  const outDir = await tempFolder(ctx, 'your receiver (--out)');
  const file = await makeTestFile(ctx, await tempFolder(ctx, 'the file the grader sends'), name, size);
  const { receiver, port } = await startReceiver(ctx, outDir, receiverArgs);
  const relay = await lossyRelay(ctx, port, PLAIN_RELAY);
  const party = await graderSocket(ctx, 'the grader (as sender)');
  const grader = new ScriptedSender(party, { host: '127.0.0.1', port: relay.port }, file, mode, window, ctx.random.int(1, 0xffff_ffff));
  return { outDir, file, receiver, grader };
}

/** The receiver reports the file saved under its name, and the bytes there are the ones sent. */
export async function expectReceivedIntact(ctx: CheckContext, receiver: StudentProgram, outDir: string, file: TestFile): Promise<void> {
  await receiver.expectEvent('file_received', { name: file.name, path: join(outDir, file.name), size: file.bytes.length, sha256: file.sha256 }, { why: 'the verified file is saved and reported' });
  await expectSavedIntact(ctx, join(outDir, file.name), file);
}

/** The checks that run the student's own sender and receiver, once per mode. */
function endToEndChecks(mode: UdpMode, step: number): CheckDefinition[] {
  const flags = ['--mode', mode];
  const name = MODE_NAME[mode];
  return [
    {
      id: `${mode}.transfer`,
      step,
      title: `delivers a ${describeSize(MULTI_WINDOW_SIZE)} file (many windows) intact, with no loss`,
      hint: `start with no loss at all: META, then DATA while the window has room, sliding it on each ACK, then FIN until FIN_ACK. Run both programs with --trace to see every packet`,
      timeoutMs: 20_000,
      async run(ctx) {
        const file = await makeTestFile(ctx, await tempFolder(ctx, 'the file to send'), 'multi-window.bin', MULTI_WINDOW_SIZE);
        const outDir = await tempFolder(ctx, 'your receiver (--out)');
        const { receiver, port } = await startReceiver(ctx, outDir, flags);
        const relay = await lossyRelay(ctx, port, PLAIN_RELAY);
        const sender = await startSender(ctx, relay.port, file, flags);
        const done = await expectDelivered(ctx, { sender, receiver, file, outDir, timeoutMs: 15_000 });
        const packets = dataPacketCount(file.bytes.length);
        if (done.packets !== packets) {
          fail({ expected: `done to say packets ${packets}`, got: `packets ${JSON.stringify(done.packets)}`, why: `packets is n, the number of DATA packets: ⌈${file.bytes.length} / 1200⌉` });
        }
      },
    },
    {
      id: `${mode}.lossy`,
      step,
      title: 'delivers a file intact through loss, duplicates, reordering and corruption',
      hint: `every kind of trouble has one answer in ${name}: a lost or damaged packet is resent when its timer expires; a duplicate or an out-of-order packet is recognised by its seq. Test with the grader's relay faults in mind: ${LOSSY_RELAY.description}`,
      timeoutMs: 25_000,
      async run(ctx) {
        const file = await makeTestFile(ctx, await tempFolder(ctx, 'the file to send'), 'lossy.bin', mode === 'gbn' ? 100_000 : 300_000);
        const outDir = await tempFolder(ctx, 'your receiver (--out)');
        const { receiver, port } = await startReceiver(ctx, outDir, flags);
        const relay = await lossyRelay(ctx, port, LOSSY_RELAY);
        const sender = await startSender(ctx, relay.port, file, flags);
        await expectDelivered(ctx, { sender, receiver, file, outDir, timeoutMs: 20_000 });
      },
    },
    {
      id: `${mode}.tiny-files`,
      step,
      title: 'delivers an empty file and a 1-byte file',
      hint: 'an empty file has n = 0 DATA packets: META is acknowledged, then FIN (seq 1) comes at once. A 1-byte file is one DATA packet of 1 byte. Check every loop and every "last packet" formula with n = 0 and n = 1',
      async run(ctx) {
        const dir = await tempFolder(ctx, 'the files to send');
        const outDir = await tempFolder(ctx, 'your receiver (--out)');
        const { receiver, port } = await startReceiver(ctx, outDir, flags);
        const relay = await lossyRelay(ctx, port, PLAIN_RELAY);
        for (const [fileName, size] of [['empty.txt', 0], ['one-byte.txt', 1]] as const) {
          const file = await makeTestFile(ctx, dir, fileName, size);
          const sender = await startSender(ctx, relay.port, file, flags);
          await expectDelivered(ctx, { sender, receiver, file, outDir, timeoutMs: 5_000 });
        }
      },
    },
  ];
}

const gbnReceiverCheck: CheckDefinition = {
  id: 'gbn.cumulative-ack',
  step: GBN_STEP,
  title: 'receiver: takes only the expected packet and answers every packet with a cumulative ACK',
  hint: 'keep one number, expected (the next seq you need). DATA with seq = expected is written and expected grows; anything else is dropped. Either way, answer ACK expected',
  async run(ctx) {
    const { outDir, file, receiver, grader } = await receiverWithScriptedSender(ctx, 'cumulative.bin', 4_000, 'gbn', 4, ['--mode', 'gbn']);
    ctx.note(`the file has ${grader.packetCount} DATA packets (1200, 1200, 1200 and 400 bytes)`);
    grader.sendMeta();
    await grader.expectAck(1, 'Go-Back-N answers META with ACK 1: "everything below 1 (the META, seq 0) arrived"');
    grader.sendData(1);
    await grader.expectAck(2, 'DATA 1 was the expected packet: ACK 2 means "everything below 2 arrived"');
    grader.sendData(3, 'DATA 2 is skipped: a gap');
    await grader.expectAck(2, 'DATA 3 arrived before DATA 2: Go-Back-N drops it and repeats the cumulative ACK 2');
    grader.sendData(4);
    await grader.expectAck(2, 'DATA 4 is out of order too: dropped, ACK 2 again');
    grader.sendData(2);
    await grader.expectAck(3, 'DATA 2 fills the gap; DATA 3 and 4 were dropped, not kept, so the ACK is 3, not 5');
    grader.sendData(2, 'a duplicate');
    await grader.expectAck(3, 'a duplicate is dropped and answered with the same cumulative ACK');
    grader.sendData(3);
    await grader.expectAck(4, 'DATA 3 is now the expected packet');
    grader.sendData(4);
    await grader.expectAck(5, 'DATA 4 completes the file');
    await grader.finish('after every DATA packet, FIN (seq n + 1) is answered with FIN_ACK');
    await expectReceivedIntact(ctx, receiver, outDir, file);
  },
};

const srReceiverCheck: CheckDefinition = {
  id: 'sr.buffers',
  step: SR_STEP,
  title: 'receiver: keeps out-of-order packets inside the window, acknowledges each on its own',
  hint: 'keep base (the next seq to deliver) and a store of at most window packets. DATA in [base, base + window − 1]: store it, ACK that seq, then deliver from base while the store has it. DATA in [base − window, base − 1]: ACK it again. Anything else: drop, no ACK',
  async run(ctx) {
    const { outDir, file, receiver, grader } = await receiverWithScriptedSender(ctx, 'selective.bin', 6_500, 'sr', 3, ['--mode', 'sr']);
    ctx.note(`the file has ${grader.packetCount} DATA packets; the window is 3`);
    grader.sendMeta();
    await grader.expectAck(0, 'Selective Repeat answers META with ACK 0 (the seq of META)');
    grader.sendData(3, 'DATA 1 and 2 are skipped');
    await grader.expectAck(3, 'DATA 3 is inside the window [1, 3]: kept, and acknowledged on its own');
    grader.sendData(5, 'outside the window [1, 3]');
    grader.sendData(2);
    await grader.expectAck(2, 'DATA 5 is beyond the window [1, 3]: it must be dropped without an ACK (so the store never holds more than a window); the next answer is ACK 2');
    grader.sendData(1);
    await grader.expectAck(1, 'DATA 1 fills the window: 1, 2 and 3 are delivered and base moves to 4');
    grader.sendData(2, 'again: as if ACK 2 had been lost');
    await grader.expectAck(2, 'DATA 2 was delivered already (it is in [base − window, base − 1]); its ACK may have been lost, so it is acknowledged again');
    grader.sendData(6);
    await grader.expectAck(6, 'DATA 1 let 1, 2 and 3 be delivered (2 and 3 were kept), so the window is now [4, 6]: DATA 6 is inside it, kept and acknowledged');
    grader.sendData(5);
    await grader.expectAck(5, 'DATA 5 is kept too');
    grader.sendData(4);
    await grader.expectAck(4, 'DATA 4 completes the run 4, 5, 6: all delivered');
    await grader.finish('after every DATA packet was delivered, FIN (seq n + 1) is answered with FIN_ACK');
    await expectReceivedIntact(ctx, receiver, outDir, file);
  },
};

const SCRIPTED_WINDOW = 4;
// Long enough that a busy machine does not fire the sender's timer before the grader's ACK arrives.
const SCRIPTED_TIMEOUT_MS = 500;

const gbnSenderCheck: CheckDefinition = {
  id: 'gbn.go-back',
  step: GBN_STEP,
  title: 'sender: keeps at most a window in flight; on a timeout resends every packet from base on',
  hint: 'one timer, for base. When it expires, send again every packet from base to next − 1 and restart it. An ACK a with base < a ≤ next moves base to a. Keep the sent packets of the window so that you can resend them',
  async run(ctx) {
    const file = await makeTestFile(ctx, await tempFolder(ctx, 'the file to send'), 'go-back.bin', 9_000);
    const packetCount = dataPacketCount(file.bytes.length);
    const party = await graderSocket(ctx, 'the grader (as receiver)');
    const relay = await lossyRelay(ctx, party.port, PLAIN_RELAY, 'the grader');
    const sender = await startSender(ctx, relay.port, file, ['--mode', 'gbn', '--window', String(SCRIPTED_WINDOW), '--timeout-ms', String(SCRIPTED_TIMEOUT_MS)]);
    const seen = await expectMeta(party, file, 'gbn', SCRIPTED_WINDOW);
    reply(party, seen, 'ACK', 1, 'META arrived');

    // A Go-Back-N receiver, except that the first copy of DATA 2 is "lost".
    const delivered: Buffer[] = [];
    let expected = 1;
    const receive = (seq: number, payload: Uint8Array) => {
      if (seq === expected) {
        delivered.push(Buffer.from(payload));
        expected += 1;
      }
      reply(party, seen, 'ACK', expected);
    };
    const why = `DATA 2 was lost, so no ACK beyond 2 came back: after --timeout-ms ${SCRIPTED_TIMEOUT_MS}, Go-Back-N resends DATA 2 and every packet after it that was sent`;
    let sentBeforeLoss = 0;
    let lost = false;
    let resent: Uint8Array;
    for (;;) {
      const { packet } = await party.expect('DATA', undefined, { why, skip: (p) => p.type === 'META' });
      if (packet.seq >= expected + SCRIPTED_WINDOW) {
        fail({ expected: `no DATA beyond seq ${expected + SCRIPTED_WINDOW - 1} while ACK ${expected} is the latest ACK`, got: describePacket(packet), why: `--window ${SCRIPTED_WINDOW}: at most ${SCRIPTED_WINDOW} packets may be unacknowledged (next < base + window)` });
      }
      if (packet.seq === 2 && lost) {
        resent = packet.payload;
        break;
      }
      if (packet.seq === 2) {
        lost = true;
        ctx.note('the grader drops this DATA 2, as if the network had lost it');
        continue;
      }
      sentBeforeLoss = Math.max(sentBeforeLoss, packet.seq);
      receive(packet.seq, packet.payload);
    }
    const windowEnd = Math.min(packetCount, 1 + SCRIPTED_WINDOW);
    if (sentBeforeLoss < windowEnd) {
      fail({
        expected: `DATA 2 to ${windowEnd} in flight before the timeout (ACK 2 made base 2, and the window is ${SCRIPTED_WINDOW})`,
        got: `only up to DATA ${sentBeforeLoss} before DATA 2 came again`,
        why: 'the sender sends new DATA while next < base + window, without waiting for each ACK: that is what a window is for',
      });
    }
    const mustResend = new Set(Array.from({ length: sentBeforeLoss - 2 }, (_, i) => i + 3));
    ctx.note(`DATA 2 came again; DATA ${[...mustResend].join(', ')} must follow before anything is acknowledged`);
    const burst: UdpPacket[] = [];
    while (mustResend.size > 0) {
      const { packet } = await party.expect('DATA', undefined, { why: `Go-Back-N's timeout resends base … next − 1 at once, not only base: DATA ${[...mustResend].join(', ')} were sent after DATA 2 and the receiver dropped them` });
      if (!mustResend.delete(packet.seq)) {
        fail({ expected: `DATA ${[...mustResend].join(' or ')} (the rest of the window, resent)`, got: describePacket(packet), why: 'a timeout in Go-Back-N resends every unacknowledged packet, because its receiver keeps nothing out of order' });
      }
      burst.push(packet);
    }
    receive(2, resent);
    for (const packet of burst) receive(packet.seq, packet.payload);
    await receiveUntilFin(ctx, party, seen, packetCount, receive, () => Buffer.concat(delivered), 'gbn');
    await sender.expectEvent('done', { name: file.name, size: file.bytes.length, sha256: file.sha256, packets: packetCount }, { why: 'FIN_ACK with ok true ends the transfer' });
    await sender.expectExit(0, { why: 'exit code 0 means "delivered and verified"' });
  },
};

const srSenderCheck: CheckDefinition = {
  id: 'sr.selective-resend',
  step: SR_STEP,
  title: 'sender: on a timeout resends only that packet, never an acknowledged one',
  hint: 'one timer per packet in flight. An ACK s stops the timer of s (and marks it); base moves to the lowest unacknowledged seq. When a timer expires, resend that packet only and restart its timer',
  async run(ctx) {
    const file = await makeTestFile(ctx, await tempFolder(ctx, 'the file to send'), 'selective.bin', 9_000);
    const packetCount = dataPacketCount(file.bytes.length);
    const party = await graderSocket(ctx, 'the grader (as receiver)');
    const relay = await lossyRelay(ctx, party.port, PLAIN_RELAY, 'the grader');
    const sender = await startSender(ctx, relay.port, file, ['--mode', 'sr', '--window', String(SCRIPTED_WINDOW), '--timeout-ms', String(SCRIPTED_TIMEOUT_MS)]);
    const seen = await expectMeta(party, file, 'sr', SCRIPTED_WINDOW);
    reply(party, seen, 'ACK', 0, 'META arrived');

    // A Selective Repeat receiver, except that the first copy of DATA 2 is "lost".
    const held = new Map<number, Buffer>();
    const receive = (seq: number, payload: Uint8Array) => {
      if (!held.has(seq)) held.set(seq, Buffer.from(payload));
      reply(party, seen, 'ACK', seq);
    };
    const lowestMissing = () => {
      let seq = 1;
      while (held.has(seq)) seq += 1;
      return seq;
    };
    let lost = false;
    let resent: Uint8Array;
    for (;;) {
      const { packet } = await party.expect('DATA', undefined, {
        why: `DATA 2 was lost: after --timeout-ms ${SCRIPTED_TIMEOUT_MS} its own timer must resend it`,
        skip: (p) => p.type === 'META',
      });
      const base = lowestMissing();
      if (packet.seq >= base + SCRIPTED_WINDOW) {
        fail({ expected: `no DATA beyond seq ${base + SCRIPTED_WINDOW - 1} while DATA ${base} is unacknowledged`, got: describePacket(packet), why: `--window ${SCRIPTED_WINDOW}: only seqs in [base, base + window − 1] may be in flight` });
      }
      if (packet.seq === 2 && lost) {
        resent = packet.payload;
        break;
      }
      if (packet.seq === 2) {
        lost = true;
        ctx.note('the grader drops this DATA 2, as if the network had lost it');
        continue;
      }
      if (held.has(packet.seq)) {
        fail({ expected: 'the resent DATA 2 and nothing else', got: `${describePacket(packet)} again, although the grader acknowledged it`, why: 'Selective Repeat acknowledges each packet on its own, so a timeout resends only the packet whose own timer expired' });
      }
      receive(packet.seq, packet.payload);
    }
    ctx.note('the grader holds back its ACK of the resent DATA 2: every other packet in flight is acknowledged, so the only thing the sender may send next is DATA 2 again, when its timer expires once more');
    const { packet: again } = await party.expect('DATA', undefined, { why: `with DATA 2 still unacknowledged, its timer expires again after --timeout-ms ${SCRIPTED_TIMEOUT_MS}` });
    if (again.seq !== 2) {
      fail({ expected: 'DATA 2 again, and nothing else', got: `${describePacket(again)}, which the grader had acknowledged`, why: 'Selective Repeat acknowledges each packet on its own, so a timeout resends only the packet whose own timer expired' });
    }
    receive(2, resent);
    const assemble = () => Buffer.concat(Array.from({ length: packetCount }, (_, i) => held.get(i + 1) ?? Buffer.alloc(0)));
    await receiveUntilFin(ctx, party, seen, packetCount, receive, assemble, 'sr', () => held.size === packetCount);
    await sender.expectEvent('done', { name: file.name, size: file.bytes.length, sha256: file.sha256, packets: packetCount }, { why: 'FIN_ACK with ok true ends the transfer' });
    await sender.expectExit(0, { why: 'exit code 0 means "delivered and verified"' });
  },
};

const corruptCheck: CheckDefinition = {
  id: 'udp.corrupt-dropped',
  step: GBN_STEP,
  title: 'receiver: a datagram whose CRC does not match is dropped, never written',
  hint: 'decodePacket (kit/protocol/udp-packet.ts) checks length, CRC, version and type: use it for every datagram and drop (silently) whatever it refuses, before looking at any field',
  async run(ctx) {
    const { outDir, file, receiver, grader } = await receiverWithScriptedSender(ctx, 'corrupt.bin', 3_000, 'gbn', 4);
    grader.sendMeta();
    await grader.expectAck(1, 'Go-Back-N answers META with ACK 1');
    grader.sendDamagedData(1, 100);
    grader.sendData(1, 'the intact copy');
    await grader.expectAck(2, 'the damaged copy is dropped without an answer; the intact copy is delivered');
    grader.sendDamagedData(2, 0);
    grader.sendData(2, 'the intact copy');
    await grader.expectAck(3, 'the intact DATA 2 is the expected packet', { skipOlder: true });
    grader.sendData(3);
    await grader.expectAck(4, 'DATA 3 completes the file', { skipOlder: true });
    await grader.finish('a receiver that wrote a damaged payload ends up with the wrong SHA-256');
    await expectReceivedIntact(ctx, receiver, outDir, file);
  },
};

const IDLE_MS = 1_500;

const partialFileCheck: CheckDefinition = {
  id: 'udp.no-partial-file',
  step: GBN_STEP,
  title: 'receiver: a sender that dies mid-transfer leaves no file under the final name',
  hint: 'write into a temporary name in the same folder and rename it only after FIN, when size and SHA-256 match. When a transfer goes silent for --idle-ms, delete the temporary file and print error TIMEOUT (with --once, exit 1)',
  async run(ctx) {
    const { outDir, file, receiver, grader } = await receiverWithScriptedSender(ctx, 'unfinished.bin', 12_000, 'gbn', 4, ['--once', '--idle-ms', String(IDLE_MS)]);
    grader.sendMeta();
    await grader.expectAck(1, 'Go-Back-N answers META with ACK 1');
    for (let seq = 1; seq <= 4; seq += 1) {
      grader.sendData(seq);
      await grader.expectAck(seq + 1, 'each expected packet moves the cumulative ACK');
    }
    ctx.note(`the grader, as the sender, now goes silent: it "crashed" after 4 of ${grader.packetCount} packets`);
    const why = 'a file under its final name must be complete and verified: anyone (or any program) may open it as soon as it appears';
    const during = await listFolder(outDir);
    if (during.includes(file.name)) {
      fail({ expected: `no ${file.name} in ${outDir} before the transfer is verified`, got: `the folder holds ${JSON.stringify(during)}`, why });
    }
    ctx.note(`mid-transfer, the folder holds ${JSON.stringify(during)}: no ${file.name}, good`);
    await receiver.expectEvent('error', { code: 'TIMEOUT' }, { timeoutMs: IDLE_MS + 4_000, why: `--idle-ms ${IDLE_MS}: a transfer silent that long is abandoned with error TIMEOUT` });
    await receiver.expectExit(1, { why: 'with --once, a transfer that failed ends the receiver with exit code 1' });
    const after = await listFolder(outDir);
    if (after.length > 0) {
      fail({ expected: `${outDir} to be empty after the transfer was abandoned`, got: `it holds ${JSON.stringify(after)}`, why: `${why}; and an abandoned transfer's temporary file is deleted` });
    }
  },
};

const GIVE_UP_MS = 1_000;

const giveUpCheck: CheckDefinition = {
  id: 'udp.sender-gives-up',
  step: GBN_STEP,
  title: 'sender: when the receiver is gone, gives up with error TIMEOUT and exit code 1',
  hint: 'remember when an ACK last brought progress; when nothing new was acknowledged for --give-up-ms, stop every timer, print error TIMEOUT and exit 1. UDP will never tell you that nobody listens',
  async run(ctx) {
    const file = await makeTestFile(ctx, await tempFolder(ctx, 'the file to send'), 'gone.bin', 24_000);
    const party = await graderSocket(ctx, 'the grader (as receiver)');
    const relay = await lossyRelay(ctx, party.port, PLAIN_RELAY, 'the grader');
    const sender = await startSender(ctx, relay.port, file, ['--mode', 'gbn', '--give-up-ms', String(GIVE_UP_MS)]);
    const seen = await expectMeta(party, file, 'gbn', 32);
    reply(party, seen, 'ACK', 1, 'META arrived');
    for (let seq = 1; seq <= 3; seq += 1) {
      const resent = (p: UdpPacket) => p.type === 'META' || (p.type === 'DATA' && p.seq < seq);
      await party.expect('DATA', seq, { why: 'after META is acknowledged, DATA 1, 2, 3, … follow in order', skip: resent });
      reply(party, seen, 'ACK', seq + 1);
    }
    party.close();
    ctx.note('the grader, as the receiver, is gone: its socket is closed and nothing will answer again');
    const why = `--give-up-ms ${GIVE_UP_MS}: with no progress for that long, the sender must stop instead of retrying forever`;
    await sender.expectEvent('error', { code: 'TIMEOUT' }, { timeoutMs: GIVE_UP_MS + 4_000, why });
    await sender.expectExit(1, { why: 'exit code 1 means the file was not delivered' });
    sender.expectNoEvent('done', 'the file was not delivered');
    sender.expectNoStackTrace('a receiver that vanishes is a normal event for a network program, not a crash');
  },
};

/**
 * The grader as a receiver after its scripted part: answers DATA as its mode does, and FIN (seq n + 1)
 * with a FIN_ACK for what it received.
 */
export async function receiveUntilFin(
  ctx: CheckContext,
  party: Awaited<ReturnType<typeof graderSocket>>,
  seen: Parameters<typeof answerFin>[1],
  packetCount: number,
  receive: (seq: number, payload: Uint8Array) => void,
  assemble: () => Buffer,
  mode: UdpMode,
  complete: () => boolean = () => assemble().length === seen.meta.size,
): Promise<void> {
  for (let handled = 0; handled < 10 * packetCount + 50; handled += 1) {
    const { packet } = await party.next({ expected: 'DATA or FIN', why: 'the sender goes on until every packet is acknowledged, then sends FIN' });
    if (packet.type === 'DATA') receive(packet.seq, packet.payload);
    else if (packet.type === 'META') reply(party, seen, 'ACK', mode === 'gbn' ? 1 : 0);
    else if (packet.type === 'FIN') {
      if (packet.seq !== packetCount + 1 || !complete()) {
        fail({ expected: `FIN seq=${packetCount + 1} only after every DATA packet was acknowledged`, got: describePacket(packet), why: 'FIN means "all data acknowledged" (docs/PROTOCOL.md §6.2)' });
      }
      answerFin(party, seen, assemble());
      return;
    }
  }
  ctx.note('the sender kept sending without ever sending FIN');
  fail({ expected: 'FIN after the last ACK', got: 'only DATA, again and again', why: 'when every DATA packet is acknowledged the sender sends FIN' });
}

export const udpChecks: CheckDefinition[] = [
  ...endToEndChecks('gbn', GBN_STEP),
  gbnReceiverCheck,
  gbnSenderCheck,
  corruptCheck,
  partialFileCheck,
  giveUpCheck,
  ...endToEndChecks('sr', SR_STEP),
  srReceiverCheck,
  srSenderCheck,
];
