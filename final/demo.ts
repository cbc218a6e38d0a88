// npm start: the whole system on one machine, for a class demo. A tracker (its database in the data
// folder) with its dashboard and its relay, and four browser peers, alice, bob, carol and dan, each
// sharing a few files. carol and dan log in by themselves; dan is behind a NAT (nobody can dial him).
// carol makes a room, dan joins it, and carol opens a session with dan, which goes through the relay;
// alice and bob wait at their login page and join the room when they log in. Ctrl+C (or closing the
// terminal) stops everything.
// On a student's labs (the student edition), each unfinished step a program meets is printed here as it
// comes, and shown on the dashboard or the peer's page; what cannot run yet says so and the rest runs.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags, parsePort, runProgram } from '#kit/cli/flags.ts';
import { createOutput } from '#kit/cli/output.ts';
import { DEFAULT_TRACKER_PORT } from '#kit/protocol/limits.ts';
import { logInThroughPage, LoginNeedsLabs, type AutoLogin } from './demo/auto-login.ts';
import { startChild, type ChildEvent, type ChildProgram } from './demo/child-program.ts';
import { DEMO_PEERS, sharedNames, staleCopy, writeDemoFiles } from './demo/demo-files.ts';
import { stageRoom, type DemoRoom } from './demo/demo-room.ts';
import type { DemoEvents } from './program-events.ts';
import { needText, type LabNeed } from './shared/lab-need.ts';

const USAGE = `
usage: npm start [-- options]

  --port N        the tracker's port (default 9876; 0 lets the system choose)
  --host ADDR     where the tracker and the peers listen (default 127.0.0.1: this machine only)
  --ui-port N     the dashboard's port; the peers' pages take the next four (default 3000; 0: any)
  --data DIR      the demo's folder: database, shared files, downloads, logs (default data/demo)
  --present       presentation mode: large type, transfers slowed so the class can watch them
  --json          print one JSON event per line`;

const CAROL_PASSWORD = 'carol-demo-password';
const DAN_PASSWORD = 'dan-demo-password';
const SHARED_WITHIN_MS = 10_000;

