// Lab 01's checks, one README step at a time. Each drives the student's peer as the other peer would,
// and explains what a failure means.
import type { CheckDefinition } from '../../engine/types.ts';
import { connectionChecks } from './connection-checks.ts';
import { exitChecks } from './exit-checks.ts';
import { framingChecks } from './framing-checks.ts';
import { limitChecks } from './limit-checks.ts';

export const twoPeersChecks: CheckDefinition[] = [...connectionChecks, ...framingChecks, ...exitChecks, ...limitChecks].sort((a, b) => a.step - b.step);
