// The tracker's listening socket: many peers at once on one thread, each connection served by its
// own state machine while the event loop interleaves them.
import net from 'node:net';
import type { Output } from '#kit/cli/output.ts';
import type { TrackerServerEvents } from '#kit/protocol/events.ts';
import { encode } from '#kit/protocol/messages.ts';
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
  const perAddress = new Map<string, number>();
  const sockets = new Set<net.Socket>();

  // #region per-address
  // allowHalfOpen: a client may send its last request and FIN at once; we still owe it the reply.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const address = socket.remoteAddress ?? '?';
    const count = (perAddress.get(address) ?? 0) + 1;
    if (count > options.maxPerIp) {
      socket.on('error', () => {});
      socket.end(encode({ type: 'error', code: 'TOO_MANY_CONNECTIONS', message: `at most ${options.maxPerIp} connections from one address` }));
      return;
    }
    perAddress.set(address, count);
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
    serveConnection(socket, { accounts, online, features, options, out });
  });
  // #endregion per-address
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    handle,
    close: async () => {
      for (const feature of features) feature.close?.();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
