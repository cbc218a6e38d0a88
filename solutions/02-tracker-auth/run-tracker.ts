// Starts a tracker as a program: opens the database, listens, says ready, and shuts down cleanly on
// Ctrl+C or SIGTERM. Later labs call this with their features.
import type { Output } from '#kit/cli/output.ts';
import type { TrackerOptions } from '#kit/programs/tracker-command.ts';
import type { FeatureFactory } from '#kit/tracker/tracker-feature.ts';
import { openDatabase, type TrackerDatabase } from './database.ts';
import { startTracker } from './tracker-server.ts';

export async function runTracker(options: TrackerOptions, out: Output, features: FeatureFactory[] = []): Promise<void> {
  let db: TrackerDatabase;
  try {
    db = openDatabase(options.db);
  } catch (error) {
    out.emit('error', { code: 'DISK_ERROR', message: `cannot open the database ${options.db}: ${(error as Error).message}` });
    process.exit(1);
  }
  let tracker;
  try {
    tracker = await startTracker(options, db, out, features);
  } catch (error) {
    out.emit('error', { code: 'LISTEN_FAILED', message: `cannot listen on ${options.host}:${options.port}: ${(error as Error).message}` });
    process.exit(1);
  }
  out.emit('ready', { host: options.host, port: tracker.port, db: options.db }, `tracker listening on ${options.host}:${tracker.port} (database ${options.db})`);
  const stop = async () => {
    await tracker.close();
    db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
