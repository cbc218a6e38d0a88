// Lab 06's checks of /pick N udp (README step 5, PROTOCOL §5.9), both sides of it. As the asker, the
// student's peer walks answers the grader plays: a holder at capacity, one whose META announces other
// bytes than the answer, one whose bytes fail the answer's SHA-256, one that ignores udp_port and
// sends data frames, then one that serves, through the lossy relay. As the holder, it serves gets with
// udp_port to the grader's own Selective Repeat receiver, up to --max-uploads at once.
import dgram from 'node:dgram';
import { UDP_MAX_PAYLOAD } from '#kit/protocol/limits.ts';
import { encodeMeta, encodePacket, type UdpMeta } from '#kit/protocol/udp-packet.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import { JsonParty, type Message } from '../../engine/json-party.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { sendDataFrames, seededBytes, sha256, startFilePeer, type FilePeer } from '../04-file-transfer/file-harness.ts';
import { auditDownloads, listTree } from '../04-file-transfer/folder-audit.ts';
import { drawFrameLengths } from '../04-file-transfer/frame-plans.ts';
import { allOf, HolderServer } from '../04-file-transfer/holder-server.ts';
import { untilEachNameEnds } from '../04-file-transfer/peer-outcomes.ts';
import { lossyRelay, type Faults } from '../04-file-transfer/udp-harness.ts';
import { GraderUdpReceiver } from './grader-udp-receiver.ts';
import { GraderUdpSender } from './grader-udp-sender.ts';
import { askRoom, drawFileName, pushAnswer } from './peer-pick-checks.ts';
import { otherCode } from './room-moves.ts';

const WHY = 'PROTOCOL §5.9: /pick N udp walks the answers as /pick N does; each file comes over UDP by Selective Repeat, checked against the answer, and the verdict goes back on the download connection';
/** The asker's --stall-timeout in these checks: the holder that ignores udp_port costs this long. */
const STALL_MS = 2_500;
const SENDER_TIMEOUT_MS = 80;
const SENDER_GIVE_UP_MS = 8_000;

/** What a holder played by the grader does with a get that carries udp_port. */
type Plan = 'AT_CAPACITY' | 'stale' | 'corrupt' | 'frames' | 'serves';
const REASON: Record<Exclude<Plan, 'serves'>, string> = { AT_CAPACITY: 'AT_CAPACITY', stale: 'HASH_MISMATCH', corrupt: 'HASH_MISMATCH', frames: 'TIMEOUT' };

/** Sizes on and beside multiples of the 1200-byte payload, and the empty file. */
export function drawUdpSize(random: Random): number {
  const k = random.int(1, 60);
  return random.pick([0, 1, UDP_MAX_PAYLOAD, k * UDP_MAX_PAYLOAD, k * UDP_MAX_PAYLOAD - 1, k * UDP_MAX_PAYLOAD + 1, random.int(2, 120_000)]);
}

/** The relay's faults, both ways, drawn from the seed. */
function drawFaults(random: Random): Faults {
  const way = () => ({ drop: random.pick([0.03, 0.08, 0.12]), duplicate: random.pick([0, 0.05]), reorder: random.pick([0.05, 0.1]), corrupt: random.pick([0, 0.03]) });
  const up = way();
  const down = way();
  const said = (f: typeof up) => `drops ${f.drop * 100}%, duplicates ${f.duplicate * 100}%, holds back ${f.reorder * 100}%, flips a byte in ${f.corrupt * 100}%`;
  return { up, down, description: `towards the receiver it ${said(up)}; back it ${said(down)}` };
}

/** The file with one byte flipped, or one byte where there were none. */
function otherBytes(random: Random, bytes: Buffer): Buffer {
  if (bytes.length === 0) return Buffer.from([random.int(0, 255)]);
  const other = Buffer.from(bytes);
  other[random.int(0, other.length - 1)]! ^= 1 << random.int(0, 7);
  return other;
}

/**
 * Before the holder's first datagram, a stranger on 127.0.0.2 sends the asker's udp_port a META that
 * announces the answer's file: the asker takes datagrams from the holder's address only (§5.9). Linux
 * routes all of 127/8 to loopback; where 127.0.0.2 is not configured (macOS) the stranger is left out.
 */
