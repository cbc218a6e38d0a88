// Lab 02 starter: the tracker's listening socket (README step 1).
import type { Output } from '#kit/cli/output.ts';
import type { TrackerServerEvents } from '#kit/protocol/events.ts';
import type { TrackerOptions } from '#kit/programs/tracker-command.ts';
import type { FeatureFactory, OnlinePeer, TrackerHandle } from '#kit/tracker/tracker-feature.ts';
import { Accounts } from './accounts.ts';
import type { TrackerDatabase } from './database.ts';
import { Lockout } from './lockout.ts';
import { serveConnection } from './tracker-connection.ts';
import { UserStore } from './user-store.ts';

export interface RunningTracker {
  readonly port: number;
  readonly handle: TrackerHandle;
  close(): Promise<void>;
}

export async function startTracker(options: TrackerOptions, db: TrackerDatabase, out: Output<TrackerServerEvents>, featureFactories: FeatureFactory[] = []): Promise<RunningTracker> {
  const online = new Map<string, OnlinePeer>();
  const handle: TrackerHandle = { online, db, options, out };
  const features = featureFactories.map((make) => make(handle));
  const accounts = new Accounts(new UserStore(db), new Lockout(options.lockoutMs), options.scryptN);
  // TODO (README step 1): create a server (net.createServer, allowHalfOpen: true) whose connection
  //   handler calls serveConnection(socket, { accounts, online, features, options, out }); refuse a
  //   connection beyond options.maxPerIp from one address with TOO_MANY_CONNECTIONS; listen on
  //   options.port and options.host; resolve with the port you got, the handle, and a close() that
  //   ends every connection and the server.
  void [features, accounts];
  throw new Error(`TODO (README step 1): listen on ${options.host}:${options.port}`);
}
