// Compile-time checks of the typed emit(): `tsc --noEmit` (the first half of `npm test`) fails if a line
// marked @ts-expect-error compiles, or if a line without the mark does not. Nothing here runs.
import { createOutput, type Output } from '#kit/cli/output.ts';
import type { PeerEvents, TrackerEvents, TrackerServerEvents, UdpReceiverEvents } from '#kit/protocol/events.ts';

export function emitTypeChecks(): void {
  const tracker = createOutput<TrackerEvents>({ json: true });
  tracker.emit('ready', { host: '127.0.0.1', port: 9876 }, 'a line for people');
  tracker.emit('session_ended', { session: 's-1', reason: 'closed' }); // `by` is optional
  // @ts-expect-error an event no program prints
  tracker.emit('redy', { host: '127.0.0.1', port: 9876 });
  // @ts-expect-error a field missing
  tracker.emit('ready', { host: '127.0.0.1' });
  // @ts-expect-error a field the event does not have
  tracker.emit('ready', { host: '127.0.0.1', port: 9876, db: 'data/tracker.db' });
  // @ts-expect-error a value the field does not take
  tracker.emit('logged_out', { username: 'alice', reason: 'gone' });

  // A running tracker's output can be given a tracker's; `ready` is the program's alone.
  const server: Output<TrackerServerEvents> = tracker;
  // @ts-expect-error the server's output has no ready
  server.emit('ready', { host: '127.0.0.1', port: 9876 });

  const peer = createOutput<PeerEvents>({ json: true });
  peer.emit('bye', {});
  // @ts-expect-error an event without fields takes none
  peer.emit('bye', { now: true });
  // @ts-expect-error not an error code of §7
  peer.emit('error', { code: 'OOPS', message: 'no such code' });
  // @ts-expect-error the tracker's event, not the peer's
  peer.emit('registered', { username: 'alice' });

  const receiver = createOutput<UdpReceiverEvents>({ json: true });
  receiver.emit('packet', { dir: 'in', dropped: 'BAD_CRC' });
  // @ts-expect-error the sender's event
  receiver.emit('timeout', { seqs: [3] });
  // @ts-expect-error a dropped datagram came in
  receiver.emit('packet', { dir: 'out', dropped: 'BAD_CRC' });

  // @ts-expect-error an output that names no table prints nothing
  createOutput({ json: true }).emit('ready', { host: '127.0.0.1', port: 9876 });
}