async function strangerMeta(ctx: CheckContext, port: number, meta: UdpMeta): Promise<void> {
  const socket = dgram.createSocket('udp4');
  const bound = await new Promise<boolean>((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind(0, '127.0.0.2', () => resolve(true));
  });
  socket.on('error', () => {});
  if (!bound) {
    socket.close();
    return ctx.note('this machine has no loopback address 127.0.0.2: the stranger with a META is left out');
  }
  ctx.defer(() => void socket.close());
  const datagram = encodePacket({ type: 'META', transferId: ctx.random.int(0, 0xffff_ffff), seq: 0, payload: encodeMeta(meta) });
  for (let i = 0; i < 3; i += 1) socket.send(datagram, port, '127.0.0.1');
  ctx.note(`a stranger on 127.0.0.2 sends your peer's udp_port (${port}) a META announcing the answer's file, before the holder's first datagram`);
  await ctx.waitOut(ctx.random.int(60, 150), 'the stranger\'s META has arrived before the holder\'s');
}

interface Served {
  name: string;
  bytes: Buffer;
}

/** One holder's answer to a get of /pick N udp (PROTOCOL §5.9). */
async function serveOverUdp(ctx: CheckContext, party: JsonParty, get: Message, file: Served, plan: Plan, window: number, faults: Faults): Promise<void> {
  const xfer = String(get.xfer);
  const port = get.udp_port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
    fail({ expected: 'a get with udp_port: the port of the UDP socket your peer bound for this download', got: JSON.stringify(get), why: 'PROTOCOL §5.9: /pick N udp asks every holder for the file over UDP; a get without udp_port asks for data frames' });
  }
  if (plan === 'AT_CAPACITY') {
    reply(party, get, { type: 'error', code: 'AT_CAPACITY', message: 'already sending files over UDP', re: 'get' });
    return party.socket.destroy();
  }
  const answerSha = sha256(file.bytes);
  reply(party, get, { type: 'offer', xfer, name: file.name, size: file.bytes.length, sha256: answerSha });
  if (plan === 'frames') {
    party.socket.record(`${party.label} ignores udp_port, as a Lab 04 holder does, and sends the file in data frames`);
    if (file.bytes.length > 0) await sendDataFrames(party, xfer, file.bytes, { lengths: drawFrameLengths(ctx.random, file.bytes.length) });
    await party.expect('cancel', { xfer, reason: 'TIMEOUT' }, { why: `${WHY}. A holder that ignores udp_port sends data frames: your peer drops them (§2.3), no datagram comes, and after --stall-timeout (${STALL_MS} ms here) it cancels with TIMEOUT and moves on`, skip: NOISE, timeoutMs: STALL_MS + 8_000 });
    return;
  }
  if (plan === 'serves') await strangerMeta(ctx, port, { name: file.name, size: file.bytes.length, sha256: answerSha, mode: 'sr', window });
  const relay = await lossyRelay(ctx, port, faults, 'your peer');
  const sender = await GraderUdpSender.open(ctx, `${party.label} (UDP)`);
  // stale: the holder's file changed since it answered; META says so honestly. corrupt: META repeats the
  // answer, but a byte of the DATA differs (the CRC of every datagram is right).
  const bytes = plan === 'serves' ? file.bytes : otherBytes(ctx.random, file.bytes);
  const meta = { name: file.name, size: plan === 'stale' ? bytes.length : file.bytes.length, sha256: plan === 'stale' ? sha256(bytes) : answerSha, mode: 'sr' as const, window };
  const ending = sender.send({ port: relay.port, meta, bytes, timeoutMs: SENDER_TIMEOUT_MS, giveUpMs: SENDER_GIVE_UP_MS });
  if (plan === 'stale') {
    await party.expect('cancel', { xfer, reason: 'HASH_MISMATCH' }, { why: `${WHY}. This META announces other bytes (SHA-256 ${meta.sha256}) than the answer (${answerSha}): your peer does not take the transfer, cancels with HASH_MISMATCH and moves on`, skip: NOISE, timeoutMs: 10_000 });
    return sender.stop();
  }
  const end = await ending;
  const expected = plan === 'serves' ? `FIN_ACK {"ok":true,"sha256":"${answerSha}"}` : 'FIN_ACK with ok false';
  const good = end.kind === 'fin-ack' && (plan === 'serves' ? end.ok && end.sha256 === answerSha : !end.ok);
  if (!good) {
    const got = end.kind === 'fin-ack' ? `FIN_ACK {"ok":${end.ok},"sha256":"${end.sha256}"}` : end.kind === 'gave-up' ? `no answer while the grader waited for ${end.waitingFor}, for ${SENDER_GIVE_UP_MS / 1000} s` : 'nothing';
    const why = plan === 'serves' ? `${WHY}: your peer receives as §6.4 says (ACK 0 to META, each DATA acknowledged, FIN answered) through the relay's faults (${faults.description})` : `${WHY}: one byte of the DATA differs from the file of the answer, so its SHA-256 is not the answer's and FIN_ACK says ok false`;
    fail({ expected, got, why });
  }
  if (plan === 'serves') await party.expect('file_ok', { xfer, sha256: answerSha }, { why: `${WHY}: the verified file's verdict, file_ok, goes back on the connection`, skip: NOISE, timeoutMs: 10_000 });
  else await party.expect('file_bad', { xfer, code: 'HASH_MISMATCH' }, { why: `${WHY}: bytes that fail the answer's SHA-256 get file_bad HASH_MISMATCH on the connection, and the next answer is tried`, skip: NOISE, timeoutMs: 10_000 });
}

