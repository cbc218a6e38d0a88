// Lab 02 as the grader sees it: the README's steps and the checks that verify them.
import type { LabDefinition } from '../../engine/types.ts';
import { clientChecks } from './client-checks.ts';
import { trackerChecks } from './tracker-checks.ts';

export const trackerAuthLab: LabDefinition = {
  id: '02',
  slug: '02-tracker-auth',
  title: 'Tracker and accounts',
  released: true,
  steps: {
    1: 'Listen and serve many peers at once',
    2: 'The greeting',
    3: 'Registration',
    4: 'Storing passwords safely',
    5: 'Login',
    6: 'Lockout',
    7: 'Accounts that survive a restart',
    8: 'The terminal client',
    9: 'Hostile and broken input',
  },
  checks: [...trackerChecks, ...clientChecks].sort((a, b) => a.step - b.step),
};
