// Lab 01's checks of README steps 6 and 8: ending a chat with exit and a half-close, on either side
// and in either order, and noticing a peer that vanished without it.
import { withHint } from '../../engine/check-failure.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import type { ScriptedSocket } from '../../engine/scripted-socket.ts';
import type { StudentProgram } from '../../engine/student-program.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawChatText } from './chat-texts.ts';
import { chatWithConnectingPeer, chatWithListeningPeer } from './two-peers-harness.ts';

const HALF_CLOSE_WHY = 'exit stops your side only: a TCP half-close (FIN) says "I will send nothing more" and keeps receiving';
const BOTH_WHY = 'once both sides said exit the conversation is over and the program ends normally';

/** Lines that look like exit but are not the exact line (PROTOCOL §2.1): ordinary messages. */
const NEAR_EXITS = ['exit ', 'Exit', 'EXIT', 'exit\t', '\texit', 'exits', 'exit.', 'éxit'];

/** The grader says exit and FIN; the peer, which already said exit, must finish with closed and code 0. */
async function graderExitsLast(peer: StudentProgram, grader: ScriptedSocket): Promise<void> {
  grader.send('exit\n');
  grader.end();
  await peer.expectEvent('peer_exit', {}, { why: BOTH_WHY });
  await peer.expectEvent('closed', {}, { why: BOTH_WHY });
  await peer.expectExit(0, { why: BOTH_WHY });
}