/**
 * The grader as an asker of the student's holder: a UDP receiver and a get. Behind the lossy relay,
 * or (`faults` undefined) reached directly, so that the grader sees the holder's own UDP port.
 */
async function askOverUdp(ctx: CheckContext, run: FilePeer, file: Served, label: string, faults: Faults | undefined, hold: boolean) {
  const receiver = await GraderUdpReceiver.open(ctx, `${label} (UDP)`, { hold });
  const udpPort = faults ? (await lossyRelay(ctx, receiver.port, faults, label)).port : receiver.port;
  const party = new JsonParty(await ctx.connect(run.port, label), 'peer-to-peer');
  const xfer = Buffer.from(Array.from({ length: 6 }, () => ctx.random.int(0, 255))).toString('base64url');
  party.send({ type: 'get', xfer, name: file.name, udp_port: udpPort }, faults ? `udp_port: the relay in front of ${label}'s UDP socket` : `udp_port: ${label}'s UDP socket`);
  await party.expect('offer', { xfer, name: file.name, size: file.bytes.length, sha256: sha256(file.bytes) }, { why: 'PROTOCOL §5.9: a get with udp_port is answered with offer, as any get of a shared file' });
  await receiver.meta({ name: file.name, size: file.bytes.length, sha256: sha256(file.bytes) }, 'PROTOCOL §5.9: after the offer, the holder sends the file over UDP to the connection\'s remote address and udp_port, beginning with META');
  return { receiver, party, xfer, file };
}

/** Receives the rest of the file, checks it byte for byte, and gives the verdict as an asker does. */
async function finishOverUdp(ctx: CheckContext, { receiver, party, xfer, file }: Awaited<ReturnType<typeof askOverUdp>>, faults: Faults | undefined): Promise<void> {
  const bytes = await receiver.file(`PROTOCOL §5.9, §6.4: the holder sends every DATA packet${faults ? ` (resending what the relay lost: ${faults.description})` : ''}, then FIN`, 25_000);
  if (!bytes.equals(file.bytes)) fail({ expected: `the ${file.bytes.length} bytes of ${file.name}`, got: `${bytes.length} bytes with SHA-256 ${sha256(bytes)}`, why: 'PROTOCOL §6.1: DATA seq s carries bytes (s − 1) × 1200 onwards of the file' });
  ctx.note(`${file.name} arrived over UDP byte for byte (${bytes.length} bytes)`);
  party.send({ type: 'file_ok', xfer, sha256: sha256(bytes) });
  party.send({ type: 'bye', reason: 'done' });
  await party.socket.expectClosedByPeer({ why: 'PROTOCOL §5.9: after the verdict the holder stops and closes the connection (a UDP download carries one file)' });
}

