// What Lab 03's PeerApp is built from once the login succeeded: the contract between the kit's peer
// program (kit/peer/peer-program.ts), each lab's peer.ts and the PeerApp a student writes.
import type { Output } from '../cli/output.ts';
import type { PeerEvents } from '../protocol/events.ts';
import type { PeerOptions } from '../programs/peer-command.ts';
import type { TrackerClient } from '../tracker/tracker-client.ts';
import type { FrameSplitter } from './frames.ts';
import type { PeerFeatureFactory } from './peer-feature.ts';

export interface PeerAppParts {
  me: string;
  options: PeerOptions;
  out: Output<PeerEvents>;
  tracker: TrackerClient;
  /** How direct connections are cut into frames: lines (Lab 03), lines and data (Lab 04). */
  splitter: () => FrameSplitter;
  features: PeerFeatureFactory[];
}
