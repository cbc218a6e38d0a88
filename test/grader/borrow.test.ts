// --borrow grades a lab on top of the reference of earlier labs: a solved Lab 03 over untouched Labs
// 01 and 02 fails without it and passes with it.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { borrowMappings } from '../../grader/engine/borrow.ts';
import { REPO_ROOT, runLab } from '../../grader/engine/run-lab.ts';
import { rosterAndDirectLab } from '../../grader/labs/03-roster-and-direct/lab.ts';
import { PROOF_SEED, SOLUTIONS, STARTERS } from './lab-proof.ts';

test('a lab runs on the reference of the labs it borrows', async () => {
  const root = join(REPO_ROOT, '.work', 'borrow', 'labs');
  rmSync(root, { recursive: true, force: true });
  cpSync(STARTERS, root, { recursive: true });
  const solved = join(SOLUTIONS, rosterAndDirectLab.slug);
  for (const file of readdirSync(solved)) cpSync(join(solved, file), join(root, rosterAndDirectLab.slug, file));
  const only = ['roster.lists', 'peer.list'];
  const own = await runLab(rosterAndDirectLab, { labsRoot: root, seed: PROOF_SEED, only });
  expect(own.checks.map((c) => c.passed)).toEqual([false, false]);
  const borrow = borrowMappings(root, SOLUTIONS, ['01-two-peers', '02-tracker-auth']);
  const borrowed = await runLab(rosterAndDirectLab, { labsRoot: root, seed: PROOF_SEED, only, borrow });
  expect(borrowed.checks.map((c) => c.passed)).toEqual([true, true]);
}, 60_000);
