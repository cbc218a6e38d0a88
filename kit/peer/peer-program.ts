// The shell of the peer program of labs 03–05: listen for other peers, connect to the tracker, log in,
// then run the app until /quit. The lab supplies its login flow, its app and its line decoder.
import net from 'node:net';
import { runProgram } from '../cli/flags.ts';
import { createOutput, type Output } from '../cli/output.ts';
import { Prompter } from '../cli/prompter.ts';
import type { PeerEvents } from '../protocol/events.ts';
import { parsePeerCommand, PEER_USAGE, type PeerOptions } from '../programs/peer-command.ts';
import { connectOrExit } from '../tracker/connect-or-exit.ts';
import type { LineSplitter, TrackerClient } from '../tracker/tracker-client.ts';
import { listenOrExit } from './listen-or-exit.ts';

export interface RunningPeerApp {
  accept(socket: net.Socket): void;
  start(): Promise<void>;
  run(prompter: Prompter): Promise<void>;
  quit(): Promise<void>;
}

export interface PeerProgramParts {
  lineDecoder(): LineSplitter;
  logIn(tracker: TrackerClient, prompter: Prompter, out: Output<PeerEvents>, port: number): Promise<{ username: string } | undefined>;
  createApp(me: string, options: PeerOptions, out: Output<PeerEvents>, tracker: TrackerClient): RunningPeerApp;
}

export async function runPeerProgram(parts: PeerProgramParts): Promise<void> {
  await runProgram(PEER_USAGE, async () => {
    const command = parsePeerCommand(process.argv.slice(2));
    if (command.mode === 'help') return void console.log(PEER_USAGE.trim());
    // On a terminal, output goes above the line being typed; the prompter exists only later.
    let prompter: Prompter | undefined;
    const out = createOutput<PeerEvents>({ json: command.json, write: (line) => (prompter ? prompter.writeAbove(line) : process.stdout.write(line)) });

    let app: RunningPeerApp | undefined;
    const early: net.Socket[] = [];
    const server = net.createServer((socket) => (app ? app.accept(socket) : early.push(socket)));
    const port = await listenOrExit(server, command.listenPort, command.host, out);
    const tracker = await connectOrExit(command.tracker, parts.lineDecoder(), out);
    // Installed before anything is printed, so Ctrl+C never meets the default kill: a signal sent
    // the moment `logged_in` appears would otherwise land before the line after it had run.
    process.once('SIGINT', () => {
      if (app) return void app.quit().then(() => process.exit(0));
      tracker.removeAllListeners('closed');
      tracker.close();
      process.exit(0);
    });
    out.emit('ready', { host: command.host, port }, `listening for other peers on ${command.host}:${port}; tracker at ${command.tracker.host}:${command.tracker.port}`);

    prompter = new Prompter(process.stdin, out);
    const me = await parts.logIn(tracker, prompter, out, port);
    if (!me) {
      tracker.removeAllListeners('closed');
      tracker.close();
      process.exit(1);
    }
    app = parts.createApp(me.username, command, out, tracker);
    for (const socket of early.splice(0)) app.accept(socket);
    await app.start();
    await app.run(prompter);
    await app.quit();
    process.exit(0);
  });
}
