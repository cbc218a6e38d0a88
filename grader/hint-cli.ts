// npm run hint -- [LAB]: the hint for the first failing check of a lab, one level more detailed each
// time it is asked. It reuses the last grading while labs/ is unchanged, and grades again otherwise.
import { join } from 'node:path';
import { parseFlags, runProgram, UsageError } from '#kit/cli/flags.ts';
import { findReport, writeHtmlReportOrWarn } from './engine/html-report/report-files.ts';
import { renderReportLink } from './engine/report.ts';
import { REPO_ROOT } from './engine/run-lab.ts';
import { newRunSeed } from './engine/seeded-random.ts';
import type { LabDefinition } from './engine/types.ts';
import { findLab, LABS } from './labs/index.ts';
import { gradeLab, isNotStarted } from './workflow/grading.ts';
import { askHint, firstFailingCheck, hintLevels, renderHints } from './workflow/hints.ts';
import { folderFingerprint } from './workflow/lab-files.ts';
import { freshRecord, readProgress, recordResult, writeProgress, type Progress } from './workflow/progress-store.ts';
import { loadStarters } from './workflow/starters.ts';

const USAGE = `
usage: npm run hint -- [LAB]

  LAB   01 … 05; with none, the first lab you have not finished

Each time you ask, the hint for the first failing check says a little more. Hints never give the
solution's code: they point at the idea, the API and the README step.`;

await runProgram(USAGE, async () => {
  const argv = process.argv.slice(2);
  const words = argv.filter((a) => !a.startsWith('-'));
  const flags = parseFlags(
    argv.filter((a) => !words.includes(a)),
    { help: { type: 'boolean', short: 'h' } },
  );
  if (flags.help) return void console.log(USAGE.trim());
  if (words.length > 1) throw new UsageError('name one lab, for example: npm run hint -- 01');
  const labsRoot = join(REPO_ROOT, 'labs');
  const progress = readProgress(REPO_ROOT);
  const lab = words[0] === undefined ? labYouAreOn(progress) : (findLab(words[0]) ?? usage(`there is no lab "${words[0]}" (labs are 01 to 05)`));
  if (!lab.released) return void console.log(`Lab ${lab.id} is not released yet: there is nothing to hint at.`);

  const passed = await lastKnownResults(lab, labsRoot, progress);
  const check = firstFailingCheck(lab, (id) => passed[id]);
  if (!check) {
    const next = LABS[LABS.indexOf(lab) + 1];
    console.log(`Lab ${lab.id} passes every check: nothing to hint at.${next ? ` Next: Lab ${next.id} (npm run grade -- ${next.id}).` : ''}`);
    return;
  }
  const hint = askHint(progress, lab, check, hintLevels(lab, check, labsRoot, progress.labs[lab.id]?.failureHints?.[check.id]));
  writeProgress(REPO_ROOT, progress);
  process.stdout.write(renderHints(lab, check, hint, `Ask again (npm run hint -- ${lab.id})`));
  const report = findReport(REPO_ROOT, lab.id, progress.labs[lab.id]?.seed);
  if (report) process.stdout.write(renderReportLink(report, REPO_ROOT, 'the last grading, with a picture of each failing check'));
});

/** Check id → passed: from the last grading if nothing in labs/ changed since, else from a new one. */
async function lastKnownResults(lab: LabDefinition, labsRoot: string, progress: Progress): Promise<Record<string, boolean>> {
  const fingerprint = folderFingerprint(labsRoot);
  const fresh = freshRecord(lab, progress, fingerprint);
  if (fresh) return fresh.checks;
  // An untouched starter fails every check: no need to run them to know which comes first.
  if (isNotStarted(lab, labsRoot, loadStarters(REPO_ROOT))) return {};
  process.stderr.write(`grading Lab ${lab.id} to find its first failing check…\n`);
  const seed = newRunSeed();
  const result = await gradeLab(lab, { labsRoot, seed, shownFrom: REPO_ROOT, gradeUntouched: true });
  recordResult(progress, lab, result, seed, fingerprint);
  const style = { color: false, verbose: false, seed, command: 'npm run grade --', replayFlags: '' };
  writeHtmlReportOrWarn(REPO_ROOT, [result], [lab.id], { style, gradedAt: new Date().toLocaleString('en-GB'), source: 'your labs/' });
  return Object.fromEntries(result.checks.map((c) => [c.id, c.passed]));
}

/** The first released lab that is not known to pass every check. */
function labYouAreOn(progress: Progress): LabDefinition {
  const released = LABS.filter((lab) => lab.released);
  const unfinished = released.find((lab) => lab.checks.some((c) => progress.labs[lab.id]?.checks[c.id] !== true));
  return unfinished ?? released.at(-1) ?? usage('no lab is released yet');
}

function usage(message: string): never {
  throw new UsageError(message);
}
