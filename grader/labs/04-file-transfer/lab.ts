// Lab 04 as the grader sees it: the README's steps and the checks that verify them.
import type { LabDefinition } from '../../engine/types.ts';
import { fileChecks } from './file-checks.ts';
import { indexChecks } from './index-checks.ts';
import { udpChecks } from './udp-checks.ts';

export const fileTransferLab: LabDefinition = {
  id: '04',
  slug: '04-file-transfer',
  title: 'File transfer',
  released: true,
  steps: {
    1: 'Send a file in a session',
    2: 'Safe names',
    3: 'Progress',
    4: 'The file index',
    5: 'Who has it, and parallel downloads',
    6: 'Failover',
    7: 'Reliable UDP: Go-Back-N',
    8: 'Reliable UDP: Selective Repeat',
  },
  checks: [...fileChecks, ...indexChecks, ...udpChecks].sort((a, b) => a.step - b.step),
};
