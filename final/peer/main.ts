// The final app's browser peer: a peer process that serves its own page. The page logs in, chats and
// moves files through it; on the network it is the peer of Labs 03–04 (05 once plugged in), so it
// talks with terminal peers as well as with other browser peers. It takes every flag of the lab peers,
// plus where its page is served. In the student edition it runs the student's labs, and an unfinished
// step is shown on the page (and printed) instead of stopping the program.
import net from 'node:net';
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput } from '#kit/cli/output.ts';
import { listenOrExit } from '#kit/peer/listen-or-exit.ts';
import { parsePeerCommand, PEER_USAGE } from '#kit/programs/peer-command.ts';
import { exitAfterStartFailure } from '#kit/programs/start-failure.ts';
import type { FinalPeerEvents } from '../program-events.ts';
import { NeedBoard } from '../unfinished-labs/need-board.ts';
import { guardUnfinishedLabs } from '../unfinished-labs/process-guard.ts';
import { takeUiFlags, UI_USAGE } from '../ui-server/ui-flags.ts';
import { startWebServer } from '../ui-server/web-server.ts';
import { ConnectionBook } from './connection-book.ts';
import { PageBridge } from './page-bridge.ts';
import { receivedFilesRoute } from './received-files.ts';
import { SocketTap } from './socket-tap.ts';
import { TransferBook } from './transfer-book.ts';
import { UploadFolder } from './upload-folder.ts';
import { stopWithParent } from '../demo/stop-with-parent.ts';

const DEFAULT_PAGE_PORT = 3001;
const UNREACHABLE_FLAG = '--unreachable';
const USAGE = PEER_USAGE.replace('tsx labs/NN-name/peer.ts', 'npm run peer --').replace(
  '\n\nAnswer the questions, then type /help for the commands.',
  `${UI_USAGE('page', DEFAULT_PAGE_PORT, 22)}\n  ${UNREACHABLE_FLAG.padEnd(22)}act as a peer behind a NAT: nobody can dial it, so its sessions go through the relay\n\nThen open the printed address in a browser to log in. With a tracker on another machine,\n--host defaults to 0.0.0.0, so that the other peers can reach this one.`,
);

await runProgram(USAGE, async () => {
  const { ui, rest: notUi } = takeUiFlags(process.argv.slice(2), DEFAULT_PAGE_PORT);
  const unreachable = notUi.includes(UNREACHABLE_FLAG);
  const rest = notUi.filter((arg) => arg !== UNREACHABLE_FLAG);
  const command = parsePeerCommand(rest);
  if (command.mode === 'help') return void console.log(USAGE.trim());
  const out = createOutput<FinalPeerEvents>({ json: command.json });
  // Peers on other machines must be able to dial us: with a tracker elsewhere, loopback is no use.
  if (!rest.some((arg) => arg === '--host' || arg.startsWith('--host=')) && !isLoopback(command.tracker.host)) {
    command.host = '0.0.0.0';
    out.note('The tracker is on another machine: listening for other peers on all interfaces (--host 0.0.0.0). The page stays on this machine.');
  }

  const needs = new NeedBoard();
  guardUnfinishedLabs(needs);
  const tap = new SocketTap(needs, { paced: ui.present === true });
  tap.start();
  const connections = new ConnectionBook(tap);
  const transfers = new TransferBook(connections);
  let bridge: PageBridge | undefined;
  const direct = net.createServer((socket) => {
    tap.watch(socket, 'accepted');
    if (bridge) bridge.accept(socket);
    else socket.destroy();
  });
  const listenPort = await listenOrExit(direct, command.listenPort, command.host, out);
  // Behind a NAT, the address the tracker hands out leads nowhere: here, a port nothing listens on.
  if (unreachable) {
    direct.close();
    out.note(`--unreachable: nothing listens on ${command.host}:${listenPort}, so other peers cannot dial this one; sessions with it go through the tracker's relay`);
  }
  const uploads = await UploadFolder.create();
  const pageBridge = new PageBridge({ options: command, listenHost: command.host, listenPort, tap, connections, transfers, uploads, needs, out, present: ui.present === true });
  bridge = pageBridge;
  const page = await startWebServer({
    ...ui,
    page: 'peer',
    routes: (app, policy) => {
      uploads.route(app, policy);
      receivedFilesRoute(app, command.downloads);
    },
    onLiveSocket: (socket) => pageBridge.addPage(socket),
  }).catch((error: unknown) => exitAfterStartFailure(out, error, { listening: `for the page on ${ui.host}:${ui.port}` }));
  out.emit(
    'ready',
    { host: command.host, port: listenPort, ui: page.url },
    `listening for other peers on ${command.host}:${listenPort}; tracker at ${command.tracker.host}:${command.tracker.port}\nopen ${page.url} to log in`,
  );

  const stop = async () => {
    await pageBridge.stop();
    await page.close();
    direct.close();
    tap.stop();
    await uploads.removeAll();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  stopWithParent();
});

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
