// The student edition's npm test stays green whatever the student's progress. Its kept tests that
// could notice progress are run twice in one written edition: on the starters as they are, then with
// every lab replaced by its reference (a student who has finished everything). With the references,
// the type-check runs too: the final app ships and type-checks against whatever labs/ holds.
//
// "Could notice progress": a kept test that reads labs/ by path, copies the kit (kit-copy.ts) or runs
// the grader's command line. The others test the kit's own code (kit/, the grader's engine) on inputs
// of their own; the whole kept suite on the starters is run by student-edition.test.ts.
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { writeStudentEdition } from '../../grader/workflow/student-edition.ts';
import { removeFolder, runCommand, shareNodeModules, temporaryFolder } from './kit-copy.ts';

const NOTICES_PROGRESS = /['"`/]labs['"`/]|kit-copy\.ts|grader\/cli\.ts/;

let parent: string;
let edition: string;
let affected: string[];

beforeAll(() => {
  parent = temporaryFolder('edition-progress');
  edition = join(parent, 'sharing-is-caring');
  const { kept } = writeStudentEdition(REPO_ROOT, edition, { withGit: false });
  shareNodeModules(edition);
  affected = kept.filter((path) => path.endsWith('.test.ts') && NOTICES_PROGRESS.test(readFileSync(join(edition, path), 'utf8')));
});

afterAll(() => removeFolder(parent));

/** The chosen tests, one file at a time (this runs beside the kit's own tests, on the same cores). */
async function runAffectedTests(): Promise<void> {
  const run = await runCommand(edition, 'npx', ['vitest', 'run', '--maxWorkers=1', ...affected], 240_000);
  expect(run.status, `${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`).toBe(0);
}

describe("the student edition's tests, whatever the student's progress", () => {
  test('the tests that could notice progress are chosen', () => {
    // At least the one that reads every lab's README from labs/ ("Checks:" promises).
    expect(affected).toContain('test/grader/requirements.test.ts');
  });

  test('pass on the starters as they are', runAffectedTests, 240_000);

  test('pass, and the kit type-checks, when every lab is its reference', async () => {
    for (const lab of readdirSync(join(REPO_ROOT, 'solutions'))) cpSync(join(REPO_ROOT, 'solutions', lab), join(edition, 'labs', lab), { recursive: true });
    const types = await runCommand(edition, 'npx', ['tsc', '--noEmit', '-p', '.'], 180_000);
    expect(types.status, types.stdout.slice(-4000)).toBe(0);
    await runAffectedTests();
  }, 420_000);
});
