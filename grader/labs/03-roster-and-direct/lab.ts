// Lab 03 as the grader sees it: the README's steps and the checks that verify them.
import type { LabDefinition } from '../../engine/types.ts';
import { peerChecks } from './peer-checks.ts';
import { peerSessionChecks } from './peer-session-checks.ts';
import { sessionRuleChecks } from './session-rule-checks.ts';
import { trackerChecks } from './tracker-checks.ts';

export const rosterAndDirectLab: LabDefinition = {
  id: '03',
  slug: '03-roster-and-direct',
  title: 'Roster and direct chat',
  released: true,
  steps: {
    1: 'The roster',
    2: 'Presence',
    3: 'Lookup and tickets',
    4: 'Direct connections',
    5: 'Sessions',
    6: 'The terminal peer',
  },
  checks: [...trackerChecks, ...sessionRuleChecks, ...peerChecks, ...peerSessionChecks].sort((a, b) => a.step - b.step),
};