export const exitChecks: CheckDefinition[] = [
  {
    id: 'exit.half-close',
    step: 6,
    title: 'typing exit sends "exit\\n" and FIN (and nothing typed after it); your peer still receives, then ends with closed',
    hint: 'socket.end("exit\\n") sends the line and then FIN; do not destroy the socket, and do not write to it after end(): the other side may still be talking',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      peer.type('exit');
      peer.type(drawChatText(ctx.random, { maxChars: 12 }) || 'too late');
      await grader.expectLine('exit', { why: HALF_CLOSE_WHY });
      await withHint('once you said exit, a typed line is not sent: tell the user with out.note (writing to a socket after end() is an error)', () =>
        grader.expectEnd({ why: `${HALF_CLOSE_WHY}; lines typed after exit are not sent (PROTOCOL §9.2)` }),
      );
      const text = drawChatText(ctx.random);
      grader.send(`${text}\n`);
      await peer.expectEvent('message', { text }, { why: HALF_CLOSE_WHY });
      await graderExitsLast(peer, grader);
    },
  },
  {
    id: 'exit.peer-exit',
    step: 6,
    title: "after the other peer's exit: a peer_exit event, nothing it sends after is shown, and you can still send",
    hint: "the line exit is the peer's goodbye; with allowHalfOpen: true Node does not close your side when the peer's FIN arrives",
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      const after = Array.from({ length: ctx.random.int(1, 3) }, () => drawChatText(ctx.random, { maxChars: 12 }));
      grader.send(['exit', ...after].map((line) => `${line}\n`).join(''), '(exit, then lines a peer must not send after it, in one write)');
      grader.end();
      const why = "the other peer's exit ends their direction only; yours stays open until you say exit";
      await peer.expectEvent('peer_exit', {}, { why });
      const text = drawChatText(ctx.random) || 'one more thing';
      peer.type(text);
      await grader.expectLine(text, { why });
      await withHint('remember that the peer said exit, and skip every line that comes after it', async () =>
        peer.expectNoEvent('message', 'PROTOCOL §2.1: nothing may follow exit, and a receiver ignores anything that does'),
      );
    },
  },
  {
    id: 'exit.both',
    step: 6,
    title: 'when both said exit: a closed event and exit code 0',
    hint: "when both directions are finished the socket emits 'close': that is the end of the chat",
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      grader.send('exit\n');
      grader.end();
      await peer.expectEvent('peer_exit', {}, { why: 'the other peer said exit' });
      peer.type('exit');
      await grader.expectLine('exit', { why: BOTH_WHY });
      await grader.expectEnd({ why: BOTH_WHY });
      await peer.expectEvent('closed', {}, { why: BOTH_WHY });
      await peer.expectExit(0, { why: BOTH_WHY });
    },
  },
  {
    id: 'exit.exact-line',
    step: 6,
    title: 'only the exact line exit ends a side: "exit\\r", " exit" and their kin are ordinary messages',
    hint: 'compare the whole line with "exit", byte for byte: no trimming, no other case, no "\\r" removed',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      const texts = ['exit\r', ' exit', ctx.random.pick(NEAR_EXITS)];
      grader.send(texts.map((text) => `${text}\n`).join(''), '(one write)');
      const why = 'PROTOCOL §2.1: the exact line exit means "I will send nothing more"; "exit\\r" and " exit" are ordinary text, and taking them for exit ends a chat nobody ended';
      for (const text of texts) await peer.expectEvent('message', { text }, { why });
      peer.expectNoEvent('peer_exit', why);
      grader.send('exit\n');
      await peer.expectEvent('peer_exit', {}, { why: 'and the exact line exit is the goodbye' });
    },
  },
  {
    id: 'exit.end-of-input',
    step: 6,
    title: 'the end of your input (Ctrl+D) says exit: "exit\\n", then FIN, and the chat ends as after a typed exit',
    hint: "readline emits 'close' when standard input ends: treat it as the user typing exit",
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      peer.closeInput();
      const why = 'PROTOCOL §9.2: the end of input ends your side like exit; a peer that ignores it leaves the other waiting for ever';
      await grader.expectLine('exit', { why });
      await grader.expectEnd({ why });
      const text = drawChatText(ctx.random);
      grader.send(`${text}\n`);
      await peer.expectEvent('message', { text }, { why: HALF_CLOSE_WHY });
      await graderExitsLast(peer, grader);
    },
  },
  {
    id: 'exit.connector',
    step: 6,
    title: "the connecting peer half-closes too: after the listener's exit it can still send, then its own exit ends the chat",
    hint: 'allowHalfOpen is an option of net.connect as well as of net.createServer; without it Node closes your side when the FIN arrives',
    async run(ctx) {
      const { peer, grader } = await chatWithConnectingPeer(ctx);
      const first = drawChatText(ctx.random);
      grader.send(`${first}\n`);
      await peer.expectEvent('message', { text: first }, { why: 'a normal message first' });
      grader.send('exit\n');
      grader.end();
      const why = "as in the README's demo: the listener says exit first, and the connector must still be able to say \"one more thing\"";
      await peer.expectEvent('peer_exit', {}, { why });
      const text = drawChatText(ctx.random) || 'one more thing';
      peer.type(text);
      await grader.expectLine(text, { why });
      peer.type('exit');
      await grader.expectLine('exit', { why: BOTH_WHY });
      await grader.expectEnd({ why: BOTH_WHY });
      await peer.expectEvent('closed', {}, { why: BOTH_WHY });
      await peer.expectExit(0, { why: BOTH_WHY });
    },
  },
  {
    id: 'vanish.no-exit',
    step: 8,
    title: 'FIN without exit, on the listening side and on the connecting side: peer_lost, exit code 1, no stack trace',
    hint: "the 'end' event without an exit line before it means the peer went away without saying goodbye",
    async run(ctx) {
      // Both sides run the same chat code, but each wires its own socket: a peer can get one right.
      for (const start of shuffled(ctx.random, [chatWithListeningPeer, chatWithConnectingPeer])) {
        const { peer, grader } = await start(ctx);
        for (let i = ctx.random.int(0, 2); i > 0; i -= 1) {
          const text = drawChatText(ctx.random);
          grader.send(`${text}\n`);
          await peer.expectEvent('message', { text }, { why: 'a normal message first' });
        }
        grader.end();
        const why = 'a peer can stop without saying exit (its program ended); the user must be told it is gone';
        await peer.expectEvent('peer_lost', {}, { why });
        await peer.expectExit(1, { why });
        peer.expectNoStackTrace(why);
      }
    },
  },
  {
    id: 'vanish.reset',
    step: 8,
    title: 'a reset connection, on the listening side and on the connecting side: peer_lost, exit code 1, no stack trace',
    hint: "without an 'error' listener on the chat socket, ECONNRESET is an uncaught exception; and a listener that was only meant for the dial must not outlive it",
    async run(ctx) {
      for (const start of shuffled(ctx.random, [chatWithListeningPeer, chatWithConnectingPeer])) {
        const { peer, grader } = await start(ctx);
        grader.send('about to vanish\n');
        await peer.expectEvent('message', { text: 'about to vanish' }, { why: 'a normal message first' });
        grader.reset();
        const why = 'networks fail: a reset must be reported in one line (peer_lost, not an error about connecting), never crash the program';
        await peer.expectEvent('peer_lost', {}, { why });
        await peer.expectExit(1, { why });
        peer.expectNoStackTrace(why);
      }
    },
  },
];
