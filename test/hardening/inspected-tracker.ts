// The reference tracker started with the V8 inspector on a loopback port chosen by the system, so a
// test can force a collection and read the live heap. The inspector closes with the process.
import { connect } from 'node:net';
import { startReferenceTracker, type TrackerRun } from './tracker-process.ts';

export interface InspectedTrackerRun extends TrackerRun {
  /** `ws://127.0.0.1:<port>/<uuid>`, from the "Debugger listening on" line. */
  inspectorUrl: string;
}

const LISTENING = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/;

export async function startInspectedTracker(extra: string[] = []): Promise<InspectedTrackerRun> {
  // The shared launcher takes no node flags, and NODE_OPTIONS is read when the child is spawned, which
  // happens synchronously inside this call: set it for that one call and put it back at once.
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${saved ?? ''} --inspect=127.0.0.1:0`.trim();
  let starting: Promise<TrackerRun>;
  try {
    starting = startReferenceTracker(extra);
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
  const run = await starting;
  // Node prints the line on stderr at start-up, before the program runs, so it is there by now;
  // the short wait only covers the two pipes being read in either order.
  for (let waited = 0; ; waited += 20) {
    const found = LISTENING.exec(run.output());
    if (found?.[1]) return { ...run, inspectorUrl: found[1] };
    if (waited > 2_000) {
      await run.stop();
      throw new Error(`the tracker printed no inspector address:\n${run.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True when something still accepts connections on the inspector's port. */
export function inspectorListening(url: string): Promise<boolean> {
  const port = Number(new URL(url).port);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
