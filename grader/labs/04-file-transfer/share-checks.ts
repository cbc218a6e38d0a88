// Lab 04's check of what a holder shares (README steps 4 and 5, PROTOCOL §9.4 --shared: "regular files
// directly inside, with safe names"): a link to a file outside the folder, a folder, a named pipe and
// files with unsafe names sit in --shared; none may be announced, and none may be served.
import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isSafeFileName } from '#kit/protocol/messages.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { JsonParty, type Message } from '../../engine/json-party.ts';
import type { Random } from '../../engine/seeded-random.ts';
import { showText } from '../../engine/show-bytes.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { receiveDataFrames, seededBytes, sha256, startFilePeer } from './file-harness.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawHostileNames, drawMark } from './hostile-names.ts';

/** Something in --shared that is not a regular file with a safe name, and what a get for it must get. */
interface NotShared {
  name: string;
  what: string;
  refusal: 'NO_SUCH_FILE' | 'BAD_NAME';
}

const SHARED_WHY = 'only the regular files directly inside --shared, with safe names, are shared (PROTOCOL §9.4): anything else could hand out a file from elsewhere on the disk, or hang the peer';

/** Names a file on this system may have, but that are not safe (§1): none of them may be shared. */
function unsafeNames(random: Random, mark: string): string[] {
  const creatable = drawHostileNames(random, { mark, climb: 2, absoluteDir: '/x' })
    .map((h) => h.name)
    .filter((name) => !isSafeFileName(name) && !/[/\u0000]|[\ud800-\udfff]/.test(name) && Buffer.byteLength(name) <= 255 && name !== '.' && name !== '..');
  const picked = new Set<string>();
  while (picked.size < 2 && creatable.length > 0) picked.add(creatable.splice(random.int(0, creatable.length - 1), 1)[0]!);
  return [...picked];
}

/** Reads share messages (one, or one and appends) until `count` files are announced. */
async function announced(tracker: JsonParty, count: number): Promise<Message[]> {
  let files: Message[] = [];
  for (let messages = 0; messages < 20; messages += 1) {
    const share = await tracker.expect('share', {}, { why: `after login a peer announces its --shared folder; ${SHARED_WHY}`, skip: NOISE });
    const list = Array.isArray(share.files) ? (share.files as Message[]) : [];
    files = share.append === true ? [...files, ...list] : list;
    reply(tracker, share, { type: 'shared', count: files.length });
    if (files.length >= count) break;
  }
  return files;
}

async function mkfifo(path: string): Promise<boolean> {
  return promisify(execFile)('mkfifo', [path]).then(() => true, () => false);
}

async function getOnce(ctx: CheckContext, port: number, name: string, label: string): Promise<{ party: JsonParty; answer: Message }> {
  const party = new JsonParty(await ctx.connect(port, label), 'peer-to-peer');
  party.send({ type: 'get', xfer: `g${ctx.random.int(1, 99_999)}`, name });
  return { party, answer: await party.expectOneOf(['offer', 'error'], {}, { why: SHARED_WHY, skip: NOISE }) };
}

