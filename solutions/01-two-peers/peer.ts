// Lab 01: a peer that either waits for the other peer (--listen) or dials it (--connect), then chats.
import net from 'node:net';
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput, type Output } from '#kit/cli/output.ts';
import type { Lab01PeerEvents } from '#kit/protocol/events.ts';
import { parseTwoPeersCommand, TWO_PEERS_USAGE } from '#kit/programs/two-peers-command.ts';
import { runChat } from './chat.ts';

// A dial that gets no answer at all (a silent firewall) must not hang for minutes.
const CONNECT_TIMEOUT_MS = 10_000;

await runProgram(TWO_PEERS_USAGE, () => {
  const command = parseTwoPeersCommand(process.argv.slice(2));
  if (command.mode === 'help') return void console.log(TWO_PEERS_USAGE.trim());
  const out = createOutput<Lab01PeerEvents>({ json: command.json });
  if (command.mode === 'listen') listen(command, out);
  else connect(command, out);
});

function listen({ host, port }: { host: string; port: number }, out: Output<Lab01PeerEvents>): void {
  // #region listen
  // allowHalfOpen: after the peer says exit (FIN), we must still be able to send.
  const server = net.createServer({ allowHalfOpen: true });
  server.on('error', (error) => {
    out.emit('error', { code: 'LISTEN_FAILED', message: error.message }, `error: cannot listen: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const bound = server.address() as net.AddressInfo;
    out.emit('ready', { mode: 'listen', host, port: bound.port }, `listening on ${host}:${bound.port}, waiting for your peer…`);
  });
  server.once('connection', (socket) => {
    server.close(); // a two-peer chat: whoever dials next is refused
    startChat(socket, out);
  });
  // #endregion listen
}

function connect({ host, port }: { host: string; port: number }, out: Output<Lab01PeerEvents>): void {
  const target = { host, port };
  // #region connect
  const socket = net.connect({ host, port, allowHalfOpen: true, timeout: CONNECT_TIMEOUT_MS });
  const fail = (message: string) => {
    out.emit('error', { code: 'CONNECT_FAILED', message }, `error: cannot connect to ${target.host}:${target.port}: ${message}`);
    socket.destroy();
    process.exit(1);
  };
  socket.once('timeout', () => fail(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
  socket.once('error', (error) => fail(error.message));
  socket.once('connect', () => {
    socket.removeAllListeners('error').removeAllListeners('timeout').setTimeout(0);
    startChat(socket, out);
    out.emit('ready', { mode: 'connect', ...target }, `connected to ${target.host}:${target.port}: type to chat`);
  });
  // #endregion connect
}

function startChat(socket: net.Socket, out: Output<Lab01PeerEvents>): void {
  out.emit('connected', { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }, `peer connected from ${socket.remoteAddress}:${socket.remotePort}`);
  void runChat(socket, process.stdin, out).then((code) => process.exit(code));
}
