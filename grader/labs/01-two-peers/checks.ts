// Lab 01's checks, one README step at a time. Each drives the student's peer as the other peer would,
// and explains what a failure means.
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { freePort } from '../../engine/scripted-socket.ts';
import { READY_TIMEOUT_MS } from '../../engine/student-program.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { chatWithListeningPeer, listeningPort, PEER_FILE } from './two-peers-harness.ts';

const FRAMING_WHY =
  'TCP delivers a stream of bytes: one data event can hold part of a line or several lines, so lines must be cut at "\\n", never at chunk edges';

export const twoPeersChecks: CheckDefinition[] = [
  {
    id: 'listen.ready',
    step: 1,
    title: 'listens, and its ready event names a port that accepts connections',
    hint: 'net.createServer(...).listen(port, host, callback); in the callback, server.address().port is the port the system chose for --listen 0',
    async run(ctx) {
      const peer = await ctx.start(PEER_FILE, ['--listen', '0'], 'your peer');
      const port = listeningPort(await peer.ready());
      await ctx.connect(port, 'the grader');
    },
  },
  {
    id: 'listen.connected',
    step: 1,
    title: 'reports the address of the peer that connected',
    hint: "the server's 'connection' event hands you the socket; socket.remoteAddress and socket.remotePort say who it is",
    async run(ctx) {
      const peer = await ctx.start(PEER_FILE, ['--listen', '0'], 'your peer');
      const grader = await ctx.connect(listeningPort(await peer.ready()), 'the grader');
      await peer.expectEvent('connected', { host: '127.0.0.1', port: grader.localPort }, { why: 'the connected event tells the user who is on the other end' });
    },
  },
  {
    id: 'connect.dials',
    step: 2,
    title: 'dials HOST:PORT and reports connected, then ready',
    hint: "net.connect({ host, port }) and wait for its 'connect' event before printing ready",
    async run(ctx) {
      const server = await ctx.listen();
      const peer = await ctx.start(PEER_FILE, ['--connect', `127.0.0.1:${server.port}`], 'your peer');
      await server.accept('the grader', { from: peer, why: 'with --connect your peer must dial the address it was given', timeoutMs: READY_TIMEOUT_MS });
      await peer.expectEvent('connected', { host: '127.0.0.1', port: server.port }, { why: 'the user should see who they are talking to' });
      await peer.expectEvent('ready', { mode: 'connect', host: '127.0.0.1', port: server.port }, { why: 'ready means "connected, you can talk to me now"' });
    },
  },
  {
    id: 'connect.refused',
    step: 2,
    title: 'when nobody listens: error CONNECT_FAILED, exit code 1, no stack trace',
    hint: "a failed dial arrives as an 'error' event on the socket: handle it, print the error event, exit with code 1",
    async run(ctx) {
      const port = await freePort();
      ctx.note(`nothing listens on 127.0.0.1:${port}`);
      const peer = await ctx.start(PEER_FILE, ['--connect', `127.0.0.1:${port}`], 'your peer');
      const why = 'an address where nobody listens is a normal situation for a network program, not a crash';
      await peer.expectEvent('error', { code: 'CONNECT_FAILED' }, { why });
      await peer.expectExit(1, { why });
      peer.expectNoStackTrace(why);
    },
  },
  {
    id: 'chat.receive',
    step: 3,
    title: 'prints each received line as a message event, in order',
    hint: "listen for the socket's 'data' events and emit one message event per line, without the \"\\n\"",
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      const why = 'every line the other peer sends is one message the user must see';
      for (const text of ['hello', 'how are you?']) {
        grader.send(`${text}\n`);
        await peer.expectEvent('message', { text }, { why });
      }
    },
  },
  {
    id: 'chat.send',
    step: 3,
    title: 'sends each typed line followed by "\\n"',
    hint: 'read standard input line by line (node:readline) and write each line plus "\\n" to the socket',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      const why = 'the other peer knows where a message ends only by its "\\n"';
      for (const text of ['hi there', 'a second line']) {
        peer.type(text);
        await grader.expectLine(text, { why });
      }
    },
  },
  {
    id: 'chat.both-ways',
    step: 3,
    title: 'sends and receives at the same time',
    hint: 'never wait for the user before reading the socket, or for the socket before reading the user: handle both with event listeners',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      const count = 20;
      for (let i = 1; i <= count; i += 1) {
        grader.send(`from the grader ${i}\n`);
        peer.type(`from you ${i}`);
      }
      const why = 'a chat program must not block one direction while it waits for the other';
      for (let i = 1; i <= count; i += 1) await peer.expectEvent('message', { text: `from the grader ${i}` }, { why });
      await grader.expectBytes(Array.from({ length: count }, (_, i) => `from you ${i + 1}\n`).join(''), { why });
    },
  },
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
      const texts = ['one', 'two', 'three', 'four', 'five'];
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
      for (const text of ['héllo wörld', 'waving 👋 and 你好 and ñandú']) {
        grader.send(`${text}\n`);
        await peer.expectEvent('message', { text }, { why });
      }
    },
  },
  {
    id: 'exit.half-close',
    step: 6,
    title: 'typing exit sends "exit\\n" and FIN, and your peer still receives after it',
    hint: 'socket.end("exit\\n") sends the line and then FIN; do not destroy the socket: the other side may still be talking',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      peer.type('exit');
      const why = 'exit stops your side only: a TCP half-close (FIN) says "I will send nothing more" and keeps receiving';
      await grader.expectLine('exit', { why });
      await grader.expectEnd({ why });
      grader.send('still here\n');
      await peer.expectEvent('message', { text: 'still here' }, { why });
    },
  },
  {
    id: 'exit.peer-exit',
    step: 6,
    title: "after the other peer's exit: a peer_exit event, and you can still send",
    hint: "the line exit is the peer's goodbye; with allowHalfOpen: true Node does not close your side when the peer's FIN arrives",
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      grader.send('exit\n');
      grader.end();
      const why = "the other peer's exit ends their direction only; yours stays open until you say exit";
      await peer.expectEvent('peer_exit', {}, { why });
      peer.type('one more thing');
      await grader.expectLine('one more thing', { why });
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
      const why = 'once both sides said exit the conversation is over and the program ends normally';
      await grader.expectLine('exit', { why });
      await grader.expectEnd({ why });
      await peer.expectEvent('closed', {}, { why });
      await peer.expectExit(0, { why });
    },
  },
  {
    id: 'limits.long-line',
    step: 7,
    title: `a line over ${MAX_LINE_BYTES} bytes: error LINE_TOO_LONG, connection closed, exit code 1`,
    hint: 'check the size of the unfinished line every time it grows, before storing more, and stop reading when it is over the limit',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      grader.send('x'.repeat(MAX_LINE_BYTES + 1), '(no "\\n")');
      const why = 'a peer that never sends "\\n" would make you buffer without end: memory is the limit, and that is an attack';
      await peer.expectEvent('error', { code: 'LINE_TOO_LONG' }, { why });
      await grader.expectClosedByPeer({ why });
      await peer.expectExit(1, { why });
      peer.expectNoEvent('message', 'nothing of an over-long line may be shown as a message');
    },
  },
  {
    id: 'limits.max-line-ok',
    step: 7,
    title: `a line of exactly ${MAX_LINE_BYTES} bytes is still accepted`,
    hint: `the limit counts the bytes of the line without its "\\n": ${MAX_LINE_BYTES} is allowed, ${MAX_LINE_BYTES + 1} is not`,
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      const longest = 'y'.repeat(MAX_LINE_BYTES);
      grader.send(`${longest}\n`, `(a line of exactly ${MAX_LINE_BYTES} bytes)`);
      const why = 'the protocol allows lines up to the limit; refusing one is an off-by-one error';
      await peer.expectEvent('message', { text: longest }, { why });
      grader.send('ok\n');
      await peer.expectEvent('message', { text: 'ok' }, { why });
    },
  },
  {
    id: 'vanish.no-exit',
    step: 8,
    title: 'FIN without exit: peer_lost, exit code 1, no stack trace',
    hint: "the 'end' event without an exit line before it means the peer went away without saying goodbye",
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      grader.send('see you\n');
      await peer.expectEvent('message', { text: 'see you' }, { why: 'a normal message first' });
      grader.end();
      const why = 'a peer can stop without saying exit (its program ended); the user must be told it is gone';
      await peer.expectEvent('peer_lost', {}, { why });
      await peer.expectExit(1, { why });
      peer.expectNoStackTrace(why);
    },
  },
  {
    id: 'vanish.reset',
    step: 8,
    title: 'a reset connection: peer_lost, exit code 1, no stack trace',
    hint: "without an 'error' listener on the socket, ECONNRESET is an uncaught exception that crashes the program",
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      grader.send('about to vanish\n');
      await peer.expectEvent('message', { text: 'about to vanish' }, { why: 'a normal message first' });
      grader.reset();
      const why = 'networks fail: a reset must be reported in one line, never crash the program';
      await peer.expectEvent('peer_lost', {}, { why });
      await peer.expectExit(1, { why });
      peer.expectNoStackTrace(why);
    },
  },
];