export const shareChecks: CheckDefinition[] = [
  {
    id: 'share.regular-only',
    // Step 5: what is announced is step 4's readSharedFolder, but the gets are served by step 5's Uploads.
    step: 5,
    title: 'a link to a file outside --shared, a folder, a named pipe and unsafe names are neither announced nor served',
    hint: 'list the folder with lstat (a symbolic link is not followed), keep only regular files whose names pass isSafeFileName, and serve only what that list holds',
    hints: ['stat follows a link to wherever it points; lstat describes the link itself. A named pipe (FIFO) is not a regular file either: reading it to hash it waits forever'],
    timeoutMs: 20_000,
    async run(ctx) {
      const mark = drawMark(ctx.random);
      const regular: Record<string, Buffer> = {};
      for (let i = ctx.random.int(1, 3); i > 0; i -= 1) {
        regular[`${ctx.random.pick(['notes', 'photo', 'résumé', 'data 2025', '日記'])}-${i}-${mark}${ctx.random.pick(['.txt', '.bin', ''])}`] = seededBytes(ctx, ctx.random.pick([0, 1, ctx.random.int(2, 300_000)]));
      }
      const unsafe = unsafeNames(ctx.random, mark);
      const notShared: NotShared[] = [
        { name: `link-${mark}.txt`, what: 'a symbolic link to a file outside the shared folder', refusal: 'NO_SUCH_FILE' },
        { name: `folder-${mark}`, what: 'a folder (with a file inside)', refusal: 'NO_SUCH_FILE' },
        ...unsafe.map((name): NotShared => ({ name, what: 'a regular file whose name is not safe', refusal: 'BAD_NAME' })),
      ];
      const run = await startFilePeer(ctx, regular, [], {
        answerShares: false,
        prepare: async ({ base, shared }) => {
          await mkdir(join(base, 'outside'));
          await writeFile(join(base, 'outside', `secret-${mark}.txt`), `not yours to share ${mark}`);
          await symlink(join(base, 'outside', `secret-${mark}.txt`), join(shared, `link-${mark}.txt`));
          await mkdir(join(shared, `folder-${mark}`));
          await writeFile(join(shared, `folder-${mark}`, 'inside.txt'), 'in a folder');
          for (const name of unsafe) await writeFile(join(shared, name), `unsafe ${mark}`);
          if (await mkfifo(join(shared, `pipe-${mark}`))) notShared.push({ name: `pipe-${mark}`, what: 'a named pipe (FIFO)', refusal: 'NO_SUCH_FILE' });
        },
      });
      ctx.note(`--shared holds ${Object.keys(regular).length} regular file(s) with safe names, and ${notShared.length} things that must not be shared`, [
        ...Object.entries(regular).map(([name, bytes]) => `regular file ${showText(name)} (${bytes.length} bytes)`),
        ...notShared.map((entry) => `${entry.what}: ${showText(entry.name)}`),
      ]);
      const want = Object.entries(regular).map(([name, bytes]) => ({ name, size: bytes.length, sha256: sha256(bytes) }));
      const got = await announced(run.tracker, want.length);
      const extra = got.filter((file) => !want.some((w) => w.name === file.name));
      if (extra.length > 0) {
        const describe = (file: Message) => `${showText(String(file.name))}, ${notShared.find((n) => n.name === file.name)?.what ?? 'not in the folder at all'}`;
        fail({ expected: `share to list only ${want.map((w) => showText(w.name)).join(', ')}`, got: `it also lists ${extra.map(describe).join('; ')}`, why: SHARED_WHY });
      }
      const sorted = (files: Message[]) => JSON.stringify([...files].map((f) => ({ name: f.name, size: f.size, sha256: f.sha256 })).sort((a, b) => String(a.name).localeCompare(String(b.name))));
      if (sorted(got) !== sorted(want)) fail({ expected: `share with ${JSON.stringify(want)}`, got: JSON.stringify(got), why: 'each regular file is announced with its size and SHA-256' });
      const probes = shuffled(ctx.random, [...notShared, ...Object.keys(regular).map((name) => ({ name, what: 'a shared file', refusal: undefined }))]);
      for (const [i, probe] of probes.entries()) {
        const { party, answer } = await getOnce(ctx, run.port, probe.name, `downloader ${i + 1}`);
        if (probe.refusal === undefined) {
          const bytes = regular[probe.name]!;
          if (answer.type !== 'offer' || answer.size !== bytes.length || answer.sha256 !== sha256(bytes)) fail({ expected: `an offer of ${showText(probe.name)} with its size and SHA-256`, got: JSON.stringify(answer), why: 'a shared file is served to whoever asks' });
          const received = await receiveDataFrames(party, String(answer.xfer), bytes.length, 'the offer is followed by the file\'s bytes');
          if (!received.equals(bytes)) fail({ expected: `the ${bytes.length} bytes of ${showText(probe.name)}`, got: `${received.length} other bytes`, why: 'a download delivers the shared file' });
          party.send({ type: 'file_ok', xfer: answer.xfer, sha256: sha256(bytes) });
        } else if (answer.type !== 'error' || answer.code !== probe.refusal) {
          fail({ expected: `error ${probe.refusal} for a get of ${probe.what}, ${showText(probe.name)}`, got: JSON.stringify(answer), why: `${SHARED_WHY}; a holder serves only what it announced, and answers BAD_NAME for an unsafe name` });
        }
        party.socket.destroy();
      }
    },
  },
];
