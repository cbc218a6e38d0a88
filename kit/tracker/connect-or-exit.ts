// How every program that talks to the tracker starts: connected and greeted by a tracker of this
// protocol, or one clear sentence and exit code 1;
// and once connected, a lost tracker is said (TRACKER_LOST) and ends the program.
import type { HostPort } from '../cli/flags.ts';
import type { Output } from '../cli/output.ts';
import type { PeerEvents } from '../protocol/events.ts';
import { TrackerClient, type LineSplitter } from './tracker-client.ts';

export async function connectOrExit(target: HostPort, decoder: LineSplitter, out: Output<Pick<PeerEvents, 'error'>>): Promise<TrackerClient> {
  let tracker: TrackerClient;
  try {
    tracker = await TrackerClient.connect(target.host, target.port, decoder);
    await tracker.greeting; // what answered must be a tracker of this protocol (§3.2 hello)
  } catch (error) {
    out.emit('error', { code: 'CONNECT_FAILED', message: (error as Error).message }, `error: ${(error as Error).message}`);
    process.exit(1);
  }
  tracker.on('closed', (reason) => {
    out.emit('error', { code: 'TRACKER_LOST', message: reason }, `error: ${reason}`);
    process.exit(1);
  });
  return tracker;
}
