// Lab 02 starter: the terminal client (README step 8). Connecting is done for you.
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput, type Output } from '#kit/cli/output.ts';
import { Prompter } from '#kit/cli/prompter.ts';
import type { PeerEvents } from '#kit/protocol/events.ts';
import { parsePeerCommand, PEER_USAGE } from '#kit/programs/peer-command.ts';
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
  await commandLoop(prompter, out);
  await quit(tracker, out, 0);
});

async function commandLoop(prompter: Prompter, out: Output<PeerEvents>): Promise<void> {
  // TODO (step 8): read lines with prompter.nextLine() until it gives undefined; return on /quit
  //   (or \\DISCONNECT_CLIENT); /help lists the commands; anything else is a BAD_COMMAND error event.
  void [prompter, out];
  await new Promise(() => {});
}

async function quit(tracker: TrackerClient, out: Output<PeerEvents>, code: number, loggedIn = true): Promise<never> {
  tracker.removeAllListeners('closed');
  // TODO (step 8): leave politely: when loggedIn, send logout and wait (at most LOGOUT_WAIT_MS) for the
  //   tracker's ok before closing. A peer that never logged in has nobody to log out (§3.3).
  void loggedIn;
  tracker.close();
  out.emit('bye', {}, 'Bye.');
  process.exit(code);
}
