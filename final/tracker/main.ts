// The final app's tracker: the tracker of Labs 02–06, with a live dashboard page and, beside it,
// Lab 06's relay (a program of its own, started and stopped with the tracker). It takes every flag of the lab trackers, plus where the dashboard listens. The labs
// are those `#labs/*` points at: the references in the full kit, the student's own in the student
// edition. A step they have not written yet is shown (here and on the dashboard) instead of stopping
// the program; when the tracker itself cannot start, the dashboard still runs and says why.
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput, type Output } from '#kit/cli/output.ts';
import { exitAfterStartFailure } from '#kit/programs/start-failure.ts';
import { parseTrackerCommand, TRACKER_USAGE } from '#kit/programs/tracker-command.ts';
import { openDatabase, type TrackerDatabase } from '#labs/02-tracker-auth/database.ts';
import { startTracker, type RunningTracker } from '#labs/02-tracker-auth/tracker-server.ts';
import { SessionTable } from '#labs/03-roster-and-direct/session-table.ts';
import { rosterAndSessions } from '#labs/03-roster-and-direct/tracker-features.ts';
import { lab05 } from '../lab05-plug.ts';
import type { FinalTrackerEvents } from '../program-events.ts';
import { needText, type LabNeed } from '../shared/lab-need.ts';
import { guardedTrackerFeatures } from '../unfinished-labs/guarded-features.ts';
import { NeedBoard } from '../unfinished-labs/need-board.ts';
import { guardUnfinishedLabs } from '../unfinished-labs/process-guard.ts';
import { takeUiFlags, UI_USAGE } from '../ui-server/ui-flags.ts';
import { startDashboard } from './dashboard-server.ts';
import { observedFileIndex } from './observed-file-index.ts';
import { TrackerWatch } from './tracker-watch.ts';
import { observedRelay } from './observed-relay.ts';
import { observedRooms } from './observed-rooms.ts';
import { startRelayChild, type RunningRelay } from './relay-child.ts';
import { RELAY_USAGE_LINES, relayPortBeside, takeRelayFlags } from './relay-flags.ts';
import { stopWithParent } from '../demo/stop-with-parent.ts';
import { dirname, join } from 'node:path';

const DEFAULT_DASHBOARD_PORT = 3000;
const USAGE = TRACKER_USAGE.replace('tsx labs/NN-name/tracker.ts', 'npm run tracker --') + UI_USAGE('dashboard', DEFAULT_DASHBOARD_PORT, 25) + RELAY_USAGE_LINES(25);

await runProgram(USAGE, async () => {
  const { ui, rest: notUi } = takeUiFlags(process.argv.slice(2), DEFAULT_DASHBOARD_PORT);
  const { relay: relayChoice, rest } = takeRelayFlags(notUi);
  const command = parseTrackerCommand(rest);
  if (command.mode === 'help') return void console.log(USAGE.trim());

  const needs = new NeedBoard();
  guardUnfinishedLabs(needs);
  const sessions = new SessionTable();
  const watch = new TrackerWatch(sessions, needs);
  const out = watched(createOutput<FinalTrackerEvents>({ json: command.json }), watch);
  needs.on('need', (need) => out.emit('lab_needed', need, needText(need)));
  let db: TrackerDatabase | undefined;
  try {
    db = openDatabase(command.db);
  } catch (error) {
    if (!needs.reportError(error, 'the tracker')) {
      out.emit('error', { code: 'DISK_ERROR', message: `cannot open the database ${command.db}: ${(error as Error).message}` });
      process.exit(1);
    }
  }
  let relay: RunningRelay | undefined;
  if (relayChoice.run && db) {
    const port = relayPortBeside(command.port, relayChoice.port);
    try {
      relay = await startRelayChild(command.host, port, join(dirname(command.db), 'relay.log'), (event) => {
        if (event.event === 'lab_needed') needs.report(event as unknown as LabNeed);
        else watch.relay.event(event);
      });
      command.relay = relay.relay;
      watch.relay.state({ running: true, address: `${relay.relay.host}:${relay.relay.port}` });
    } catch (error) {
      const note = `no relay: ${(error as Error).message}`;
      watch.relay.state({ running: false, address: null, note });
      out.note(`${note}. Peers that cannot dial each other will get NO_RELAY.`);
    }
  } else watch.relay.state({ running: false, address: command.relay ? `${command.relay.host}:${command.relay.port}` : null, note: command.relay ? 'a relay of your own (--relay)' : 'started with --no-relay' });
  const features = [
    ...guardedTrackerFeatures(needs, 'the roster and direct sessions', () => rosterAndSessions(sessions)),
    ...guardedTrackerFeatures(needs, 'the file index', () => [observedFileIndex(watch)]),
    ...guardedTrackerFeatures(needs, 'the session log', () => lab05.trackerFeatures(sessions)),
    ...guardedTrackerFeatures(needs, 'rooms', () => [observedRooms(watch.rooms)]),
    ...guardedTrackerFeatures(needs, 'the relay', () => [observedRelay(sessions, watch.relay)]),
    watch.feature(),
  ];
  let tracker: RunningTracker | undefined;
  try {
    if (db) tracker = await startTracker(command, db, out, features);
  } catch (error) {
    if (!needs.reportError(error, 'the tracker')) exitAfterStartFailure(out, error, { listening: `on ${command.host}:${command.port}`, storage: `the database ${command.db}` });
  }
  // A relay without its tracker serves nobody: stop it rather than hold its port.
  if (!tracker && relay) {
    await relay.stop();
    relay = undefined;
    command.relay = undefined;
    watch.relay.state({ running: false, address: null, note: 'stopped: the tracker is not running' });
  }
  const dashboard = await startDashboard(ui, watch).catch((error: unknown) => exitAfterStartFailure(out, error, { listening: `for the dashboard on ${ui.host}:${ui.port}` }));
  const port = tracker?.port ?? null;
  watch.started({ host: command.host, port, db: command.db });
  out.emit(
    'ready',
    { host: command.host, port, db: command.db, dashboard: dashboard.url, relay: command.relay ? `${command.relay.host}:${command.relay.port}` : null, relay_pid: relay?.pid ?? null },
    [
      tracker ? `tracker listening on ${command.host}:${tracker.port} (database ${command.db})` : 'the tracker is not running: it needs the lab steps above',
      ...(relay ? [`relay listening on ${command.host}:${relay.relay.port} (peers that cannot dial each other meet there)`] : []),
      ...(tracker && command.host === '127.0.0.1' ? ['(this machine only: add --host 0.0.0.0 to let a class join)'] : []),
      `dashboard: ${dashboard.url}`,
    ].join('\n'),
  );

  const stop = async () => {
    await dashboard.close();
    await tracker?.close();
    await relay?.stop();
    db?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  stopWithParent();
});

/** The tracker's output as usual, with every event also shown on the dashboard. */
function watched(out: Output<FinalTrackerEvents>, watch: TrackerWatch): Output<FinalTrackerEvents> {
  return {
    json: out.json,
    emit(...args) {
      out.emit(...args);
      watch.event(args[0], args[1]);
    },
    note: (text) => out.note(text),
  };
}
