// Lab 01's checks of README step 7: the line limit, counted in bytes, whatever the chunks, on the
// receiving side and on the sending side.
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { withHint } from '../../engine/check-failure.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { drawChatText, drawTextOfBytes } from './chat-texts.ts';
import { chatWithListeningPeer } from './two-peers-harness.ts';

const TOO_LONG_WHY = 'a peer that never sends "\\n" would make you buffer without end: memory is the limit, and that is an attack';

export const limitChecks: CheckDefinition[] = [
  {
    id: 'limits.long-line',
    step: 7,
    title: `a line over ${MAX_LINE_BYTES} bytes: error LINE_TOO_LONG, connection closed, exit code 1`,
    hint: 'check the size of the unfinished line every time it grows, before storing more, and stop reading when it is over the limit',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      grader.send('x'.repeat(MAX_LINE_BYTES + 1), '(no "\\n")');
      const why = TOO_LONG_WHY;
      await peer.expectEvent('error', { code: 'LINE_TOO_LONG' }, { why });
      await grader.expectClosedByPeer({ why });
      await peer.expectExit(1, { why });
      peer.expectNoEvent('message', 'nothing of an over-long line may be shown as a message');
    },
  },
  {
    id: 'limits.max-line-ok',
    step: 7,
    title: `a line of exactly ${MAX_LINE_BYTES} bytes (of characters of 1 to 4 bytes) is still accepted, and so is the line after it`,
    hint: `the limit counts the bytes of the line without its "\\n": ${MAX_LINE_BYTES} is allowed, ${MAX_LINE_BYTES + 1} is not; and only the bytes of the unfinished line count, not those after its "\\n"`,
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx, {
        upstream: { split: { min: 500, max: 6000 } },
        description: 'it cuts every write into pieces of 500 to 6000 bytes, wherever they fall',
      });
      const longest = drawTextOfBytes(ctx.random, MAX_LINE_BYTES);
      const next = drawChatText(ctx.random) || 'ok';
      grader.send(`${longest}\n${next}\n`, `(a line of exactly ${MAX_LINE_BYTES} bytes, ${[...longest].length} characters, and the next line, in one write)`);
      const why = 'the protocol allows lines up to the limit; refusing one is an off-by-one error, or counting bytes that belong to the next line';
      await peer.expectEvent('message', { text: longest }, { why });
      await withHint('a chunk can hold the end of a long line and the start of the next: count only the bytes before each "\\n" against the line they belong to', () =>
        peer.expectEvent('message', { text: next }, { why }),
      );
    },
  },
  {
    id: 'limits.complete-line',
    step: 7,
    title: `a whole line of ${MAX_LINE_BYTES + 1} bytes, completed by its "\\n" in the same piece, is refused too (bytes, not characters)`,
    hint: 'the limit holds for every line, also one whose "\\n" arrives in the same chunk as its last bytes; count bytes, since é is 2 of them',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      const before = Array.from({ length: ctx.random.int(1, 3) }, () => drawChatText(ctx.random, { maxChars: 20 }) || 'hi');
      const tooLong = drawTextOfBytes(ctx.random, MAX_LINE_BYTES + 1);
      grader.send(
        `${before.map((text) => `${text}\n`).join('')}${tooLong}\n`,
        `(${before.length} short line(s), then a line of ${MAX_LINE_BYTES + 1} bytes but only ${[...tooLong].length} characters, with its "\\n", in one write: the kernel hands it over in chunks of at most 64 KiB, so its "\\n" comes with its last bytes)`,
      );
      for (const text of before) await peer.expectEvent('message', { text }, { why: 'the short lines first' });
      await peer.expectEvent('error', { code: 'LINE_TOO_LONG' }, { why: `PROTOCOL §2: no line may hold more than ${MAX_LINE_BYTES} bytes, whether or not its "\\n" has come; a limit checked only on the unfinished tail, or in characters, lets it through` });
      await grader.expectClosedByPeer({ why: TOO_LONG_WHY });
      await peer.expectExit(1, { why: TOO_LONG_WHY });
      peer.expectNoEvent('message', 'nothing of an over-long line may be shown as a message');
    },
  },
  {
    id: 'limits.sender',
    step: 7,
    title: `a typed line over ${MAX_LINE_BYTES} bytes is not sent; one of exactly ${MAX_LINE_BYTES} bytes is`,
    hint: 'before sending a typed line, count its bytes (Buffer.byteLength), not its characters; skip it with a note when it is over the limit',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      const tooLong = drawTextOfBytes(ctx.random, MAX_LINE_BYTES + ctx.random.int(1, 3));
      const longest = drawTextOfBytes(ctx.random, MAX_LINE_BYTES);
      const last = drawChatText(ctx.random) || 'bye for now';
      for (const text of [tooLong, longest, last]) peer.type(text);
      const why = `PROTOCOL §2: a sender MUST NOT send a line longer than ${MAX_LINE_BYTES} bytes (the other peer would close the chat), and a line of exactly ${MAX_LINE_BYTES} is allowed`;
      await grader.expectLine(longest, { why });
      await grader.expectLine(last, { why });
    },
  },
];
