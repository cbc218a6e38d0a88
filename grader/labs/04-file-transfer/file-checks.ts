// Lab 04's checks of the peer's files over TCP (README steps 1, 2, 3, 5 and 6): the grader plays the
// tracker, the other peer of a session, and the holders of files.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MAX_RECEIVE_SIZE, MAX_DATA_CHUNK, MAX_FILE_SIZE } from '#kit/protocol/limits.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { JsonParty } from '../../engine/json-party.ts';
import { freePort, type ScriptedServer } from '../../engine/scripted-socket.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply, type Other } from '../03-roster-and-direct/peer-harness.ts';
import { drawFrameLengths } from './frame-plans.ts';
import { expectNothingKept, inSession, receiveDataFrames, seededBytes, sendDataFrames, sha256, startFilePeer, visibleFiles, type FilePeer } from './file-harness.ts';

/** carol offers a file; expects accept, sends it, expects file_ok and the file on disk. */
async function offerAndSend(ctx: CheckContext, run: FilePeer, carol: Other, name: string, bytes: Buffer, xfer: string): Promise<void> {
  const why = 'a file is offered with its size and SHA-256, accepted, sent, and verified end to end';
  carol.party.send({ type: 'offer', xfer, name, size: bytes.length, sha256: sha256(bytes) });
  await carol.party.expect('accept', { xfer }, { why, skip: NOISE });
  await sendDataFrames(carol.party, xfer, bytes);
  // A small file's verdict is immediate; waiting as long as for 20 MB would hit the check's own time
  // bound first, and the report would not say that file_ok is what never came.
  await carol.party.expect('file_ok', { xfer, sha256: sha256(bytes) }, { why, skip: NOISE, timeoutMs: bytes.length < 1_000_000 ? 5_000 : 15_000 });
  const event = await run.peer.expectEvent('file_received', { name, size: bytes.length, sha256: sha256(bytes) }, { why, timeoutMs: 10_000 });
  const saved = await readFile(join(run.downloads, name)).catch(() => undefined);
  if (!saved || !saved.equals(bytes)) {
    fail({ expected: `${join(run.downloads, name)} with the ${bytes.length} bytes sent`, got: saved ? `${saved.length} bytes with SHA-256 ${sha256(saved)}` : `no such file (the event said ${JSON.stringify(event.path)})`, why });
  }
}

/** A scripted holder of files: answers each get with an offer and the data, or misbehaves as told. */
type HolderBehaviour = 'serve' | 'at-capacity' | 'die-midway' | 'corrupt';

async function holder(ctx: CheckContext, server: ScriptedServer, label: string, files: Record<string, Buffer>, behaviour: HolderBehaviour = 'serve'): Promise<void> {
  const party = new JsonParty(await server.accept(label, { why: 'the downloader connects to the holder that peer_info/holders named' }), 'peer-to-peer');
  const get = await party.expect('get', {}, { why: 'a download connection starts with get {xfer, name}', skip: NOISE });
  const name = String(get.name);
  const bytes = files[name];
  if (!bytes) return party.send({ type: 'error', code: 'NO_SUCH_FILE', message: `${name} is not here`, re: 'get' });
  if (behaviour === 'at-capacity') {
    party.send({ type: 'error', code: 'AT_CAPACITY', message: 'busy', re: 'get' });
    return party.socket.destroy();
  }
  party.send({ type: 'offer', xfer: get.xfer, name, size: bytes.length, sha256: sha256(bytes) });
  if (behaviour === 'die-midway') {
    await sendDataFrames(party, String(get.xfer), bytes, { upTo: Math.floor(bytes.length / 2) });
    return party.socket.reset();
  }
  await sendDataFrames(party, String(get.xfer), bytes, { corruptAt: behaviour === 'corrupt' ? Math.floor(bytes.length / 3) : -1 });
  const verdict = await party.expect(behaviour === 'corrupt' ? 'file_bad' : 'file_ok', { xfer: get.xfer }, { why: 'the downloader verifies the SHA-256 and says so', skip: NOISE, timeoutMs: 10_000 });
  void verdict;
}

