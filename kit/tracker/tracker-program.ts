// The shell of every tracker program: flags, the database, listening, the ready event, and a clean
// stop on Ctrl+C or SIGTERM. The lab supplies how to open the database and start the server, and the
// features later labs add.
import type { Output } from '../cli/output.ts';
import { runProgram } from '../cli/flags.ts';
import { createOutput } from '../cli/output.ts';
import type { TrackerEvents, TrackerServerEvents } from '../protocol/events.ts';
import { exitAfterStartFailure } from '../programs/start-failure.ts';
import { parseTrackerCommand, TRACKER_USAGE, type TrackerOptions } from '../programs/tracker-command.ts';
import type { FeatureFactory } from './tracker-feature.ts';

export interface TrackerParts<Db extends { close(): unknown }> {
  openDatabase(path: string): Db;
  startTracker(options: TrackerOptions, db: Db, out: Output<TrackerServerEvents>, features: FeatureFactory[]): Promise<{ port: number; close(): Promise<void> }>;
}

export async function runTrackerProgram<Db extends { close(): unknown }>(parts: TrackerParts<Db>, features: FeatureFactory[] = []): Promise<void> {
  await runProgram(TRACKER_USAGE, async () => {
    const command = parseTrackerCommand(process.argv.slice(2));
    if (command.mode === 'help') return void console.log(TRACKER_USAGE.trim());
    const out = createOutput<TrackerEvents>({ json: command.json });
    let db: Db;
    try {
      db = parts.openDatabase(command.db);
    } catch (error) {
      out.emit('error', { code: 'DISK_ERROR', message: `cannot open the database ${command.db}: ${(error as Error).message}` });
      process.exit(1);
    }
    let tracker: { port: number; close(): Promise<void> };
    try {
      tracker = await parts.startTracker(command, db, out, features);
    } catch (error) {
      // Features set up their tables before the server listens: not every failure here is the port.
      exitAfterStartFailure(out, error, { listening: `on ${command.host}:${command.port}`, storage: `the database ${command.db}` });
    }
    out.emit('ready', { host: command.host, port: tracker.port }, `tracker listening on ${command.host}:${tracker.port} (database ${command.db})`);
    const stop = async () => {
      await tracker.close();
      db.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}
