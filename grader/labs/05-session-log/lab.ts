// Lab 05 as the grader sees it: the README's steps and the checks that verify them.
import type { LabDefinition } from '../../engine/types.ts';
import { historyChecks } from './history-checks.ts';
import { peerChecks } from './peer-checks.ts';
import { recoveryChecks } from './recovery-checks.ts';
import { reportChecks } from './report-checks.ts';
import { restartChecks } from './restart-checks.ts';
import { trackerChecks } from './tracker-checks.ts';
import { transcriptChecks } from './transcript-checks.ts';

export const sessionLogLab: LabDefinition = {
  id: '05',
  slug: '05-session-log',
  title: 'Session log',
  released: true,
  steps: {
    1: 'The session log',
    2: 'Close a session',
    3: 'Disconnect',
    4: 'Crash and silence',
    5: 'Restart',
    6: 'History',
  },
  checks: [...trackerChecks, ...historyChecks, ...reportChecks, ...restartChecks, ...recoveryChecks, ...peerChecks, ...transcriptChecks].sort((a, b) => a.step - b.step),
};
