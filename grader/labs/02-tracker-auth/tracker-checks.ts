// Lab 02's checks of the tracker (README steps 1–7 and 9), played by scripted clients.
import type { CheckDefinition } from '../../engine/types.ts';
import { accountChecks } from './account-checks.ts';
import { diskFullChecks } from './disk-full-checks.ts';
import { lifecycleChecks } from './lifecycle-checks.ts';
import { lockoutChecks } from './lockout-checks.ts';
import { robustChecks } from './robust-checks.ts';

export const trackerChecks: CheckDefinition[] = [...accountChecks, ...lockoutChecks, ...robustChecks, ...lifecycleChecks, ...diskFullChecks];
