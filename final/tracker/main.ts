// The final app's tracker: the tracker of Labs 02–04 (and 05 once it is plugged in), with a live
// dashboard page. It takes every flag of the lab trackers, plus where the dashboard listens. The labs
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
import { needText } from '../shared/lab-need.ts';
import { guardedTrackerFeatures } from '../unfinished-labs/guarded-features.ts';
import { NeedBoard } from '../unfinished-labs/need-board.ts';
import { guardUnfinishedLabs } from '../unfinished-labs/process-guard.ts';
import { takeUiFlags, UI_USAGE } from '../ui-server/ui-flags.ts';
import { startDashboard } from './dashboard-server.ts';
import { observedFileIndex } from './observed-file-index.ts';
import { TrackerWatch } from './tracker-watch.ts';
import { stopWithParent } from '../demo/stop-with-parent.ts';

const DEFAULT_DASHBOARD_PORT = 3000;
const USAGE = TRACKER_USAGE.replace('tsx labs/NN-name/tracker.ts', 'npm run tracker --') + UI_USAGE('dashboard', DEFAULT_DASHBOARD_PORT, 25);

await runProgram(USAGE, async () => {
  const { ui, rest } = takeUiFlags(process.argv.slice(2), DEFAULT_DASHBOARD_PORT);
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
  const features = [
    ...guardedTrackerFeatures(needs, 'the roster and direct sessions', () => rosterAndSessions(sessions)),
    ...guardedTrackerFeatures(needs, 'the file index', () => [observedFileIndex(watch)]),
    ...guardedTrackerFeatures(needs, 'the session log', () => lab05.trackerFeatures(sessions)),
    watch.feature(),
  ];
  let tracker: RunningTracker | undefined;
  try {
    if (db) tracker = await startTracker(command, db, out, features);
  } catch (error) {
    if (!needs.reportError(error, 'the tracker')) exitAfterStartFailure(out, error, { listening: `on ${command.host}:${command.port}`, storage: `the database ${command.db}` });
  }
  const dashboard = await startDashboard(ui, watch).catch((error: unknown) => exitAfterStartFailure(out, error, { listening: `for the dashboard on ${ui.host}:${ui.port}` }));
  const port = tracker?.port ?? null;
  watch.started({ host: command.host, port, db: command.db });
  out.emit(
    'ready',
    { host: command.host, port, db: command.db, dashboard: dashboard.url },
    [
      tracker ? `tracker listening on ${command.host}:${tracker.port} (database ${command.db})` : 'the tracker is not running: it needs the lab steps above',
      ...(tracker && command.host === '127.0.0.1' ? ['(this machine only: add --host 0.0.0.0 to let a class join)'] : []),
      `dashboard: ${dashboard.url}`,
    ].join('\n'),
  );

  const stop = async () => {
    await dashboard.close();
    await tracker?.close();
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
