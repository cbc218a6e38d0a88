// Lab 04's check of a downloader against holders that lie (README step 6, PROTOCOL §4.4 and §5.7):
// the tracker lists the size and SHA-256 the file must have; a holder whose offer says otherwise is
// cancelled with HASH_MISMATCH, a holder whose bytes say otherwise gets file_bad, and the file comes
// from the honest holder, with no liar's byte ever under the final name.
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty, Message } from '../../engine/json-party.ts';
import type { Random } from '../../engine/seeded-random.ts';
import { showText } from '../../engine/show-bytes.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { seededBytes, sendDataFrames, sha256, startFilePeer, visibleFiles } from './file-harness.ts';
import { auditDownloads, listTree } from './folder-audit.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawFrameLengths } from './frame-plans.ts';
import { drawMark } from './hostile-names.ts';
import { allOf, HolderServer } from './holder-server.ts';
import { untilEachNameEnds } from './peer-outcomes.ts';

type Lie = 'sha256' | 'size' | 'name' | 'bytes';

interface Holder {
  username: string;
  lie: Lie | undefined;
  server?: HolderServer;
}

const LIES: Record<Lie, string> = {
  sha256: 'offers another SHA-256 than the tracker listed (and sends bytes that match its own offer)',
  size: 'offers another size than the tracker listed, with the listed SHA-256',
  name: 'offers the right size and SHA-256 under another name',
  bytes: 'offers exactly what the tracker listed, then sends other bytes',
};

const WHY = 'the tracker listed the size and SHA-256 the file must have; a holder that offers or sends anything else is lying, or serving a file that changed (PROTOCOL §4.4)';

/** What a lying holder offers and sends instead of the file; the name it is asked for is `name`. */
function lieAbout(random: Random, lie: Lie, name: string, bytes: Buffer, other: Buffer): { offer: Message; sent: Buffer } {
  const honest = { name, size: bytes.length, sha256: sha256(bytes) };
  if (lie === 'sha256') return { offer: { ...honest, size: other.length, sha256: sha256(other) }, sent: other };
  if (lie === 'size') {
    const drawn = Math.max(1, bytes.length + random.pick([-1, 1, -bytes.length + 1, 1200, 65_536]));
    const size = drawn === bytes.length ? drawn + 1 : drawn;
    return { offer: { ...honest, size }, sent: other.subarray(0, size) };
  }
  if (lie === 'name') return { offer: { ...honest, name: random.pick([`../${name}`, `${name}.exe`, name.toUpperCase(), `other-${name}`]) }, sent: bytes };
  const changed = Buffer.from(bytes);
  const at = random.int(0, changed.length - 1);
  changed[at] = (changed[at] ?? 0) ^ (1 << random.int(0, 7));
  return { offer: honest, sent: changed };
}

