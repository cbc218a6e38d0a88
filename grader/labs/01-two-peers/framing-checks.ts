// Lab 01's checks of README steps 4 and 5: lines cut out of a byte stream, whatever the chunks, and
// UTF-8 decoded only once a line is whole.
import { fileURLToPath } from 'node:url';
import { fail } from '../../engine/check-failure.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { median } from '../../engine/median.ts';
import { showText } from '../../engine/show-bytes.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { drawChatText } from './chat-texts.ts';
import { chatWithListeningPeer } from './two-peers-harness.ts';

const FRAMING_WHY =
  'TCP delivers a stream of bytes: one data event can hold part of a line or several lines, so lines must be cut at "\\n", never at chunk edges';

const COST_PROBE = fileURLToPath(new URL('./decoder-cost-probe.ts', import.meta.url));
/**
 * How much longer the long line may take than the short lines in the same pieces. A decoder that
 * does constant work per piece measures about 1 (up to 2 on a busy machine); one that copies the
 * whole unfinished line on every piece measures 10 and more. Both inputs are timed in the same
 * process, round after round, so a loaded machine slows both alike; the medians drop outliers.
 */
const COST_RATIO = 4;
/** Below this difference, timings are noise whatever their ratio. */
const COST_SLACK_MS = 15;

/** Bytes that are not UTF-8 (RFC 3629): a stray byte, cut sequences, an overlong form, a surrogate, past U+10FFFF. */
const INVALID_UTF8 = [[0xff], [0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x91], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]];

/** A receiver may replace an invalid sequence by one U+FFFD or by several: compare with runs collapsed. */
const collapseReplacements = (text: string) => text.replace(/\uFFFD+/g, '\uFFFD');

