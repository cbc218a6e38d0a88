// Lab 01 starter: a peer that either waits for the other peer (--listen) or dials it (--connect).
// Read README.md step by step; run `npm run grade -- 01` to see how far you are.
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput, type Output } from '#kit/cli/output.ts';
import type { Lab01PeerEvents } from '#kit/protocol/events.ts';
import { parseTwoPeersCommand, TWO_PEERS_USAGE } from '#kit/programs/two-peers-command.ts';
import { runChat } from './chat.ts';

await runProgram(TWO_PEERS_USAGE, () => {
  const command = parseTwoPeersCommand(process.argv.slice(2));
  if (command.mode === 'help') return void console.log(TWO_PEERS_USAGE.trim());
  const out = createOutput<Lab01PeerEvents>({ json: command.json });
  if (command.mode === 'listen') listen(command, out);
  else connect(command, out);
});

function listen({ host, port }: { host: string; port: number }, out: Output<Lab01PeerEvents>): void {
  // TODO (README step 1): create a server with net.createServer, listen on host:port, and when it
  // is listening emit the ready event with the port it really got:
  //   out.emit('ready', { mode: 'listen', host, port: actualPort });
  // Accept one peer, stop listening, then hand the socket to startChat().
  throw new Error(`TODO (README step 1): listen on ${host}:${port}`);
}

function connect({ host, port }: { host: string; port: number }, out: Output<Lab01PeerEvents>): void {
  // TODO (README step 2): dial host:port with net.connect. Once connected, call startChat() and
  // emit ready: out.emit('ready', { mode: 'connect', host, port }).
  // If nobody answers, emit an error event with code CONNECT_FAILED and exit with code 1.
  throw new Error(`TODO (README step 2): connect to ${host}:${port}`);
}

function startChat(socket: import('node:net').Socket, out: Output<Lab01PeerEvents>): void {
  out.emit('connected', { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 });
  void runChat(socket, process.stdin, out).then((code) => process.exit(code));
}
