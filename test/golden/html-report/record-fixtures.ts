// Records the inputs of the HTML report's golden test (test/grader/html-report-golden.test.ts): one
// failing check per lab, graded for real on a mutant of the reference, with seed 1. What changes from
// run to run (ports, temporary folders) is renamed in order of appearance, so the fixtures diff well.
//   npx tsx test/golden/html-report/record-fixtures.ts [CHECK…]   (then UPDATE_GOLDEN=1 for the outline)
// With check ids, only those fixtures are recorded again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { materializeMutant } from '../../../grader/engine/mutant.ts';
import { REPO_ROOT, runLab } from '../../../grader/engine/run-lab.ts';
import type { LabResult } from '../../../grader/engine/types.ts';
import { twoPeersMutants } from '../../../grader/labs/01-two-peers/mutants.ts';
import { trackerAuthMutants } from '../../../grader/labs/02-tracker-auth/mutants.ts';
import { rosterAndDirectMutants } from '../../../grader/labs/03-roster-and-direct/mutants.ts';
import { udpMutants } from '../../../grader/labs/04-file-transfer/udp-mutants.ts';
import { sessionLogMutants } from '../../../grader/labs/05-session-log/mutants.ts';
import { findLab } from '../../../grader/labs/index.ts';
import { withBuildsOn } from '../../../grader/workflow/grading.ts';
import { FIXTURES, type Fixture } from './fixtures.ts';

const MUTANTS = [...twoPeersMutants, ...trackerAuthMutants, ...rosterAndDirectMutants, ...udpMutants, ...sessionLogMutants];

const only = process.argv.slice(2);
for (const fixture of FIXTURES.filter((f) => only.length === 0 || only.includes(f.check))) {
  const lab = findLab(fixture.lab)!;
  const mutant = MUTANTS.find((m) => m.name === fixture.mutant)!;
  const labsRoot = materializeMutant(join(REPO_ROOT, 'solutions'), lab.slug, mutant, join(REPO_ROOT, '.work', 'mutants', `report-golden-${fixture.lab}-${fixture.check}`));
  const result = withBuildsOn(await runLab(lab, { labsRoot, seed: 1, only: [fixture.check], shownFrom: REPO_ROOT }), lab);
  if (result.checks.some((check) => check.passed)) throw new Error(`${fixture.mutant} did not fail ${fixture.check}`);
  writeFileSync(fixturePath(fixture), `${normalised(result)}\n`);
  console.log(`${fixture.lab} ${fixture.check}: ${result.checks[0]?.steps.length} steps, ${result.checks[0]?.wire?.length ?? 0} lines`);
}

function fixturePath(fixture: Fixture): string {
  return join(REPO_ROOT, 'test', 'golden', 'html-report', `lab${fixture.lab}-${fixture.check}.json`);
}

function normalised(result: LabResult): string {
  const text = JSON.stringify(result, null, 1);
  const renamed = new Map<string, string>();
  const rename = (kind: string, value: string, make: (n: number) => string) => {
    const key = `${kind} ${value}`;
    if (!renamed.has(key)) renamed.set(key, make([...renamed.keys()].filter((k) => k.startsWith(`${kind} `)).length + 1));
    return renamed.get(key)!;
  };
  return text
    .replace(/grade-(data-|udp-)?[A-Za-z0-9]{6}\b/g, (folder, kind = '') => rename('folder', folder, (n) => `grade-${kind}folder${n}`))
    .replace(/(127\.0\.0\.1:|0\.0\.0\.0:|\\"port\\":|"port":|"relayPort": |port )(\d{4,5})\b/g, (_, before: string, port: string) => `${before}${rename('port', port, (n) => String(40000 + n))}`);
}