interface HolderSpec {
  name: string;
  port: number;
  files: Record<string, Buffer>;
}

/** The tracker's answer to whohas: every file with the listed holders. */
function holdersReply(names: string[], holders: HolderSpec[]): Record<string, unknown> {
  return {
    type: 'holders',
    files: names.map((name) => {
      const having = holders.filter((h) => h.files[name]);
      if (having.length === 0) return { name, error: 'NO_SUCH_FILE' };
      return { name, holders: having.map((h) => ({ username: h.name, host: '127.0.0.1', port: h.port, size: h.files[name]!.length, sha256: sha256(h.files[name]!) })) };
    }),
  };
}

/** Types /get and answers the whohas with these holders. */
async function askFor(run: FilePeer, names: string[], holders: HolderSpec[]): Promise<void> {
  run.peer.type(`/get ${names.join(', ')}`);
  const whohas = await run.tracker.expect('whohas', { names }, { why: '/get asks the tracker who holds each file (assignment A3\'s Send F1, F2, see docs/COURSE.md)', skip: NOISE });
  reply(run.tracker, whohas, holdersReply(names, holders));
}

/** A failover check: the first holder fails in one way, the second serves the file. */
async function failover(ctx: CheckContext, first: HolderBehaviour | 'offline'): Promise<void> {
  const run = await startFilePeer(ctx);
  const bytes = seededBytes(ctx, 300_000);
  const files = { 'report.pdf': bytes };
  const second = await ctx.listen();
  const firstServer = first === 'offline' ? undefined : await ctx.listen();
  const firstPort = firstServer?.port ?? (await freePort());
  await askFor(run, ['report.pdf'], [{ name: 'bob', port: firstPort, files }, { name: 'carol', port: second.port, files }]);
  if (firstServer) await holder(ctx, firstServer, 'bob (a holder that fails)', files, first as HolderBehaviour);
  await holder(ctx, second, 'carol (the next holder)', files);
  const why = 'one holder failing must not fail the download while another holder has the file';
  await run.peer.expectEvent('download_attempt', { name: 'report.pdf', from: 'bob', ok: false }, { why, timeoutMs: 10_000 });
  await run.peer.expectEvent('download_attempt', { name: 'report.pdf', from: 'carol', ok: true }, { why, timeoutMs: 10_000 });
  const saved = await readFile(join(run.downloads, 'report.pdf')).catch(() => undefined);
  if (!saved?.equals(bytes)) fail({ expected: 'report.pdf with the right bytes', got: saved ? `${saved.length} bytes, SHA-256 ${sha256(saved)}` : 'no file', why });
  // Hidden names count here: a partial download usually waits under a dot-name, and a failed attempt
  // that keeps it leaves the bytes of a dead holder on the disk for good.
  const names = (await readdir(run.downloads).catch(() => [] as string[])).sort();
  if (names.length !== 1) fail({ expected: 'only report.pdf in the downloads, no temporary file either', got: names.join(', '), why: 'a failed attempt must leave nothing behind' });
}

