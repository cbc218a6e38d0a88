// Lab 04's checks of received file names (README steps 2 and 5, PROTOCOL §1 "Safe file names"), both
// ways a name arrives: in a session's offer (step 2), and in a /get (step 5: the name asked, echoed by
// the tracker's holders and by the holder's offer). Each run draws names from every family of the
// hostile space, and the grader looks at its whole temporary folder afterwards, not at one path.
import { join } from 'node:path';
import { fail } from '../../engine/check-failure.ts';
import type { Message } from '../../engine/json-party.ts';
import { showText } from '../../engine/show-bytes.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { inSession, sendDataFrames, sha256, startFilePeer } from './file-harness.ts';
import { auditDownloads, listTree } from './folder-audit.ts';
import { drawHostileNames, drawMark, type HostileName } from './hostile-names.ts';
import { HolderServer } from './holder-server.ts';
import { untilEachNameEnds } from './peer-outcomes.ts';

// The downloads folder sits 4 folders below the grader's folder: 5 times ".." reach the grader's
// folder, so a name that climbs lands where the grader looks.
const CLIMB = 5;
const SAFE_WHY = 'a file name comes from someone else: it must never decide where on your disk bytes go';

function describeNames(names: HostileName[]): string[] {
  return names.map(({ family, name }) => `${family}: ${showText(name)}`);
}