await runProgram(USAGE, async () => {
  const flags = parseFlags(process.argv.slice(2), {
    port: { type: 'string' },
    host: { type: 'string' },
    'ui-port': { type: 'string' },
    data: { type: 'string' },
    json: { type: 'boolean' },
    present: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) return void console.log(USAGE.trim());
  const port = flags.port === undefined ? 9876 : parsePort('--port', flags.port, { allowZero: true });
  const uiPort = flags['ui-port'] === undefined ? 3000 : parsePort('--ui-port', flags['ui-port'], { allowZero: true });
  const host = flags.host ?? '127.0.0.1';
  const data = flags.data ?? join('data', 'demo');
  const out = createOutput<DemoEvents>({ json: flags.json ?? false });
  const present = flags.present ? ['--present'] : [];

  const db = join(data, 'tracker.db');
  const knownUsers = existsSync(db);
  const logs = join(data, 'logs');
  mkdirSync(logs, { recursive: true });
  const folders = writeDemoFiles(data);
  const programs: ChildProgram[] = [];
  let needsSeen = 0;
  const needsOf = (program: string) => (event: ChildEvent) => {
    if (event.event !== 'lab_needed') return;
    const { event: _, ...need } = event as unknown as LabNeed & { event: string };
    needsSeen += 1;
    out.emit('lab_needed', { program, ...need }, `${program}: ${needText(need)}`);
  };
  const logins: AutoLogin[] = [];
  let room: DemoRoom | undefined;
  let stopping = false;
  // Peers first, so they log out of a tracker that is still there.
  const stopAll = async () => {
    stopping = true;
    room?.close();
    for (const login of logins) login.close();
    const [tracker, ...peers] = programs;
    await Promise.all(peers.map((peer) => peer.stop()));
    await tracker?.stop();
  };
  const stopOnSignal = async () => {
    if (stopping) return;
    out.note('\nStopping the peers, then the tracker…');
    await stopAll();
    out.emit('stopped', {}, 'Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stopOnSignal());
  process.on('SIGTERM', () => void stopOnSignal());
  // A closed terminal: the same clean stop (and should the demo die anyway, its programs follow it).
  process.on('SIGHUP', () => void stopOnSignal());

  try {
    const tracker = await startChild('tracker', 'final/tracker/main.ts', ['--port', String(port), '--host', host, '--db', db, '--ui-port', String(uiPort), ...present], join(logs, 'tracker.log'), needsOf('tracker'));
    programs.push(tracker);
    const listening = tracker.ready.port as number | null;
    // A tracker that needs a lab does not listen: the peers still start (their pages show the
    // student's own code) and will find no tracker where one would be.
    const trackerAt = `${host === '0.0.0.0' ? '127.0.0.1' : host}:${listening ?? (port || DEFAULT_TRACKER_PORT)}`;
    const peers = await Promise.all(
      DEMO_PEERS.map((name, index) =>
        startChild(name, 'final/peer/main.ts', ['--tracker', trackerAt, '--host', host, '--shared', folders[name].shared, '--downloads', folders[name].downloads, '--history-db', join(data, name, 'history.db'), '--ui-port', String(uiPort === 0 ? 0 : uiPort + index + 1), ...(name === 'dan' ? ['--unreachable'] : []), ...present], join(logs, `${name}.log`), needsOf(name)),
      ),
    );
    programs.push(...peers);
    for (const program of programs) void program.exited.then((code) => stopping || out.emit('error', { code: 'STOPPED', message: `${program.name} stopped by itself (exit code ${code}); see ${join(logs, `${program.name}.log`)}` }));
    const [alice, bob, carol, dan] = peers;
    let carolNote = `carol and dan are logged in already (passwords: ${CAROL_PASSWORD}, ${DAN_PASSWORD})`;
    let roomNote = '';
    if (carol && dan && listening === null) carolNote = 'carol and dan are not logged in: there is no tracker yet';
    else if (carol && dan) {
      try {
        const carolIn = await logInThroughPage(carol.ready.ui as string, 'carol', CAROL_PASSWORD, knownUsers ? 'returning' : 'new');
        logins.push(carolIn);
        const danIn = await logInThroughPage(dan.ready.ui as string, 'dan', DAN_PASSWORD, knownUsers ? 'returning' : 'new');
        logins.push(danIn);
        await Promise.race([carolIn.shared, new Promise((resolve) => setTimeout(resolve, SHARED_WITHIN_MS))]);
        staleCopy(folders);
        roomNote = await stageRoom(carolIn, danIn, [alice, bob].flatMap((peer) => (peer ? [peer.ready.ui as string] : []))).then(
          (staged) => {
            room = staged;
            return `carol's room ${staged.code}: dan is in it, alice and bob join it when they log in; carol and dan chat through the relay`;
          },
          (error: unknown) => `no room or relayed session yet: ${(error as Error).message}`,
        );
      } catch (error) {
        if (!(error instanceof LoginNeedsLabs)) throw error;
        carolNote = `carol and dan are not logged in: ${error.message}`;
      }
    }
    const pages = Object.fromEntries(peers.map((peer) => [peer.name, peer.ready.ui as string]));
    out.emit(
      'ready',
      { tracker: listening === null ? null : trackerAt, db, dashboard: tracker.ready.dashboard as string, peers: pages, room: room?.code ?? null, pids: [...programs.map((p) => p.pid), ...(typeof tracker.ready.relay_pid === 'number' ? [tracker.ready.relay_pid] : [])] },
      summary({ tracker: listening === null ? null : trackerAt, db, dashboard: tracker.ready.dashboard as string, pages, logs, carolNote, roomNote, unfinished: needsSeen > 0 }),
    );
  } catch (error) {
    out.emit('error', { code: 'DEMO_FAILED', message: (error as Error).message }, `error: ${(error as Error).message}`);
    await stopAll();
    process.exit(1);
  }
});

interface Summary {
  /** HOST:PORT, or null when the tracker does not listen. */
  tracker: string | null;
  db: string;
  dashboard: string;
  pages: Record<string, string>;
  logs: string;
  carolNote: string;
  /** Where the room and the relayed session stand (empty when the labs cannot do them yet). */
  roomNote: string;
  /** Some program met an unfinished lab step. */
  unfinished: boolean;
}

function summary({ tracker, db, dashboard, pages, logs, carolNote, roomNote, unfinished }: Summary): string {
  const pad = (text: string) => text.padEnd(11);
  const line = (name: string) => `  ${pad(name)}${(pages[name] ?? '').padEnd(26)} shares ${sharedNames(name as (typeof DEMO_PEERS)[number]).join(', ')}`;
  return [
    '',
    'Sharing is Caring: the demo is running.',
    '',
    `  ${pad('tracker')}${(tracker ?? 'not running').padEnd(26)} database ${db}`,
    `  ${pad('dashboard')}${dashboard}`,
    '',
    line('alice'),
    line('bob'),
    line('carol'),
    `${line('dan')}  (behind a NAT: nobody can dial him)`,
    `  ${pad('')}${carolNote}`,
    ...(roomNote ? [`  ${pad('')}${roomNote}`] : []),
    '',
    ...(unfinished
      ? [
          'This runs your own labs, and some steps are not written yet: they are listed above, and on the',
          'dashboard and the peer pages as the programs meet them. Open the pages and try what runs already.',
          'Finish a step, check it with npm run grade, then npm start again.',
        ]
      : [
          'Open the dashboard and two peer pages side by side. Register alice and bob (or log in, if this',
          'data folder knows them), chat, drop a file on a chat, and open the protocol inspector. Then, in',
          'alice\'s page, find dataset.csv and download it: carol changed her copy after sharing it, so it',
          'fails its SHA-256 check and the download fails over to bob. In the room\'s tab, ask who has',
          'dataset.csv and pick an answer. Click dan in the roster: nobody can dial him, so the chat goes',
          'through the relay, sealed (🔒), as carol\'s already does.',
        ]),
    '',
    `Logs: ${logs}. Press Ctrl+C to stop everything.`,
  ].join('\n');
}