export const fileChecks: CheckDefinition[] = [
  {
    id: 'receive.small',
    step: 1,
    title: 'files of 0 and 1 byte arrive byte-identical',
    hint: 'a 0-byte file has no data frames at all: it is complete as soon as it is accepted',
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      await offerAndSend(ctx, run, carol, 'empty.bin', Buffer.alloc(0), 'x-empty');
      await offerAndSend(ctx, run, carol, 'one.bin', Buffer.from([0x0a]), 'x-one');
    },
  },
  {
    id: 'receive.large',
    step: 1,
    title: 'a 20 MB binary file arrives byte-identical',
    hint: 'read exactly len raw bytes after each data header (they may contain "\\n"), write them in order, hash as you go',
    timeoutMs: 30_000,
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      await offerAndSend(ctx, run, carol, 'video.bin', seededBytes(ctx, 20 * 1024 * 1024), 'x-large');
    },
  },
  {
    id: 'receive.chat-between',
    step: 1,
    title: 'chat between the data frames of a transfer is still shown',
    hint: 'after the last raw byte of a frame, go back to reading lines: a chat line may come next',
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      const bytes = seededBytes(ctx, 200_000);
      carol.party.send({ type: 'offer', xfer: 'x-chat', name: 'a.bin', size: bytes.length, sha256: sha256(bytes) });
      await carol.party.expect('accept', { xfer: 'x-chat' }, { why: 'the offer is accepted', skip: NOISE });
      await sendDataFrames(carol.party, 'x-chat', bytes, { upTo: 100_000 });
      carol.party.send({ type: 'chat', text: 'halfway there' });
      await sendDataFrames(carol.party, 'x-chat', bytes.subarray(100_000));
      const why = 'data frames are self-delimiting, so chat can flow during a transfer';
      await run.peer.expectEvent('message', { from: 'carol', text: 'halfway there' }, { why });
      await carol.party.expect('file_ok', { xfer: 'x-chat' }, { why, skip: NOISE });
    },
  },
  {
    id: 'receive.corrupt',
    step: 1,
    title: 'one corrupted byte is detected: file_bad, and nothing under the final name',
    hint: 'compare the SHA-256 of what you wrote with the offer before renaming; on a mismatch delete the temporary file',
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      const bytes = seededBytes(ctx, 500_000);
      carol.party.send({ type: 'offer', xfer: 'x-bad', name: 'photo.jpg', size: bytes.length, sha256: sha256(bytes) });
      await carol.party.expect('accept', { xfer: 'x-bad' }, { why: 'the offer is accepted', skip: NOISE });
      await sendDataFrames(carol.party, 'x-bad', bytes, { corruptAt: 250_000 });
      const why = 'a file that looks complete but is wrong is worse than no file';
      await carol.party.expect('file_bad', { xfer: 'x-bad', code: 'HASH_MISMATCH' }, { why, skip: NOISE });
      await run.peer.expectEvent('error', { code: 'HASH_MISMATCH' }, { why });
      await expectNothingKept(run.downloads, why);
    },
  },
  {
    id: 'receive.size-enforced',
    step: 1,
    title: 'more bytes than the offer announced, even in the frame that ends the file: the transfer is cancelled and nothing is kept',
    hint: 'before writing a frame, add its length to what you have: past the announced size, cancel with SIZE_MISMATCH and delete the temporary file',
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      const size = ctx.random.pick([1, 2, 65_536, MAX_DATA_CHUNK, ctx.random.int(3, 300_000)]);
      const extra = ctx.random.pick([1, 2, 1_200, ctx.random.int(1, 70_000)]);
      const bytes = seededBytes(ctx, size + extra);
      // The last frame carries the file's last bytes and the extra ones: no later frame gives a second chance.
      const due = ctx.random.int(1, Math.min(size, MAX_DATA_CHUNK - extra));
      const lengths = [...drawFrameLengths(ctx.random, size - due), due + extra];
      carol.party.send({ type: 'offer', xfer: 'x-more', name: 'small.txt', size, sha256: sha256(bytes.subarray(0, size)) });
      await carol.party.expect('accept', { xfer: 'x-more' }, { why: 'the offer is accepted', skip: NOISE });
      await sendDataFrames(carol.party, 'x-more', bytes, { lengths });
      const why = `the offer said ${size} bytes and ${size + extra} came: a sender that never stops would fill your disk, so the offer's size is a promise you enforce`;
      await carol.party.expect('cancel', { xfer: 'x-more', reason: 'SIZE_MISMATCH' }, { why, skip: NOISE });
      await expectNothingKept(run.downloads, why);
    },
  },
  {
    id: 'send.file',
    step: 1,
    title: '/send NAME PATH offers the file with its size and SHA-256 and sends exactly its bytes',
    hint: 'hash the file first (it goes in the offer), wait for accept, stream data frames with backpressure, wait for file_ok',
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      const bytes = seededBytes(ctx, 1_000_000);
      const path = join(run.shared, 'slides.pdf');
      await writeFile(path, bytes);
      run.peer.type(`/send carol ${path}`);
      const why = 'the receiver can only verify what the offer announced';
      const offer = await carol.party.expect('offer', { name: 'slides.pdf', size: bytes.length, sha256: sha256(bytes) }, { why, skip: NOISE });
      carol.party.send({ type: 'accept', xfer: offer.xfer });
      const received = await receiveDataFrames(carol.party, String(offer.xfer), bytes.length, why);
      if (!received.equals(bytes)) fail({ expected: 'the file\'s bytes', got: `${received.length} bytes with SHA-256 ${sha256(received)}`, why });
      carol.party.send({ type: 'file_ok', xfer: offer.xfer, sha256: sha256(bytes) });
      await run.peer.expectEvent('file_sent', { name: 'slides.pdf', size: bytes.length, sha256: sha256(bytes) }, { why: 'the sender learns the file arrived intact' });
    },
  },
  {
    id: 'names.no-overwrite',
    step: 2,
    title: 'a file that already exists is never overwritten: the new one is saved as name-1, name-2, … (the first free number)',
    hint: 'publish under "name" if it is free, else "name-1.ext", "name-2.ext"… (the number before the extension); create the final name exclusively',
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      // A name with an extension or without, and 1 to 3 copies of it already there.
      const [stem, extension] = ctx.random.pick([['notes', '.txt'], ['photo 1', '.jpg'], ['résumé', '.pdf'], ['README', '']] as const);
      const taken = ctx.random.int(1, 3);
      const numbered = (n: number) => (n === 0 ? `${stem}${extension}` : `${stem}-${n}${extension}`);
      await mkdir(run.downloads, { recursive: true });
      const originals = Array.from({ length: taken }, (_, n) => Buffer.from(`my own copy ${n}, do not touch`));
      for (const [n, original] of originals.entries()) await writeFile(join(run.downloads, numbered(n)), original);
      ctx.note(`the downloads folder already holds ${originals.map((_, n) => numbered(n)).join(', ')}`);
      const bytes = Buffer.from('notes from carol');
      carol.party.send({ type: 'offer', xfer: 'x-dup', name: numbered(0), size: bytes.length, sha256: sha256(bytes) });
      await carol.party.expect('accept', { xfer: 'x-dup' }, { why: 'the offer is accepted', skip: NOISE });
      await sendDataFrames(carol.party, 'x-dup', bytes);
      await carol.party.expect('file_ok', { xfer: 'x-dup' }, { why: 'the file is verified', skip: NOISE });
      const why = 'PROTOCOL §5.6: receiving a file MUST NOT overwrite one: if notes.txt exists it saves notes-1.txt, then notes-2.txt, and so on';
      for (const [n, original] of originals.entries()) {
        const kept = await readFile(join(run.downloads, numbered(n)));
        if (!kept.equals(original)) fail({ expected: `${numbered(n)} unchanged`, got: JSON.stringify(kept.toString()), why });
      }
      const saved = await readFile(join(run.downloads, numbered(taken))).catch(() => undefined);
      if (!saved?.equals(bytes)) fail({ expected: `the new file saved as ${numbered(taken)}`, got: (await visibleFiles(run.downloads)).join(', '), why });
    },
  },
  {
    id: 'names.declined-nothing',
    step: 2,
    title: 'a declined offer (too large) leaves nothing behind',
    hint: 'decide before creating any file: check the size against the limit first',
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      // Just over the reference peer's limit, 5 GiB, the largest size there is (2^53 − 1), or anything between.
      const size = ctx.random.pick([DEFAULT_MAX_RECEIVE_SIZE + 1, 5 * 1024 ** 3, MAX_FILE_SIZE, ctx.random.int(DEFAULT_MAX_RECEIVE_SIZE + 1, MAX_FILE_SIZE)]);
      carol.party.send({ type: 'offer', xfer: 'x-huge', name: 'huge.iso', size, sha256: 'a'.repeat(64) });
      const why = 'an offer over the receiver\'s limit is declined with TOO_LARGE, and no file is created';
      await carol.party.expect('decline', { xfer: 'x-huge', reason: 'TOO_LARGE' }, { why, skip: NOISE });
      const names = await readdir(run.downloads).catch(() => [] as string[]);
      if (names.length > 0) fail({ expected: 'an empty downloads folder', got: names.join(', '), why });
    },
  },
  {
    id: 'progress.events',
    step: 3,
    title: 'a long transfer reports its progress as it goes',
    hint: 'emit transfer {xfer, name, bytes, size} at the start, at most every 250 ms, and at the end',
    timeoutMs: 30_000,
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      const bytes = seededBytes(ctx, 20 * 1024 * 1024);
      carol.party.send({ type: 'offer', xfer: 'x-prog', name: 'big.bin', size: bytes.length, sha256: sha256(bytes) });
      await carol.party.expect('accept', { xfer: 'x-prog' }, { why: 'the offer is accepted', skip: NOISE });
      const why = 'a person watching a long transfer needs to see it move';
      const sending = sendDataFrames(carol.party, 'x-prog', bytes, { chunk: 16_384 });
      await run.peer.expectEvent('transfer', { xfer: 'x-prog', bytes: 0, size: bytes.length }, { why });
      await sending;
      await run.peer.expectEvent('transfer', { xfer: 'x-prog', bytes: bytes.length, size: bytes.length }, { why, timeoutMs: 10_000, skipOthers: true });
    },
  },
  {
    id: 'share.announces',
    step: 4,
    title: 'after login the peer announces every file of --shared with its size and SHA-256',
    hint: 'list the regular files of the folder, hash each, send share (split it if the list is long)',
    async run(ctx) {
      const files = { 'a.txt': Buffer.from('alpha'), 'b.bin': seededBytes(ctx, 5000) };
      const base = await startFilePeer(ctx, files, [], { answerShares: false });
      const why = 'the tracker can only tell others who has a file if holders announce it (assignment A3\'s UPDATE, see docs/COURSE.md)';
      let announced: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 10 && announced.length < 2; i += 1) {
        const share = await base.tracker.expect('share', {}, { why, skip: NOISE });
        const list = (share.files as Array<Record<string, unknown>>) ?? [];
        announced = share.append === true ? [...announced, ...list] : list;
        reply(base.tracker, share, { type: 'shared', count: announced.length });
      }
      const want = Object.entries(files).map(([name, bytes]) => ({ name, size: bytes.length, sha256: sha256(bytes) }));
      const sorted = [...announced].sort((a, b) => String(a.name).localeCompare(String(b.name)));
      if (JSON.stringify(sorted) !== JSON.stringify(want)) fail({ expected: JSON.stringify(want), got: JSON.stringify(announced), why });
    },
  },
  {
    id: 'get.parallel',
    step: 5,
    title: 'three files from three holders download at the same time, each verified',
    hint: 'start every file\'s download before waiting for any, each on its own connection',
    timeoutMs: 20_000,
    async run(ctx) {
      const run = await startFilePeer(ctx);
      const files = { 'one.bin': seededBytes(ctx, 100_000), 'two.bin': seededBytes(ctx, 100_001), 'three.bin': seededBytes(ctx, 100_002) };
      const servers = await Promise.all([ctx.listen(), ctx.listen(), ctx.listen()]);
      const names = Object.keys(files);
      const holders = servers.map((server, i) => ({ name: `holder${i + 1}`, port: server.port, files: { [names[i]!]: files[names[i] as keyof typeof files] } }));
      await askFor(run, names, holders);
      const why = 'several files download in parallel, over separate connections (assignment A3, see docs/COURSE.md)';
      // Every holder gets its get before any of them answers: only a parallel downloader can do that.
      const parties = await Promise.all(servers.map(async (server, i) => new JsonParty(await server.accept(`holder${i + 1}`, { from: run.peer, why }), 'peer-to-peer')));
      const gets = await Promise.all(parties.map((party) => party.expect('get', {}, { why, skip: NOISE })));
      await Promise.all(parties.map(async (party, i) => {
        const bytes = files[names[i] as keyof typeof files];
        party.send({ type: 'offer', xfer: gets[i]!.xfer, name: names[i], size: bytes.length, sha256: sha256(bytes) });
        await sendDataFrames(party, String(gets[i]!.xfer), bytes);
        await party.expect('file_ok', { xfer: gets[i]!.xfer }, { why, skip: NOISE });
      }));
      for (const name of names) {
        const saved = await readFile(join(run.downloads, name)).catch(() => undefined);
        if (!saved?.equals(files[name as keyof typeof files])) fail({ expected: `${name} saved intact`, got: saved ? `${saved.length} bytes` : 'missing', why });
      }
    },
  },
  {
    id: 'get.unknown',
    step: 5,
    title: 'a file nobody shares is reported with NO_SUCH_FILE',
    hint: 'the tracker answers error NO_SUCH_FILE for that name: show it as an error event with the name',
    async run(ctx) {
      const run = await startFilePeer(ctx);
      await askFor(run, ['ghost.txt'], []);
      await run.peer.expectEvent('error', { code: 'NO_SUCH_FILE', name: 'ghost.txt' }, { why: 'assignment A3 asks for error codes when a file does not exist (see docs/COURSE.md)' });
    },
  },
  {
    id: 'upload.serves',
    step: 5,
    title: 'gets for shared files (0 bytes to a few frames), one after the other on one connection, are answered with each offer and exactly its bytes',
    hint: 'a direct connection that starts with get is a download: offer at once (no accept) and send the data; after the verdict, wait for another get on the same connection',
    async run(ctx) {
      const files = Object.fromEntries(Array.from({ length: ctx.random.int(1, 3) }, (_, i) => [`shared-${i}.bin`, seededBytes(ctx, ctx.random.pick([0, 1, 65_536, MAX_DATA_CHUNK, MAX_DATA_CHUNK + 1, 400_000, ctx.random.int(2, 600_000)]))]));
      const run = await startFilePeer(ctx, files);
      const party = new JsonParty(await ctx.connect(run.port, 'a downloader'), 'peer-to-peer');
      const gets = Array.from({ length: ctx.random.int(2, 3) }, () => ctx.random.pick(Object.keys(files)));
      ctx.note(`the downloader asks for ${gets.join(', then ')} on one connection (PROTOCOL §3.4 get: it MAY follow a finished transfer)`);
      const why = 'other peers download what you share straight from you';
      for (const [i, name] of gets.entries()) {
        const bytes = files[name]!;
        const xfer = `d${i + 1}`;
        party.send({ type: 'get', xfer, name });
        await party.expect('offer', { xfer, name, size: bytes.length, sha256: sha256(bytes) }, { why: i === 0 ? why : `${why}; another get may follow a finished transfer on the same connection (PROTOCOL §4.4)` });
        const received = await receiveDataFrames(party, xfer, bytes.length, why);
        if (!received.equals(bytes)) fail({ expected: `the ${bytes.length} bytes of ${name}`, got: `SHA-256 ${sha256(received)}`, why });
        party.send({ type: 'file_ok', xfer, sha256: sha256(bytes) });
      }
    },
  },
  {
    id: 'upload.unknown',
    step: 5,
    title: 'a get for a file that is not shared gets NO_SUCH_FILE, and for a path BAD_NAME',
    hint: 'serve only the files of the shared list, never an arbitrary path',
    async run(ctx) {
      const run = await startFilePeer(ctx, { 'a.txt': Buffer.from('a') });
      const missing = new JsonParty(await ctx.connect(run.port, 'a downloader'), 'peer-to-peer');
      missing.send({ type: 'get', xfer: 'd1', name: 'b.txt' });
      await missing.expectError('NO_SUCH_FILE', {}, { why: 'only shared files can be downloaded' });
      const climber = new JsonParty(await ctx.connect(run.port, 'a path climber'), 'peer-to-peer');
      climber.send({ type: 'get', xfer: 'd2', name: '../../etc/passwd' });
      await climber.expectError('BAD_NAME', {}, { why: 'a get names a shared file, never a path to read' });
    },
  },
  {
    id: 'upload.at-capacity',
    step: 6,
    title: 'beyond --max-uploads, a get is refused with AT_CAPACITY',
    hint: 'count uploads in progress; refuse the one over the limit so the downloader tries another holder',
    async run(ctx) {
      const run = await startFilePeer(ctx, { 'big.bin': seededBytes(ctx, 8 * 1024 * 1024) }, ['--max-uploads', '1']);
      const first = new JsonParty(await ctx.connect(run.port, 'downloader 1'), 'peer-to-peer');
      first.send({ type: 'get', xfer: 'd1', name: 'big.bin' });
      await first.expect('offer', { xfer: 'd1' }, { why: 'the first download starts' });
      first.socket.pauseReading();
      ctx.note('downloader 1 stops reading: its upload stays in progress');
      const second = new JsonParty(await ctx.connect(run.port, 'downloader 2'), 'peer-to-peer');
      second.send({ type: 'get', xfer: 'd2', name: 'big.bin' });
      await second.expectError('AT_CAPACITY', {}, { why: 'a peer caps its uploads so it is not swamped; the downloader moves on (assignment A5, see docs/COURSE.md)' });
    },
  },
  {
    id: 'upload.stalled',
    step: 6,
    title: 'an upload that makes no progress for --stall-timeout gives its slot back',
    hint: 'bound the wait for the socket to drain, and for the verdict, by the stall timeout; then close that connection (the finally counts the upload down)',
    timeoutMs: 20_000,
    async run(ctx) {
      const run = await startFilePeer(ctx, { 'big.bin': seededBytes(ctx, 8 * 1024 * 1024) }, ['--max-uploads', '1', '--stall-timeout', '1000']);
      const first = new JsonParty(await ctx.connect(run.port, 'downloader 1'), 'peer-to-peer');
      first.send({ type: 'get', xfer: 's1', name: 'big.bin' });
      await first.expect('offer', { xfer: 's1' }, { why: 'the first download starts' });
      first.socket.pauseReading();
      ctx.note('downloader 1 stops reading and never answers: after 1 s without progress its slot must be free again');
      const why = 'otherwise one peer that stops reading holds every upload slot for as long as it likes';
      // Asks again every half second, each time on a new connection, for up to 6 s.
      for (let attempt = 1; ; attempt += 1) {
        const next = new JsonParty(await ctx.connect(run.port, `downloader ${attempt + 1}`), 'peer-to-peer');
        next.send({ type: 'get', xfer: `s${attempt + 1}`, name: 'big.bin' });
        const answer = await next.expectOneOf(['offer', 'error'], {}, { why });
        next.socket.destroy();
        if (answer.type === 'offer') return;
        if (answer.code !== 'AT_CAPACITY') fail({ expected: 'an offer, or AT_CAPACITY while the stalled upload lasts', got: JSON.stringify(answer), why });
        if (attempt === 12) fail({ expected: 'an offer within 6 s of the stall', got: 'AT_CAPACITY every time', why });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
  },
  {
    id: 'failover.offline',
    step: 6,
    title: 'a holder that is offline: the download moves to the next holder',
    hint: 'a refused connection is a failed attempt: report it and try the next holder',
    timeoutMs: 20_000,
    run: (ctx) => failover(ctx, 'offline'),
  },
  {
    id: 'failover.at-capacity',
    step: 6,
    title: 'a holder at capacity: the download moves to the next holder',
    hint: 'an error answer to get (AT_CAPACITY) is a failed attempt: try the next holder',
    timeoutMs: 20_000,
    run: (ctx) => failover(ctx, 'at-capacity'),
  },
  {
    id: 'failover.dies',
    step: 6,
    title: 'a holder that dies mid-transfer: the partial file is dropped, the next holder is used',
    hint: 'the connection closing before the size is reached fails the attempt: delete the temporary file',
    timeoutMs: 20_000,
    run: (ctx) => failover(ctx, 'die-midway'),
  },
  {
    id: 'failover.corrupt',
    step: 6,
    title: 'a holder that sends corrupted data: file_bad, then the next holder',
    hint: 'a SHA-256 mismatch fails the attempt like any other failure',
    timeoutMs: 20_000,
    run: (ctx) => failover(ctx, 'corrupt'),
  },
];
