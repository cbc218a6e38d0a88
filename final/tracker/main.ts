// The final app's tracker: the reference tracker of Labs 02–04 (and 05 once it is plugged in), with a
// live dashboard page. It takes every flag of the lab trackers, plus where the dashboard listens.
import { runProgram } from '#kit/cli/flags.ts';
import { createOutput, type Output } from '#kit/cli/output.ts';
import { parseTrackerCommand, TRACKER_USAGE } from '#kit/programs/tracker-command.ts';
import { openDatabase, type TrackerDatabase } from '../../solutions/02-tracker-auth/database.ts';
import { startTracker, type RunningTracker } from '../../solutions/02-tracker-auth/tracker-server.ts';
import { SessionTable } from '../../solutions/03-roster-and-direct/session-table.ts';
import { rosterAndSessions } from '../../solutions/03-roster-and-direct/tracker-features.ts';
import { lab05 } from '../lab05-plug.ts';
import { takeUiFlags, UI_USAGE } from '../ui-server/ui-flags.ts';
import { startDashboard } from './dashboard-server.ts';
import { observedFileIndex } from './observed-file-index.ts';
import { TrackerWatch } from './tracker-watch.ts';

const DEFAULT_DASHBOARD_PORT = 3000;
const USAGE = TRACKER_USAGE.replace('tsx labs/NN-name/tracker.ts', 'npm run tracker --') + UI_USAGE('dashboard', DEFAULT_DASHBOARD_PORT, 25);

await runProgram(USAGE, async () => {
  const { ui, rest } = takeUiFlags(process.argv.slice(2), DEFAULT_DASHBOARD_PORT);
  const command = parseTrackerCommand(rest);
  if (command.mode === 'help') return void console.log(USAGE.trim());

  const sessions = new SessionTable();
  const watch = new TrackerWatch(sessions);
  const out = watched(createOutput({ json: command.json }), watch);
  let db: TrackerDatabase;
  try {
    db = openDatabase(command.db);
  } catch (error) {
    out.emit('error', { code: 'DISK_ERROR', message: `cannot open the database ${command.db}: ${(error as Error).message}` });
    process.exit(1);
  }
  const features = [...rosterAndSessions(sessions), observedFileIndex(watch), ...lab05.trackerFeatures(sessions), watch.feature()];
  let tracker: RunningTracker;
  try {
    tracker = await startTracker(command, db, out, features);
  } catch (error) {
    out.emit('error', { code: 'LISTEN_FAILED', message: `cannot listen on ${command.host}:${command.port}: ${(error as Error).message}` });
    process.exit(1);
  }
  const dashboard = await startDashboard(ui, watch).catch((error: Error) => {
    out.emit('error', { code: 'LISTEN_FAILED', message: `cannot serve the dashboard on ${ui.host}:${ui.port}: ${error.message}` });
    process.exit(1);
  });
  watch.started({ host: command.host, port: tracker.port, db: command.db });
  out.emit(
    'ready',
    { host: command.host, port: tracker.port, db: command.db, dashboard: dashboard.url },
    [
      `tracker listening on ${command.host}:${tracker.port} (database ${command.db})`,
      ...(command.host === '127.0.0.1' ? ['(this machine only: add --host 0.0.0.0 to let a class join)'] : []),
      `dashboard: ${dashboard.url}`,
    ].join('\n'),
  );

  const stop = async () => {
    await dashboard.close();
    await tracker.close();
    db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
});

/** The tracker's output as usual, with every event also shown on the dashboard. */
function watched(out: Output, watch: TrackerWatch): Output {
  return {
    json: out.json,
    emit(event, fields = {}, human) {
      out.emit(event, fields, human);
      watch.event(event, fields);
    },
    note: (text) => out.note(text),
  };
}
