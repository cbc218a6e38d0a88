// Lab 02: the terminal client. Connects to the tracker, registers or logs in, then waits for /quit.
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput, type Output } from '#kit/cli/output.ts';
import { Prompter } from '#kit/cli/prompter.ts';
import type { PeerEvents } from '#kit/protocol/events.ts';
import { parsePeerCommand, PEER_USAGE } from '#kit/programs/peer-command.ts';
import { LOGOUT_WAIT_MS } from '#kit/protocol/limits.ts';
import { logIn } from './login-flow.ts';
import { connectOrExit } from '#kit/tracker/connect-or-exit.ts';
import type { TrackerClient } from '#kit/tracker/tracker-client.ts';
import { LineDecoder } from '../01-two-peers/line-decoder.ts';

await runProgram(PEER_USAGE, async () => {
  const command = parsePeerCommand(process.argv.slice(2));
  if (command.mode === 'help') return void console.log(PEER_USAGE.trim());
  const out = createOutput<PeerEvents>({ json: command.json });
  const { host, port } = command.tracker;
  const tracker = await connectOrExit(command.tracker, new LineDecoder(), out);
  out.emit('ready', { host, port }, `connected to the tracker at ${host}:${port}`);
  const prompter = new Prompter(process.stdin, out);
  const session = await logIn(tracker, prompter, out, command.listenPort === 0 ? 'ask' : command.listenPort);
  if (!session) return quit(tracker, out, 1, false);
  process.once('SIGINT', () => void quit(tracker, out, 0)); // Ctrl+C means /quit
  await commandLoop(prompter, out);
  await quit(tracker, out, 0);
});

async function commandLoop(prompter: Prompter, out: Output<PeerEvents>): Promise<void> {
  for (let line = await prompter.nextLine(); line !== undefined; line = await prompter.nextLine()) {
    const command = line.trim();
    if (command === '/quit' || command === '\\DISCONNECT_CLIENT') return;
    if (command === '/help' || command === '\\help') out.note('Commands: /help, /quit. Lab 03 adds the roster and direct chat.');
    else if (command !== '') out.emit('error', { code: 'BAD_COMMAND', message: `unknown command ${command}` }, `unknown command ${command}: try /help`);
  }
}

async function quit(tracker: TrackerClient, out: Output<PeerEvents>, code: number, loggedIn = true): Promise<never> {
  tracker.removeAllListeners('closed');
  // Only a logged-in peer logs out (§3.3). Wait for the ok, but not for ever: the tracker may be gone.
  if (loggedIn && !tracker.closedAlready) await Promise.race([tracker.request({ type: 'logout' }), new Promise((resolve) => setTimeout(resolve, LOGOUT_WAIT_MS))]);
  tracker.close();
  out.emit('bye', {}, 'Bye.');
  process.exit(code);
}
