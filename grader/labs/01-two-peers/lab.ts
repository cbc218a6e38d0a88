// Lab 01 as the grader sees it: the README's steps and the checks that verify them.
import type { LabDefinition } from '../../engine/types.ts';
import { twoPeersChecks } from './checks.ts';

export const twoPeersLab: LabDefinition = {
  id: '01',
  slug: '01-two-peers',
  title: 'Two peers',
  released: true,
  steps: {
    1: 'Listen',
    2: 'Connect',
    3: 'Talk both ways at once',
    4: 'Framing: TCP has no messages',
    5: 'UTF-8 split across chunks',
    6: 'Saying exit',
    7: 'Limits',
    8: 'A peer vanishing',
  },
  checks: twoPeersChecks,
};
