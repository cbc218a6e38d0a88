// Lab 04's rule-by-rule checks of the student's UDP receiver (PROTOCOL §6.1 to §6.4), drawn over the
// whole space of what a sender may send: any window from 1 up, files of n packets whose size sits on or
// next to a multiple of 1200, and each step a datagram chosen from every kind the rules name (the next
// packet, a gap, a copy, the window's edges on both sides, a payload of the wrong length, a seq above
// n, a FIN before the last packet, a copy of META). A model of the mode says what each one must get:
// an ACK of a given seq, or nothing, which shows as the next ACK being the right one.
import { readdir } from 'node:fs/promises';
import { UDP_LINGER_MS, UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import { dataPacketCount, type UdpMode } from '#kit/protocol/udp-packet.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { expectReceivedIntact, GBN_STEP, receiverWithScriptedSender, SR_STEP } from './udp-checks.ts';
import { payloadOf, type ScriptedSender } from './udp-scripted.ts';

/** What a receiver of one mode owes each datagram, as §6.3 and §6.4 state it. */
interface ReceiverModel {
  readonly complete: boolean;
  /** Seqs delivered so far are those below this. */
  readonly base: number;
  /** The ACK a valid DATA `seq` gets (and the state it moves to), or undefined: dropped unanswered. */
  data(seq: number): number | undefined;
  metaAck(): number;
  /** Seqs the sender may usefully send now to make progress. */
  useful(): number[];
  /** Packets not delivered or held yet. */
  remaining(): number;
}

function goBackN(n: number): ReceiverModel {
  let expected = 1;
  return {
    get complete() { return expected > n; },
    get base() { return expected; },
    data(seq) {
      if (seq === expected) expected += 1;
      return expected;
    },
    metaAck: () => expected,
    useful: () => (expected <= n ? [expected] : []),
    remaining: () => n - expected + 1,
  };
}

function selectiveRepeat(n: number, window: number): ReceiverModel {
  let base = 1;
  const held = new Set<number>();
  return {
    get complete() { return base > n; },
    get base() { return base; },
    data(seq) {
      if (seq >= base && seq < base + window) {
        held.add(seq);
        while (held.delete(base)) base += 1;
        return seq;
      }
      return seq >= base - window && seq < base ? seq : undefined;
    },
    metaAck: () => 0,
    useful: () => Array.from({ length: Math.min(window, n - base + 1) }, (_, i) => base + i).filter((seq) => !held.has(seq)),
    remaining: () => n - base + 1 - held.size,
  };
}

type Kind = 'next' | 'gap' | 'copy' | 'edge-above' | 'edge-inside' | 'edge-below' | 'edge-below-out' | 'wrong-length' | 'beyond-n' | 'early-fin' | 'meta';

/** One datagram the grader sends, and what the model says it must get. */
interface Probe {
  kind: Kind;
  send: (grader: ScriptedSender) => void;
  describe: string;
  /** The DATA seq a valid packet carries, for the model; none for META, FIN and corrupt DATA. */
  seq?: number;
}

const RULES: Record<Kind, string> = {
  next: 'a packet the receiver still needs is delivered (GBN: the expected one; SR: any inside the window)',
  gap: 'Go-Back-N drops a packet after a gap and repeats the cumulative ACK',
  copy: 'a packet delivered already is a copy: GBN repeats the cumulative ACK; SR acknowledges it again while it is in [base − window, base − 1], and drops it unanswered below that',
  'edge-above': 'Selective Repeat drops DATA base + window, the first seq beyond the window, without an ACK (§6.4)',
  'edge-inside': 'Selective Repeat keeps DATA base + window − 1, the last seq of the window, and acknowledges it on its own (§6.4)',
  'edge-below': 'Selective Repeat acknowledges DATA base − window again: it was delivered and its ACK may have been lost (§6.4)',
  'edge-below-out': 'Selective Repeat drops DATA base − window − 1 unanswered: it is below [base − window, base − 1] (§6.4)',
  'wrong-length': 'a DATA packet whose payload length is not the one its seq implies is dropped as corrupt, unanswered (§6.1)',
  'beyond-n': 'a DATA packet whose seq is above n is dropped as corrupt, unanswered (§6.1)',
  'early-fin': 'the receiver drops a FIN that comes before all n packets were delivered (§6.2)',
  meta: 'the receiver answers every copy of META: GBN with the cumulative ACK, SR with ACK 0 (§6.2)',
};

/** A payload of another length than DATA `seq` must have: shorter, or longer where 1200 allows. */
function wrongPayload(random: Random, bytes: Buffer, seq: number): Buffer {
  const right = payloadOf(bytes, seq);
  const length = right.length === UDP_MAX_PAYLOAD || right.length === 1 || random.chance(0.5) ? (right.length === 1 ? 2 : random.int(1, right.length - 1)) : right.length + 1;
  return Buffer.concat([right, Buffer.from([0x5a])]).subarray(0, length);
}

/** The kinds that make sense now, each with the seq it would use. */
function drawProbe(random: Random, mode: UdpMode, model: ReceiverModel, n: number, window: number, bytes: Buffer, kind: Kind): Probe | undefined {
  const base = model.base;
  const data = (seq: number, describe: string): Probe => ({ kind, send: (g) => g.sendData(seq, describe), describe: `DATA ${seq} (${describe})`, seq });
  const delivered = Array.from({ length: base - 1 }, (_, i) => i + 1);
  switch (kind) {
    case 'next': {
      const useful = model.useful();
      if (useful.length === 0) return undefined;
      const seq = random.chance(0.4) ? useful[0]! : random.pick(useful);
      return data(seq, 'needed');
    }
    case 'gap':
      return mode === 'gbn' && base < n ? data(random.int(base + 1, n), `a gap: ${base} is missing`) : undefined;
    case 'copy':
      return delivered.length > 0 ? data(random.pick(delivered), 'a copy of a delivered packet') : undefined;
    case 'edge-above':
      return mode === 'sr' && base + window <= n ? data(base + window, `base ${base} + window ${window}`) : undefined;
    case 'edge-inside':
      return mode === 'sr' && base + window - 1 <= n && window > 1 ? data(base + window - 1, `base ${base} + window ${window} − 1`) : undefined;
    case 'edge-below':
      return mode === 'sr' && base - window >= 1 ? data(base - window, `base ${base} − window ${window}`) : undefined;
    case 'edge-below-out':
      return mode === 'sr' && base - window - 1 >= 1 ? data(base - window - 1, `base ${base} − window ${window} − 1`) : undefined;
    case 'wrong-length': {
      const seqs = model.complete ? delivered : model.useful();
      if (seqs.length === 0) return undefined;
      const seq = random.pick(seqs);
      const payload = wrongPayload(random, bytes, seq);
      const describe = `DATA ${seq} with ${payload.length} bytes instead of ${payloadOf(bytes, seq).length}`;
      return { kind, send: (g) => g.sendDataWith(seq, payload, `${payload.length} bytes, not the ${payloadOf(bytes, seq).length} its seq implies`), describe };
    }
    case 'beyond-n': {
      const seq = n + random.int(1, 3);
      const payload = payloadOf(bytes, n);
      return { kind, send: (g) => g.sendDataWith(seq, payload, `seq above n = ${n}`), describe: `DATA ${seq} (above n = ${n}, with as many bytes as DATA ${n})` };
    }
    case 'early-fin':
      return model.complete ? undefined : { kind, send: (g) => g.sendFin(`before DATA ${model.useful().join(', ')} arrived`), describe: `FIN ${n + 1} before every packet was delivered` };
    case 'meta':
      return { kind, send: (g) => g.sendMeta(), describe: 'a copy of META' };
  }
}

const MUST: Record<UdpMode, Kind[]> = {
  gbn: ['gap', 'copy', 'wrong-length', 'beyond-n', 'early-fin', 'meta'],
  sr: ['copy', 'edge-above', 'edge-inside', 'edge-below', 'edge-below-out', 'wrong-length', 'beyond-n', 'early-fin', 'meta'],
};

async function runRules(ctx: CheckContext, mode: UdpMode): Promise<void> {
  const window = mode === 'gbn' ? ctx.random.pick([1, 2, 4, 8, 32]) : ctx.random.pick([1, 2, 3, 4, 5, 8, ctx.random.int(2, 16)]);
  const n = mode === 'gbn' ? ctx.random.pick([2, 3, ctx.random.int(4, 24)]) : ctx.random.int(window + 2, window + 14);
  const size = ctx.random.pick([n * UDP_MAX_PAYLOAD, n * UDP_MAX_PAYLOAD - 1, (n - 1) * UDP_MAX_PAYLOAD + 1, ctx.random.int((n - 1) * UDP_MAX_PAYLOAD + 1, n * UDP_MAX_PAYLOAD)]);
  const { outDir, file, receiver, grader } = await receiverWithScriptedSender(ctx, `rules-${mode}.bin`, size, mode, window, ['--mode', mode]);
  const model = mode === 'gbn' ? goBackN(n) : selectiveRepeat(n, window);
  ctx.note(`${size} bytes: n = ${dataPacketCount(size)} DATA packets, the last of ${size - (n - 1) * UDP_MAX_PAYLOAD} bytes; META says window ${window}`);
  grader.sendMeta();
  await grader.expectAck(model.metaAck(), RULES.meta);
  const pending = new Set<Kind>(MUST[mode]);
  let silent: Probe[] = [];
  const play = async (probe: Probe) => {
    const ack = probe.kind === 'meta' ? model.metaAck() : probe.seq === undefined ? undefined : model.data(probe.seq);
    probe.send(grader);
    if (ack === undefined) {
      silent.push(probe);
      return;
    }
    const before = silent.length > 0 ? `; before it, ${silent.map((p) => `${p.describe} had to go unanswered (${RULES[p.kind]})`).join('; ')}` : '';
    await grader.expectAck(ack, `${probe.describe}: ${RULES[probe.kind]}${before}`);
    silent = [];
  };
  // The next packet delivered may be the last chance for these: they need packets still missing above
  // base, and one DATA may move an SR base by up to a window.
  const lastChance: Partial<Record<Kind, () => boolean>> = {
    gap: () => model.base >= n - 1,
    'edge-above': () => model.base + 2 * window >= n,
    'edge-inside': () => model.base + 2 * window >= n,
    'early-fin': () => model.remaining() <= 1,
  };
  for (let step = 0; step < 400 && !model.complete; step += 1) {
    const kinds = [...pending].filter((kind) => drawProbe(ctx.random, mode, model, n, window, file.bytes, kind));
    const urgent = kinds.find((kind) => lastChance[kind]?.());
    const kind: Kind = urgent ?? (kinds.length > 0 && ctx.random.chance(0.5) ? ctx.random.pick(kinds) : ctx.random.chance(0.6) ? 'next' : ctx.random.pick([...MUST[mode], 'next']));
    const probe = drawProbe(ctx.random, mode, model, n, window, file.bytes, kind);
    if (!probe) continue;
    pending.delete(kind);
    await play(probe);
  }
  // What can still be tried once every packet is in: copies, the edges below the window, bad DATA.
  for (const kind of [...pending]) {
    const probe = drawProbe(ctx.random, mode, model, n, window, file.bytes, kind);
    if (probe) await play(probe);
  }
  if (silent.length > 0) await play({ kind: 'meta', send: (g) => g.sendMeta(), describe: 'a copy of META' });
  await grader.finish('after every DATA packet was delivered, FIN (seq n + 1) is answered with FIN_ACK ok, the file built from the right payloads only');
  // The FIN_ACK may be lost: a repeated FIN within UDP_LINGER_MS gets the same answer, and saves nothing twice.
  const lostFor = ctx.random.int(200, UDP_LINGER_MS / 2);
  await ctx.waitOut(lostFor, 'the grader acts as if the FIN_ACK was lost, and repeats FIN');
  await grader.finAgain(`a receiver answers every repeated FIN with the same FIN_ACK until none came for UDP_LINGER_MS (${UDP_LINGER_MS} ms, PROTOCOL §6.2): this one came after ${lostFor} ms`);
  await expectReceivedIntact(ctx, receiver, outDir, file);
  const saved = (await readdir(outDir)).filter((name) => !name.startsWith('.'));
  if (saved.join() !== file.name) fail({ expected: `only ${file.name} in the --out folder`, got: saved.join(', '), why: 'a repeated FIN is the same transfer ending, not a new file to save' });
}

export const udpReceiverRuleChecks: CheckDefinition[] = [
  {
    id: 'gbn.receiver-rules',
    step: GBN_STEP,
    title: 'receiver (Go-Back-N), any window and size: the expected packet, gaps, copies, wrong lengths, seqs above n, an early FIN and META copies each get what §6 says',
    hint: 'check every DATA before the window sees it: 1 ≤ seq ≤ n, and the payload exactly as long as its seq implies (1200, or the rest for the last), else drop it unanswered. A FIN counts only once every packet was delivered',
    hints: ['the last packet holds size − (n − 1) × 1200 bytes: exactly 1200 when the size is a multiple of 1200'],
    timeoutMs: 25_000,
    run: (ctx) => runRules(ctx, 'gbn'),
  },
  {
    id: 'sr.receiver-rules',
    step: SR_STEP,
    title: 'receiver (Selective Repeat), any window and size: both edges of the window, copies below it, wrong lengths, seqs above n, an early FIN and META copies each get what §6 says',
    hint: 'the window is META\'s: keep [base, base + window − 1], acknowledge [base − window, base − 1] again, drop everything else unanswered; drop DATA of the wrong length or above n before the window sees it',
    hints: ['write both edges down with an example: window 3, base 5 keeps 5, 6, 7 and acknowledges 2, 3, 4 again; 8 and 1 get nothing'],
    timeoutMs: 25_000,
    run: (ctx) => runRules(ctx, 'sr'),
  },
];
