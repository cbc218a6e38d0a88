// Every lab of the kit, in order. A lab that is not released yet is listed as "not started".
import type { LabDefinition } from '../engine/types.ts';
import { twoPeersLab } from './01-two-peers/lab.ts';
import { trackerAuthLab } from './02-tracker-auth/lab.ts';
import { rosterAndDirectLab } from './03-roster-and-direct/lab.ts';
import { fileTransferLab } from './04-file-transfer/lab.ts';
import { sessionLogLab } from './05-session-log/lab.ts';
import { roomsAndRelayLab } from './06-rooms-and-relay/lab.ts';

const notReleased = (id: string, slug: string, title: string): LabDefinition => ({ id, slug, title, released: false, steps: {}, checks: [] });

export const LABS: LabDefinition[] = [
  twoPeersLab,
  trackerAuthLab,
  rosterAndDirectLab,
  fileTransferLab,
  sessionLogLab,
  roomsAndRelayLab,
];

/** Labs being built: not graded by `npm run grade` yet, their checks proven by their own proof tests. */
export const LABS_IN_PROGRESS: LabDefinition[] = [];

/** Finds a lab by "01", "1" or its folder name. */
export function findLab(name: string): LabDefinition | undefined {
  const wanted = /^\d+$/.test(name) ? name.padStart(2, '0') : name;
  return LABS.find((lab) => lab.id === wanted || lab.slug === wanted);
}
