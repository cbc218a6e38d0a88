// Lab 01's checks of README steps 1–3: listening, dialling, and talking both ways at once.
import net from 'node:net';
import { fail, withHint } from '../../engine/check-failure.ts';
import { freePort } from '../../engine/scripted-socket.ts';
import type { CheckContext } from '../../engine/check-context.ts';
import type { StudentProgram } from '../../engine/student-program.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawChatText } from './chat-texts.ts';
import { chatWithListeningPeer, dialFromPeer, expectOrder, expectRefused, listeningPort, PEER_FILE } from './two-peers-harness.ts';

const LISTEN_FAILED_WHY = 'a port that is taken or an address that is not this machine\'s is a normal situation: say so in one line and exit 1, never crash';

/** An address from the documentation ranges (RFC 5737): never one of this machine's. */
function foreignAddress(ctx: CheckContext): string {
  return `${ctx.random.pick(['192.0.2', '198.51.100', '203.0.113'])}.${ctx.random.int(1, 254)}`;
}

/** True when this machine cannot listen on `host` (where the grader itself can, that half is skipped). */
async function cannotListenOn(host: string): Promise<boolean> {
  const server = net.createServer();
  const failed = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(true));
    server.listen(0, host, () => resolve(false));
  });
  server.close();
  return failed;
}

export const connectionChecks: CheckDefinition[] = [
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
    id: 'listen.one-peer',
    step: 1,
    title: 'after the first peer it stops listening: a third program is refused, and the first connection stays open',
    hint: 'a two-peer chat needs its listening socket only until the peer arrives; closing the server does not close the connection it accepted',
    async run(ctx) {
      const { grader, port } = await chatWithListeningPeer(ctx);
      await expectRefused(ctx, port, 'a third program', 'this chat has room for two: a port left open lets anyone else connect and be ignored (PROTOCOL §9.2: accepts exactly one peer, then stops listening)');
      // Step 1 has no chat yet (that is step 3, graded by chat.*): the accepted connection must simply stay.
      await ctx.waitOut(ctx.random.int(300, 600), 'the accepted connection is watched a while after the refusal');
      if (grader.ended || grader.closed || grader.errorCode) {
        fail({
          expected: 'the connection your peer accepted first to stay open',
          got: grader.errorCode ? `it was reset (${grader.errorCode})` : 'your peer closed it (FIN)',
          why: 'closing the listening socket must not close the connection it accepted: that is the chat',
        });
      }
    },
  },
  {
    id: 'listen.failed',
    step: 1,
    title: 'cannot listen (the port is taken, or --host is not this machine): error LISTEN_FAILED, exit code 1',
    hint: "listening fails through the server's 'error' event, not an exception: handle it, print the error event, exit with code 1",
    async run(ctx) {
      const holder = await ctx.listen();
      ctx.note(`the grader holds 127.0.0.1:${holder.port}, so it is taken`);
      const taken = await ctx.start(PEER_FILE, ['--listen', String(holder.port)], 'your peer on a taken port');
      await expectListenFailed(taken);
      const host = foreignAddress(ctx);
      if (!(await cannotListenOn(host))) {
        ctx.note(`this machine can listen on ${host}, so the second half is skipped`);
        return;
      }
      const foreign = await ctx.start(PEER_FILE, ['--listen', '0', '--host', host], `your peer on ${host}`);
      await withHint("every way listen can fail (a taken port, EADDRINUSE; an address this machine does not have, EADDRNOTAVAIL) arrives as the server's 'error' event: report them all as LISTEN_FAILED", () => expectListenFailed(foreign));
    },
  },
  {
    id: 'connect.dials',
    step: 2,
    title: 'dials HOST:PORT and reports connected, then ready',
    hint: "net.connect({ host, port }) and wait for its 'connect' event; hand the socket to startChat (which prints connected), then print ready",
    async run(ctx) {
      const { peer, port } = await dialFromPeer(ctx);
      await peer.expectEvent('connected', { host: '127.0.0.1', port }, { why: 'the user should see who they are talking to' });
      await peer.expectEvent('ready', { mode: 'connect', host: '127.0.0.1', port }, { why: 'ready means "connected, you can talk to me now"' });
      expectOrder(peer, 'connected', 'ready', 'ready promises that the chat is set up: a script (or the grader) that talks as soon as it sees ready must find the chat running (README step 2: connected then ready)');
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
      const texts = ['hello', ...Array.from({ length: 3 }, () => drawChatText(ctx.random))];
      for (const text of texts) {
        grader.send(`${text}\n`);
        await peer.expectEvent('message', { text }, { why });
      }
    },
  },
  {
    id: 'chat.send',
    step: 3,
    title: 'sends each typed line followed by "\\n", exactly as typed (spaces, empty lines and all)',
    hint: 'read standard input line by line (node:readline) and write each line plus "\\n" to the socket, unchanged',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      const why = 'the other peer knows where a message ends only by its "\\n", and must see the text the user typed';
      const padded = `${ctx.random.pick([' ', '  ', '\t'])}${drawChatText(ctx.random, { maxChars: 12 })}${ctx.random.pick([' ', '\t '])}`;
      const texts = ['hi there', padded, '', drawChatText(ctx.random)];
      for (const text of texts) {
        peer.type(text);
        await grader.expectLine(text, { why });
      }
    },
  },
  {
    id: 'chat.both-ways',
    step: 3,
    title: 'receives while the user types nothing, and sends while nothing arrives, in any interleaving',
    hint: 'never wait for the user before reading the socket, or for the socket before reading the user: handle both with event listeners',
    async run(ctx) {
      const { peer, grader } = await chatWithListeningPeer(ctx);
      // A drawn interleaving with runs of each side (so a program that takes turns is caught), one
      // line per write from the grader (Step 3 may still read a chunk as one message: Step 4 frames).
      const turns = Array.from({ length: ctx.random.int(6, 12) }, () => ctx.random.pick(['grader', 'you'] as const));
      for (const side of shuffled(ctx.random, ['grader', 'you'] as const)) turns.splice(ctx.random.int(0, turns.length), 0, side, side);
      ctx.note(`the turns: ${turns.join(', ')}`);
      const why = 'a chat program must not block one direction while it waits for the other: each side may speak several times in a row';
      for (const [i, turn] of turns.entries()) {
        const text = `${turn === 'grader' ? 'from the grader' : 'from you'} ${i + 1} ${drawChatText(ctx.random, { maxChars: 12 })}`.trimEnd();
        if (turn === 'grader') {
          grader.send(`${text}\n`);
          await peer.expectEvent('message', { text }, { why: `${why}; the user has typed nothing since` });
        } else {
          peer.type(text);
          await grader.expectBytes(`${text}\n`, { why: `${why}; nothing has arrived since` });
        }
      }
    },
  },
];

async function expectListenFailed(peer: StudentProgram): Promise<void> {
  await peer.expectEvent('error', { code: 'LISTEN_FAILED' }, { why: LISTEN_FAILED_WHY });
  await peer.expectExit(1, { why: LISTEN_FAILED_WHY });
  peer.expectNoStackTrace(LISTEN_FAILED_WHY);
  peer.expectNoEvent('ready', 'ready promises a port that accepts connections; a peer that could not listen has none');
}