export const peerPickUdpChecks: CheckDefinition[] = [
  {
    id: 'peer.room-pick-udp',
    step: 5,
    title: '/pick N udp: get with udp_port, the file over UDP through loss, duplicates and reordering, verified against the answer, file_ok on the connection; at capacity, a META or bytes not the answer\'s, data frames instead of UDP: each moves on to the next answer',
    hint: 'bind a UDP socket on the download connection\'s local address before the get, and put its port in the get; take the first META from the holder\'s address only if it announces the answer\'s name, size and SHA-256 (else cancel HASH_MISMATCH); receive with your Lab 04 InboundTransfer into a Lab 04 IncomingFile made with the answer\'s size and SHA-256; then file_ok or file_bad on the connection, and bye',
    timeoutMs: 50_000,
    async run(ctx) {
      const [me, ...names] = drawUsernames(ctx.random, 7) as [string, ...string[]];
      const run = await startFilePeer(ctx, {}, ['--stall-timeout', String(STALL_MS)], { me });
      const code = otherCode(ctx.random, '');
      const file = { name: drawFileName(ctx.random), bytes: seededBytes(ctx, drawUdpSize(ctx.random)) };
      const window = ctx.random.pick([1, 2, 3, 8, 32]);
      const faults = drawFaults(ctx.random);
      // Answer N is at capacity (the assignment's case); then the other failures in a drawn order,
      // round past the end of the list, then one that serves. An empty file has no byte to get wrong.
      const plans: Plan[] = ['AT_CAPACITY', ...shuffled<Plan>(ctx.random, file.bytes.length > 0 ? ['stale', 'corrupt', 'frames'] : ['stale', 'frames']), 'serves'];
      const k = ctx.random.int(plans.length, Math.min(plans.length + 1, names.length));
      const holders = names.slice(0, k);
      const picked = ctx.random.int(Math.max(2, k - plans.length + 2), k);
      const order = [...holders.slice(picked - 1), ...holders.slice(0, picked - 1)];
      const due = order.slice(0, plans.length);
      const plan = new Map(due.map((h, i) => [h, plans[i]!]));
      ctx.note(`${file.bytes.length} bytes, ${k} answers, /pick ${picked} udp; the grader's holders send with window ${window}; the attempts due: ${due.map((h) => `${h} ${plan.get(h)}`).join(', then ')}`);
      let next = 0;
      const servers = new Map<string, HolderServer>();
      for (const holder of holders) {
        servers.set(holder, await HolderServer.start(ctx, (i) => (i < 0 ? holder : `${holder}, connection ${i + 1}`), async (party) => {
          const get = await party.expect('get', { name: file.name }, { why: 'a download connection starts with get for the file asked about', skip: NOISE });
          if (due[next] !== holder) fail({ expected: next < due.length ? `the attempt to go to ${due[next]} now (attempt ${next + 1} of ${due.join(', ')})` : 'no more attempts', got: `a get at ${holder}`, why: WHY });
          next += 1;
          await serveOverUdp(ctx, party, get, file, plan.get(holder)!, window, faults);
        }));
      }
      await askRoom(ctx, run, code, file.name, 'a-1');
      for (const [i, holder] of holders.entries()) {
        pushAnswer(run, code, 'a-1', file.name, file.bytes, { from: holder, port: servers.get(holder)!.port });
        await run.peer.expectEvent('room_answer', { n: i + 1, from: holder }, { why: 'PROTOCOL §9.4: each answer is listed with its number' });
      }
      const before = await listTree(run.base);
      run.peer.type(`/pick ${picked}${ctx.random.pick([' ', '  '])}udp${ctx.random.pick(['', ' '])}`);
      const all = allOf([...servers.values()]);
      await untilEachNameEnds(ctx, run.peer, [file.name], all, 40_000, k);
      for (const server of servers.values()) await server.settle();
      const attempts = run.peer.events.filter((e) => e.event === 'download_attempt' && e.name === file.name).map((e) => ({ from: e.from, ok: e.ok, ...(e.ok ? {} : { reason: e.reason }) }));
      const wanted = due.map((h) => {
        const p = plan.get(h)!;
        return p === 'serves' ? { from: h, ok: true } : { from: h, ok: false, reason: REASON[p] };
      });
      if (JSON.stringify(attempts) !== JSON.stringify(wanted)) fail({ expected: `the download_attempts: ${JSON.stringify(wanted)}`, got: JSON.stringify(attempts), why: WHY });
      await run.peer.expectEvent('file_received', { name: file.name, size: file.bytes.length, sha256: sha256(file.bytes) }, { why: `${WHY}: the verified file is saved and reported` });
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: [file.bytes], why: `${WHY}; a failed attempt leaves nothing behind` });
    },
  },
  {
    id: 'peer.room-serve-udp',
    step: 5,
    title: 'a get with udp_port is answered with offer and the file by Selective Repeat to the asker\'s address and udp_port (a stranger\'s ACK moves nothing), within its window, through loss; --max-uploads UDP uploads at once, then AT_CAPACITY; a slot is free again after the verdict',
    hint: 'the holder\'s side of /pick N udp: refuse as Lab 04 does (UDP uploads have --max-uploads slots of their own), else offer and start your Lab 04 ReliableSender (mode sr) on a UDP socket of its own, sending to link.socket.remoteAddress and udp_port; free the slot and close the connection when the verdict comes',
    timeoutMs: 50_000,
    async run(ctx) {
      const maxUploads = ctx.random.int(1, 2);
      const first = { name: drawFileName(ctx.random), bytes: seededBytes(ctx, drawUdpSize(ctx.random)) };
      const drawn = drawFileName(ctx.random);
      const second = { name: drawn === first.name ? `2 ${drawn}` : drawn, bytes: seededBytes(ctx, drawUdpSize(ctx.random)) };
      const run = await startFilePeer(ctx, { [first.name]: first.bytes, [second.name]: second.bytes }, ['--max-uploads', String(maxUploads)]);
      const faults = drawFaults(ctx.random);
      ctx.note(`--max-uploads ${maxUploads}; ${first.name}: ${first.bytes.length} bytes, ${second.name}: ${second.bytes.length} bytes`);
      // Every UDP slot taken: downloads whose META is not acknowledged yet stay in flight. A stranger
      // (another socket of the grader's) acknowledges META in their place: that must move nothing.
      const held = [];
      for (let i = 1; i <= maxUploads; i += 1) held.push(await askOverUdp(ctx, run, first, `the grader (asker ${i})`, undefined, true));
      const stranger = await GraderUdpReceiver.open(ctx, 'a stranger (UDP)');
      for (const { receiver } of held) {
        const { port, transferId } = receiver.from!;
        stranger.forge({ type: 'ACK', transferId, seq: 0 }, port, `to your peer's UDP socket: ACK 0 with the transfer id of its META, from a port that is not the asker's udp_port`);
      }
      await ctx.waitOut(ctx.random.int(200, 400), 'a holder that took the stranger\'s ACK 0 for the asker\'s would send DATA now');
      const extraLabel = 'the grader (one asker too many)';
      const extra = new JsonParty(await ctx.connect(run.port, extraLabel), 'peer-to-peer');
      const unused = await GraderUdpReceiver.open(ctx, `${extraLabel} (UDP)`);
      extra.send({ type: 'get', xfer: 'x-extra', name: second.name, udp_port: unused.port });
      await extra.expectError('AT_CAPACITY', { re: 'get' }, { why: `PROTOCOL §5.9: ${maxUploads} file(s) are on their way over UDP (--max-uploads ${maxUploads}): another get with udp_port is AT_CAPACITY` });
      await extra.socket.expectClosedByPeer({ why: 'PROTOCOL §3.4: after an error to get, the holder closes' });
      for (const download of held) {
        download.receiver.release();
        await finishOverUdp(ctx, download, undefined);
      }
      // The verdicts freed the slots: the same kind of get is served now.
      const again = await askOverUdp(ctx, run, second, 'the grader (asker after the verdicts)', faults, false);
      await finishOverUdp(ctx, again, faults);
    },
  },
];