export const nameChecks: CheckDefinition[] = [
  {
    id: 'names.hostile',
    step: 2,
    title: 'hostile names offered in a session (climbing, absolute, look-alike, device, control, too long) never leave the downloads folder',
    hint: 'keep only the last part of the name (split on / and \\), drop control characters, replace the forbidden ones, strip dots and spaces at the ends, put _ before a device name, shorten it; then test the result with isSafeFileName and decline BAD_NAME when nothing safe is left',
    hints: [
      'the grader looks at its whole folder afterwards: a name like a/../../x escapes even though it does not start with ..',
      'never decode, normalise or otherwise transform a name after you made it safe: %2e%2e%2f and ．．／ become ../ only if something turns them into it',
      'two offers may reduce to the same safe name, and a 255-byte name leaves no room for "-1": both files must be kept, so shorten the name before you number it',
    ],
    timeoutMs: 20_000,
    async run(ctx) {
      const { run, carol } = await inSession(ctx, [], {}, { nest: CLIMB - 1 });
      const mark = drawMark(ctx.random);
      const names = drawHostileNames(ctx.random, { mark, climb: CLIMB, absoluteDir: join(run.base, 'n1') });
      ctx.note(`carol will offer ${names.length} files, one or two names from every family of hostile names`, describeNames(names));
      const before = await listTree(run.base);
      const verified: Buffer[] = [];
      for (const [i, { family, name, overLong }] of names.entries()) {
        const xfer = `x-h${i}`;
        const bytes = Buffer.from(`payload ${i} of run ${mark}`);
        const why = `${SAFE_WHY} (${family}: ${showText(name)})`;
        carol.party.send({ type: 'offer', xfer, name, size: bytes.length, sha256: sha256(bytes) });
        const answer = await carol.party.expectOneOf(['accept', 'decline', 'error'], {}, { why, skip: NOISE });
        if (answer.type === 'error') {
          if (overLong && answer.code === 'BAD_MESSAGE') continue;
          fail({ expected: `accept or decline {"xfer":"${xfer}"}`, got: JSON.stringify(answer), why: `${why}: an offer with a name is valid; refuse the name with decline BAD_NAME` });
        }
        if (answer.xfer !== xfer) fail({ expected: `the answer to carry "xfer":"${xfer}"`, got: JSON.stringify(answer), why: 'accept and decline name the transfer they answer' });
        if (answer.type === 'decline') {
          if (answer.reason !== 'BAD_NAME') fail({ expected: 'decline with reason BAD_NAME, or accept', got: JSON.stringify(answer), why: `${why}: nothing else is wrong with this small offer` });
          continue;
        }
        if (overLong) fail({ expected: 'decline BAD_NAME (or error BAD_MESSAGE)', got: JSON.stringify(answer), why: `${why}: a name over 255 bytes is no file name on any common system` });
        await sendDataFrames(carol.party, xfer, bytes);
        await carol.party.expect('file_ok', { xfer }, { why: `${why}: an accepted offer ends with the file verified and saved under a safe name inside the downloads folder`, skip: NOISE });
        verified.push(bytes);
      }
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified, why: SAFE_WHY });
    },
  },
  {
    id: 'names.hostile-get',
    // Step 5: the name typed in /get is saved by step 5's Downloads (with step 2's safeReceivedName).
    step: 5,
    title: 'hostile names asked for with /get are never saved outside the downloads folder, nor under an unsafe name',
    hint: 'a /get name is sent to the tracker and comes back in holders and in the holder\'s offer: save the download under a safe form of it (or refuse it), exactly as an offer in a session',
    hints: ['the same safeReceivedName that guards offers in a session must guard the name a download is saved under: the holder and the tracker echo whatever name was asked'],
    timeoutMs: 25_000,
    async run(ctx) {
      const run = await startFilePeer(ctx, {}, [], { nest: CLIMB - 1 });
      const mark = drawMark(ctx.random);
      const hostile = drawHostileNames(ctx.random, { mark, climb: CLIMB, absoluteDir: join(run.base, 'n1'), typed: true });
      const plain = `plain-${mark}.txt`;
      const typed = [...new Set(hostile.map((h) => h.name))];
      typed.splice(ctx.random.int(0, typed.length), 0, plain);
      ctx.note(`your peer will be asked for ${typed.length} files: ${plain}, and one or two names from every family of hostile names`, describeNames(hostile));
      const before = await listTree(run.base);
      const files = new Map<string, Buffer>();
      const why = `${SAFE_WHY}: the name typed comes back from the tracker and from the holder`;
      const holders = await HolderServer.start(ctx, (i) => (i < 0 ? 'the holders (played by the grader)' : `holder connection ${i + 1}`), async (party) => {
        const get = await party.expect('get', {}, { why: 'a download connection starts with get', skip: NOISE });
        const bytes = files.get(String(get.name));
        if (!bytes) return reply(party, get, { type: 'error', code: 'NO_SUCH_FILE', message: 'not asked for in whohas', re: 'get' });
        reply(party, get, { type: 'offer', xfer: get.xfer, name: get.name, size: bytes.length, sha256: sha256(bytes) });
        await sendDataFrames(party, String(get.xfer), bytes);
      });
      run.peer.type(`/get ${typed.join(', ')}`);
      const whohas = await run.tracker.expect('whohas', {}, { why: '/get asks the tracker who holds the files', skip: NOISE });
      const asked = Array.isArray(whohas.names) ? (whohas.names as string[]) : [];
      if (!asked.includes(plain)) fail({ expected: `whohas to ask for ${plain}`, got: JSON.stringify(whohas), why: 'a plain name typed in /get is asked for as it is' });
      asked.forEach((name, i) => files.set(name, Buffer.from(`file ${i} of run ${mark}`)));
      reply(run.tracker, whohas, {
        type: 'holders',
        files: asked.map((name, i): Message => ({ name, holders: [{ username: `holder${i + 1}`, host: '127.0.0.1', port: holders.port, size: files.get(name)!.length, sha256: sha256(files.get(name)!) }] })),
      });
      ctx.note('the tracker (played by the grader) lists a holder for every name asked, as a tracker that does not check names would');
      const outcomes = await untilEachNameEnds(ctx, run.peer, asked, holders, 20_000);
      await holders.settle();
      if (!outcomes.get(plain)) fail({ expected: `${plain} downloaded (download_attempt ok true)`, got: JSON.stringify(run.peer.events.filter((e) => e.name === plain)), why: 'a plain name is downloaded like any other' });
      const verified = asked.filter((name) => outcomes.get(name)).map((name) => files.get(name)!);
      await auditDownloads(ctx, { root: run.base, downloads: run.downloads, before, verified, why });
    },
  },
];
