// Lab 04's check of the other half of PROTOCOL §1 "Safe file names": a name that is already safe is
// reduced to itself, so it is accepted and saved under exactly that name, byte for byte. Drawn from
// the whole space of safe names: accents composed and decomposed (NFC and NFD are different names),
// characters of 2, 3 and 4 bytes, emoji sequences, inner spaces and dots, and every punctuation mark
// that is not forbidden.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSafeFileName } from '#kit/protocol/messages.ts';
import { fail } from '../../engine/check-failure.ts';
import { showText } from '../../engine/show-bytes.ts';
import type { Random } from '../../engine/seeded-random.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE } from '../03-roster-and-direct/peer-harness.ts';
import { inSession, sendDataFrames, sha256 } from './file-harness.ts';

// Every printable ASCII mark outside / \ < > : " | ? * (and not a dot or space at either end).
const PUNCTUATION = [...`!#$%&'()+,;=@[]^_\`{}~-`];
const PARTS: Array<(random: Random) => string> = [
  (random) => random.pick(['café', 'naïve', 'Ærø', 'straße', 'Đorđe']), // composed (NFC)
  (random) => random.pick(['café', 'naïve', 'résumé']).normalize('NFD'), // decomposed: other bytes, another name
  (random) => random.pick(['報告', 'заметки', 'ملاحظات', 'नोट्स', '메모']),
  (random) => random.pick(['🙂', '👩‍💻', '🇳🇴', '𝄞', '𠜎']), // 4-byte characters, a ZWJ sequence, a flag
  (random) => `${random.pick(['two', 'Mixed', 'CAPS'])} ${random.pick(['words', 'Case', 'x'])}`,
  (random) => Array.from({ length: random.int(1, 3) }, () => random.pick(PUNCTUATION)).join(''),
  (random) => random.pick(['v1.2.3', 'a.b', 'tar.gz']),
];

/** One name per kind of part, in a drawn order, each with up to two more parts of any kind. */
function drawSafeNames(random: Random): string[] {
  return shuffled(random, PARTS).map((part, i) => {
    const parts = shuffled(random, [part(random), ...Array.from({ length: random.int(0, 2) }, () => random.pick(PARTS)(random))]);
    return `${i + 1}-${parts.join(random.pick(['', ' ', '-', '_']))}${random.pick(['.txt', '.md', '', '.tar.gz'])}`;
  });
}

export const keptNameChecks: CheckDefinition[] = [
  {
    id: 'names.safe-kept',
    step: 2,
    title: 'a name that is already safe (any script, emoji, NFD accents, punctuation) is accepted and saved exactly as offered',
    hint: 'reduce only what is unsafe: a safe name reduces to itself. Never normalise Unicode, change case, or replace characters that are allowed',
    hints: ['café in NFC and café in NFD are two different names of different bytes; the downloads folder must show the one that was offered'],
    timeoutMs: 20_000,
    async run(ctx) {
      const { run, carol } = await inSession(ctx);
      const names = drawSafeNames(ctx.random);
      for (const name of names) if (!isSafeFileName(name)) throw new Error(`the grader drew an unsafe name: ${showText(name)}`);
      ctx.note(`carol offers ${names.length} files whose names are already safe (PROTOCOL §1)`, names.map(showText));
      const why = 'PROTOCOL §1: a receiver reduces a name to a safe one; a name that is already safe reduces to itself, so it is kept byte for byte';
      for (const [i, name] of names.entries()) {
        const xfer = `x-k${i}`;
        const bytes = Buffer.from(`file ${i}: ${name}`);
        carol.party.send({ type: 'offer', xfer, name, size: bytes.length, sha256: sha256(bytes) });
        await carol.party.expect('accept', { xfer }, { why: `${why} (${showText(name)})`, skip: NOISE });
        await sendDataFrames(carol.party, xfer, bytes);
        await carol.party.expect('file_ok', { xfer }, { why, skip: NOISE });
        const saved = await readFile(join(run.downloads, name)).catch(() => undefined);
        if (!saved?.equals(bytes)) {
          const there = (await readdir(run.downloads).catch(() => [] as string[])).map(showText).join(', ');
          fail({ expected: `the file saved as ${showText(name)} (${Buffer.byteLength(name)} bytes of UTF-8)`, got: there ? `the downloads folder holds ${there}` : 'an empty downloads folder', why });
        }
      }
    },
  },
];