export const liarChecks: CheckDefinition[] = [
  {
    id: 'failover.lying-offer',
    step: 6,
    title: 'holders that offer another SHA-256, size or name, or send other bytes, are refused; the file comes from the honest one',
    hint: 'compare the offer with the tracker\'s holders entry (name, size and sha256) before you write a byte: on any difference send cancel HASH_MISMATCH and try the next holder; verify the bytes against the same sha256',
    hints: [
      'the offer is the holder\'s claim; the tracker\'s listing is what you asked for. A holder can make its offer agree with any bytes it likes',
      'every failed attempt ends with the next holder, whatever the reason: a mismatch is no reason to give up on the file',
    ],
    timeoutMs: 25_000,
    async run(ctx) {
      const run = await startFilePeer(ctx);
      const mark = drawMark(ctx.random);
      const name = `${ctx.random.pick(['report', 'slides', 'song', 'data'])}-${mark}.${ctx.random.pick(['pdf', 'bin', 'txt'])}`;
      const size = ctx.random.pick([1, 2, 1_200, 65_535, 65_536, 262_144, 262_145, ctx.random.int(3, 400_000)]);
      const bytes = seededBytes(ctx, size);
      const lies = shuffled(ctx.random, Object.keys(LIES) as Lie[]);
      const usernames = ['bob', 'carol', 'dave', 'erin', 'frank'];
      const holders: Holder[] = [...lies.map((lie, i) => ({ username: usernames[i]!, lie })), { username: usernames[4]!, lie: undefined }];
      ctx.note(`${name} (${size} bytes) is listed with ${holders.length} holders in this order; the last is honest`, holders.map((h) => `${h.username}: ${h.lie ? LIES[h.lie] : 'honest'}`));
      const before = await listTree(run.base);
      const serve = async (party: JsonParty, holder: Holder): Promise<void> => {
        const get = await party.expect('get', { name }, { why: 'the downloader asks the holder for the file by the name it wants', skip: NOISE });
        if (!holder.lie) {
          const early = await visibleFiles(run.downloads);
          if (early.length > 0) fail({ expected: `nothing in the downloads before ${holder.username}, the honest holder, sent a byte`, got: early.join(', '), why: `${WHY}: what a liar sent must never be kept` });
        }
        const other = seededBytes(ctx, size + 70_000);
        const { offer, sent } = holder.lie ? lieAbout(ctx.random, holder.lie, name, bytes, other) : { offer: { name, size, sha256: sha256(bytes) }, sent: bytes };
        reply(party, get, { type: 'offer', xfer: get.xfer, ...offer });
        await sendDataFrames(party, String(get.xfer), sent, { lengths: drawFrameLengths(ctx.random, sent.length) });
        const why = holder.lie ? `${holder.username} ${LIES[holder.lie]}: ${WHY}` : 'the honest holder\'s file verifies';
        const verdict = holder.lie === undefined ? 'file_ok' : holder.lie === 'bytes' ? 'file_bad' : 'cancel';
        const fields = verdict === 'cancel' ? { xfer: get.xfer, reason: 'HASH_MISMATCH' } : verdict === 'file_bad' ? { xfer: get.xfer, code: 'HASH_MISMATCH' } : { xfer: get.xfer };
        await party.expect(verdict, fields, { why, skip: NOISE, timeoutMs: 10_000 });
      };
      for (const holder of holders) {
        holder.server = await HolderServer.start(ctx, (i) => `${holder.username} (${holder.lie ? `lies: ${holder.lie}` : 'honest'})${i >= 0 ? `, connection ${i + 1}` : ''}`, (party) => serve(party, holder));
      }
      run.peer.type(`/get ${name}`);
      const whohas = await run.tracker.expect('whohas', { names: [name] }, { why: '/get asks the tracker who holds the file', skip: NOISE });
      reply(run.tracker, whohas, { type: 'holders', files: [{ name, holders: holders.map((h) => ({ username: h.username, host: '127.0.0.1', port: h.server!.port, size, sha256: sha256(bytes) })) }] });
      const servers = holders.map((h) => h.server!);
      await untilEachNameEnds(ctx, run.peer, [name], allOf(servers), 20_000, holders.length);
      for (const server of servers) await server.settle();
      const attempts = run.peer.events.filter((e) => e.event === 'download_attempt' && e.name === name);
      for (const holder of holders) {
        const attempt = attempts.find((e) => e.from === holder.username);
        const wanted = holder.lie ? { ok: false, reason: 'HASH_MISMATCH' } : { ok: true };
        if (!attempt || Object.entries(wanted).some(([key, value]) => attempt[key] !== value)) {
          const why = !attempt ? 'a failed attempt moves on to the next holder in the tracker\'s order, whatever went wrong (PROTOCOL §5.7)' : holder.lie ? `${holder.username} ${LIES[holder.lie]}: ${WHY}` : 'after every liar, the honest holder delivers the file';
          fail({ expected: `a download_attempt from ${holder.username} with ${JSON.stringify(wanted)}`, got: attempt ? JSON.stringify(attempt) : `none; the attempts were ${JSON.stringify(attempts)}`, why });
        }
      }
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified: [bytes], why: `only the honest holder's ${showText(name)} may be kept` });
    },
  },
];
