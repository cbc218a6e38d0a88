// Lab 04's checks of what a reliable-UDP sender takes from its own receiver (PROTOCOL §6.2–6.4), one
// per mode, each in the step of its mode (Go-Back-N 7, Selective Repeat 8): only META's own
// acknowledgement opens the data phase; GBN takes ACK a only when base < a ≤ next, SR only the ACK of
// a packet sent and not yet acknowledged; a FIN_ACK counts only after FIN. Everything else, even from
// the right address with the right transfer id, moves nothing. The grader plays an honest receiver
// that also sends such replies at drawn moments.
import { UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import { dataPacketCount, encodeFinAck, type UdpMode } from '#kit/protocol/udp-packet.ts';
import { fail } from '../../engine/check-failure.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { describePacket } from '../../engine/udp-party.ts';
import { GBN_STEP, receiveUntilFin, SR_STEP } from './udp-checks.ts';
import { graderSocket, makeTestFile, startSender, tempFolder } from './udp-harness.ts';
import { expectMeta, HonestReceiver, reply } from './udp-scripted.ts';

// Long enough that a busy machine does not fire the sender's timer before the grader's answers arrive.
const TIMEOUT_MS = 400;
const RULES_WHY = 'a sender moves its window only on an ACK the receiver can have sent: GBN takes ACK a when base < a ≤ next, SR the ACK of a packet sent and not yet acknowledged; META\'s own ACK opens the data phase, and FIN_ACK counts only after FIN (PROTOCOL §6.2–6.4). Anything else is a stale or forged reply';

/** One transfer in `mode`, with replies the sender must ignore at drawn moments. */
async function senderRules(ctx: CheckContext, mode: UdpMode): Promise<void> {
  const window = ctx.random.int(2, 5);
  const packets = window + ctx.random.int(2, 4);
  const size = packets * UDP_MAX_PAYLOAD - ctx.random.pick([0, 1, 599]);
  const file = await makeTestFile(ctx, await tempFolder(ctx, 'the file to send'), `rules-${mode}.bin`, size);
  const n = dataPacketCount(size);
  const party = await graderSocket(ctx, `the grader (as the ${mode} receiver)`);
  const sender = await startSender(ctx, party.port, file, ['--mode', mode, '--window', String(window), '--timeout-ms', String(TIMEOUT_MS)]);
  const seen = await expectMeta(party, file, mode, window);
  const earlyFinAck = (when: string) => reply(party, seen, 'FIN_ACK', n + 1, `${when}, before any FIN`, encodeFinAck({ ok: true, sha256: file.sha256 }));

  // Before META is acknowledged: an ACK that is not META's, and a FIN_ACK.
  const notMeta = mode === 'gbn' ? 0 : ctx.random.int(1, window);
  reply(party, seen, 'ACK', notMeta, `not META's acknowledgement (${mode === 'gbn' ? 'GBN acknowledges META with an ACK of 1 or more' : 'SR acknowledges META with ACK 0'})`);
  earlyFinAck('META not acknowledged yet');
  const again = await party.next({ expected: 'META again', why: `nothing acknowledged META yet, so it is repeated after --timeout-ms ${TIMEOUT_MS}` });
  if (again.packet.type !== 'META') fail({ expected: 'META again, and no DATA yet', got: describePacket(again.packet), why: RULES_WHY });
  reply(party, seen, 'ACK', mode === 'gbn' ? 1 : 0, 'now META is acknowledged');

  const first = new Set<number>();
  while (first.size < Math.min(window, n)) {
    const { packet } = await party.expect('DATA', undefined, { why: 'after META is acknowledged, the sender fills its window', skip: (p) => p.type === 'META' });
    first.add(packet.seq);
  }
  // The window is full: next = window + 1. An ACK for packets never sent, and a FIN_ACK again.
  const unsent = ctx.random.int(window + 1, n + 1);
  ctx.note(`the window holds DATA 1 to ${window}; the grader acknowledges none of them yet`);
  if (mode === 'gbn') reply(party, seen, 'ACK', unsent === window + 1 ? unsent + 1 : unsent, 'everything below it "arrived", though the sender never sent it');
  else reply(party, seen, 'ACK', Math.min(unsent, n), 'a packet the sender never sent');
  earlyFinAck('the window full');
  const { packet: next } = await party.expect('DATA', undefined, { why: `nothing acknowledged DATA 1 to ${window}, so after --timeout-ms ${TIMEOUT_MS} the sender resends from them`, skip: (p) => p.type === 'META' });
  if (next.seq > window) fail({ expected: `DATA ${window} or below (a resend: the receiver acknowledged nothing)`, got: describePacket(next), why: `the window moved on an ACK of packets never sent: ${RULES_WHY}` });
  sender.expectNoEvent('done', `no FIN was sent yet, so no FIN_ACK can count: ${RULES_WHY}`);

  // From here on an honest receiver, except that an old ACK follows the first progress, and the first
  // DATA n is lost while a FIN_ACK comes instead: every packet is sent by then, none is acknowledged yet.
  const honest = new HonestReceiver(party, seen, n);
  let oldAckSent = false;
  let lastLost = false;
  const receive = (seq: number, payload: Uint8Array) => {
    if (seq === n && !lastLost) {
      lastLost = true;
      ctx.note(`DATA ${n} is lost on its way (the grader drops it)`);
      return earlyFinAck(`every packet sent, DATA ${n} not acknowledged`);
    }
    honest.take(seq, payload);
    if (mode === 'gbn' && honest.expected >= 3 && !oldAckSent) {
      oldAckSent = true;
      reply(party, seen, 'ACK', ctx.random.int(1, honest.expected - 1), 'an old ACK, as if delayed in the network');
    }
  };
  receive(next.seq, next.payload);
  await receiveUntilFin(ctx, party, seen, n, receive, () => honest.assemble(), mode, () => honest.complete);
  await sender.expectEvent('done', { name: file.name, size, sha256: file.sha256, packets: n }, { why: 'the real FIN_ACK ends the transfer', timeoutMs: 5_000 });
  await sender.expectExit(0, { why: 'delivered and verified' });
}

export const udpSenderRuleChecks: CheckDefinition[] = [
  {
    id: 'udp.sender-rules',
    step: GBN_STEP,
    title: 'sender (Go-Back-N): ACKs of packets never sent, an ACK that is not META\'s, old ACKs and an early FIN_ACK move nothing',
    hint: 'check every ACK against your window before you act on it (base < a ≤ next), and act on FIN_ACK only once you have sent FIN',
    hints: ['a window that jumps past packets it never sent ends in FIN with holes in the file; count what you sent, not what the other side claims'],
    timeoutMs: 20_000,
    run: (ctx) => senderRules(ctx, 'gbn'),
  },
  {
    id: 'sr.sender-rules',
    step: SR_STEP,
    title: 'sender (Selective Repeat): an ACK that is not META\'s, an ACK of a packet never sent and an early FIN_ACK move nothing',
    hint: 'act on an ACK only for a packet you sent and that is still unacknowledged (META\'s is ACK 0), and on FIN_ACK only once you have sent FIN',
    hints: ['a window that jumps past packets it never sent ends in FIN with holes in the file; count what you sent, not what the other side claims'],
    timeoutMs: 20_000,
    run: (ctx) => senderRules(ctx, 'sr'),
  },
];
