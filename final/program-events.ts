// The events the final app's programs print. Its tracker and its browser peer print the lab programs'
// events (kit/protocol/events.ts, docs/PROTOCOL.md §9.3 and §9.4) with where their page is on `ready`;
// the browser peer adds what its page is told, and `npm start` has a few of its own. None of this is
// part of the labs' contract (the grader never runs final/). Each program also says which unfinished
// lab steps it met (lab_needed), when it runs on a student's labs.
import type { PeerEvents, TrackerServerEvents } from '#kit/protocol/events.ts';
import type { HoldersEntry } from '#kit/protocol/messages.ts';
import type { CycleEnd } from './peer/login-cycle.ts';
import type { LabNeed } from './shared/lab-need.ts';

/** final/tracker/main.ts (`npm run tracker`). */
export interface FinalTrackerEvents extends TrackerServerEvents {
  /** port is null when the tracker does not listen: it needs the lab steps it reported. */
  /** relay: where peers that cannot dial each other are sent (HOST:PORT), or null without one; relay_pid: the relay this tracker runs. */
  ready: { host: string; port: number | null; db: string; dashboard: string; relay: string | null; relay_pid: number | null };
  lab_needed: LabNeed;
}

/**
 * final/peer/main.ts (`npm run peer`): the page answers the prompts and follows transfers on the wire,
 * so neither `prompt` nor `transfer` is printed.
 */
export interface FinalPeerEvents extends Omit<PeerEvents, 'ready' | 'prompt' | 'transfer'> {
  ready: { host: string; port: number; ui: string };
  tracker_state: { state: 'connecting' | 'unreachable' | 'connected'; address: string };
  chat_sent: { session: string; with: string; text: string };
  cycle: Record<string, never>;
  cycle_ended: { how: CycleEnd };
  search_result: { names: string[]; files: HoldersEntry[] };
  lab_needed: LabNeed;
}

/** final/demo.ts (`npm start`). */
export interface DemoEvents {
  /** tracker is null when it does not listen (see the lab_needed events before this one). */
  /** room: the code of carol's room (null when the labs cannot make one yet). */
  ready: { tracker: string | null; db: string; dashboard: string; peers: Record<string, string>; room: string | null; pids: number[] };
  /** A program of the demo met an unfinished lab step. */
  lab_needed: LabNeed & { program: string };
  stopped: Record<string, never>;
  error: { code: 'STOPPED' | 'DEMO_FAILED'; message: string };
}