export const framingChecks: CheckDefinition[] = [
  {
    id: 'framing.split',
    step: 4,
    title: 'a line cut into 1-byte pieces arrives whole',
    hint: 'keep the bytes after the last "\\n" and put them in front of the next chunk; a line is complete only when its "\\n" arrives',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx, {
        upstream: { split: { min: 1, max: 1 } },
        description: 'it cuts every write into 1-byte pieces',
      });
      grader.send('hello world\n');
      grader.send('second line\n');
      await peer.expectEvent('message', { text: 'hello world' }, { why: FRAMING_WHY });
      await peer.expectEvent('message', { text: 'second line' }, { why: FRAMING_WHY });
    },
  },
  {
    id: 'framing.join',
    step: 4,
    title: 'several lines joined into one write arrive as separate messages',
    hint: 'one chunk can end several lines: return every complete line in it, not only the first',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx, {
        upstream: { join: { windowMs: 60 } },
        description: 'it joins everything sent within 60 ms into one write',
      });
      const texts = ['one', 'two', ...Array.from({ length: ctx.random.int(2, 6) }, () => drawChatText(ctx.random, { maxChars: 12 }))];
      for (const text of texts) grader.send(`${text}\n`);
      for (const text of texts) await peer.expectEvent('message', { text }, { why: FRAMING_WHY });
    },
  },
  {
    id: 'framing.random-split',
    step: 4,
    title: '200 lines cut at random points arrive whole and in order',
    hint: 'test your decoder with a line cut at every possible position, and with empty lines',
    timeoutMs: 20_000,
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx, {
        upstream: { split: { min: 1, max: 48 } },
        description: 'it cuts every write at random points (1 to 48 bytes a piece)',
      });
      const alphabet = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?';
      const texts = Array.from({ length: 200 }, () =>
        Array.from({ length: ctx.random.int(0, 60) }, () => ctx.random.pick([...alphabet])).join(''),
      );
      grader.send(texts.map((t) => `${t}\n`).join(''), '(200 lines in one write, some of them empty)');
      for (const text of texts) await peer.expectEvent('message', { text }, { why: FRAMING_WHY });
    },
  },
  {
    id: 'framing.text-as-is',
    step: 4,
    title: 'every byte before "\\n" is the message: "\\r", spaces, tabs and empty lines are kept',
    hint: 'cut at "\\n" only and change nothing else: "hi\\r\\n" is the message "hi\\r", and a line of spaces is a message of spaces',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx, {
        upstream: { split: { min: 1, max: 5 } },
        description: 'it cuts every write into pieces of 1 to 5 bytes, also between "\\r" and "\\n"',
      });
      const word = () => drawChatText(ctx.random, { maxChars: 10, asciiOnly: true }) || 'hi';
      const blank = Array.from({ length: ctx.random.int(1, 4) }, () => ctx.random.pick([' ', '\t', '\r'])).join('');
      const texts = shuffled(ctx.random, [
        `${word()}\r`,
        '',
        blank,
        `${ctx.random.pick([' ', '  ', '\t'])}${word()}${ctx.random.pick([' ', '\t', ' \t'])}`,
        '\r',
        `${word()}\r${word()}`,
      ]);
      grader.send(texts.map((t) => `${t}\n`).join(''), '(one write; the proxy cuts it)');
      const why = 'PROTOCOL §2.1: the message is everything before "\\n", "\\r" included ("hi\\r\\n" is "hi\\r"), and an empty line is a valid message';
      for (const text of texts) await peer.expectEvent('message', { text }, { why });
    },
  },
  {
    id: 'framing.cost',
    step: 4,
    title: 'a line of 65536 bytes in 1- to 3-byte pieces costs about as much as short lines in the same pieces',
    hint: 'keep the pieces of the unfinished line in a list and join them once, when the "\\n" arrives; search only the new piece for "\\n"',
    hints: [
      'Buffer.concat copies every byte it is given: joining the whole unfinished line with each new piece copies it again and again',
      'with n pieces that is 1 + 2 + … + n piece-lengths of copying: the cost grows with the square of the line',
    ],
    timeoutMs: 30_000,
    async run(ctx) {
      const probe = await ctx.start(COST_PROBE, [ctx.labFile('line-decoder.ts'), String(ctx.random.int(1, 2 ** 31 - 1))], "the grader's timing probe of your LineDecoder");
      await probe.ready();
      await probe.expectEnd({ timeoutMs: 25_000, why: 'the probe times your decoder for a few seconds at most' });
      const why = 'a line arrives in as many pieces as the network likes: a decoder whose work per piece grows with the line already held does quadratic work, and a peer trickling a long line can keep the event loop busy';
      const outcome = probe.events.find((event) => event.event === 'rounds' || event.event === 'problem');
      if (!outcome) fail({ expected: 'the probe to report its timings', got: `nothing; ${probe.state()}`, why: 'the probe loads line-decoder.ts and calls push(): it must load and return' });
      if (outcome.event === 'problem') fail({ expected: 'push() to return the lines of the pieces, quickly', got: String(outcome.what), why });
      const long = outcome.long as number[];
      const short = outcome.short as number[];
      const longMs = median(long);
      const shortMs = median(short);
      ctx.note(`the probe cut the same bytes into ${String(outcome.pieces)} pieces: one line took ${longMs} ms, short lines ${shortMs} ms (medians)`, [`one line: ${long.join(', ')} ms`, `short lines: ${short.join(', ')} ms`]);
      if (longMs > COST_RATIO * shortMs + COST_SLACK_MS) {
        fail({
          expected: `one line of 65536 bytes to take at most ${COST_RATIO} times as long as the same pieces holding short lines`,
          got: `${longMs} ms against ${shortMs} ms (${(longMs / shortMs).toFixed(1)} times as long; medians of ${long.length} rounds)`,
          why,
        });
      }
    },
  },
  {
    id: 'utf8.split-char',
    step: 5,
    title: 'characters of several bytes cut across pieces arrive intact',
    hint: 'decode a line only once all its bytes are there: split the bytes at 0x0A first, then turn each whole line into a string',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx, {
        upstream: { split: { min: 1, max: 1 } },
        description: 'it cuts every write into 1-byte pieces, so multi-byte characters are cut in the middle',
      });
      const why = 'UTF-8 writes é in 2 bytes and 👋 in 4; a piece that ends inside a character cannot be decoded on its own';
      const drawn = drawChatText(ctx.random, { maxChars: 24 });
      for (const text of ['héllo wörld', 'waving 👋 and 你好 and ñandú', drawn]) {
        grader.send(`${text}\n`);
        await peer.expectEvent('message', { text }, { why });
      }
    },
  },
  {
    id: 'utf8.invalid-bytes',
    step: 5,
    title: 'bytes that are not UTF-8 arrive as U+FFFD (�), and the chat goes on',
    hint: "buf.toString('utf8') replaces what is not UTF-8 by U+FFFD and never throws; a decoder that throws on bad input hands a stranger the off switch",
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx, {
        upstream: { split: { min: 1, max: 3 } },
        description: 'it cuts every write into pieces of 1 to 3 bytes',
      });
      const why = 'PROTOCOL §1: a receiver decodes invalid sequences to U+FFFD and carries on; it never fails on them';
      const lines = [0, 1].map(() => {
        const head = Buffer.from(ctx.random.pick(['', 'caf', 'abc ', '👋']));
        const tail = Buffer.from(ctx.random.pick(['', 'é', ' end', 'x']));
        return Buffer.concat([head, Buffer.from(ctx.random.pick(INVALID_UTF8)), tail]);
      });
      grader.send(Buffer.concat([...lines.flatMap((line) => [line, Buffer.from('\n')]), Buffer.from('still here\n')]), '(one write)');
      for (const line of lines) {
        const want = line.toString('utf8');
        const event = await peer.expectEvent('message', {}, { why });
        if (typeof event.text !== 'string' || collapseReplacements(event.text) !== collapseReplacements(want)) {
          fail({ expected: `the message ${showText(want)} (U+FFFD where the bytes are not UTF-8)`, got: JSON.stringify(event), why });
        }
      }
      await peer.expectEvent('message', { text: 'still here' }, { why });
    },
  },
];
