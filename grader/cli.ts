// npm run grade -- [LAB…] [--ref | --dir PATH] [--seed N] [--only ID,…] [--first] [--verbose] [--json [FILE]] [--junit FILE] [--gradescope FILE] [--watch] [--open | --no-report]
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFlags, runProgram, UsageError } from '#kit/cli/flags.ts';
import { openInBrowser } from './engine/html-report/open-in-browser.ts';
import { writeHtmlReportOrWarn } from './engine/html-report/report-files.ts';
import { renderJson, renderLab, renderReportLink, renderSummary, type ReportStyle } from './engine/report.ts';
import { REPO_ROOT } from './engine/run-lab.ts';
import { newRunSeed } from './engine/seeded-random.ts';
import type { LabResult } from './engine/types.ts';
import { findLab, LABS } from './labs/index.ts';
import { borrowMappings, MissingReferences } from './engine/borrow.ts';
import { gradeLab, isUnfinished } from './workflow/grading.ts';
import { renderJUnit } from './workflow/junit.ts';
import { renderGradescope } from './gradescope/results-json.ts';
import { folderFingerprint } from './workflow/lab-files.ts';
import { renderOverview, sinceLastTime } from './workflow/overview.ts';
import { loadPoints, pointsView } from './workflow/points.ts';
import { freshRecord, readProgress, recordResult, storedResult, writeProgress } from './workflow/progress-store.ts';
import { loadStarters } from './workflow/starters.ts';
import { runWatchMode } from './workflow/watch-mode.ts';

const USAGE = `
usage: npm run grade -- [LAB…] [options]

  LAB            01 … 05 (or a lab folder name); with none, an overview of every lab
  --watch        grade LAB again each time you save a file (q quits, h shows a hint)
  --ref          grade the reference solutions instead of your labs/
  --dir PATH     grade another checkout (a folder holding labs/, or the lab folders themselves)
  --seed N       replay a run: the same random fault choices as the run that printed seed N
  --only ID,…    run only these checks (an id such as framing.split, or an area such as framing)
  --first        stop at the first failing check, in README step order: the quickest answer while you work
  --again        with no LAB: grade every lab again, also those unchanged since their last grading
  --verbose      print every check's full transcript, passing ones too
  --json         print machine-readable results (with points) instead of the report
                 (with npm, add --silent before run so npm's banner stays out: npm run --silent grade -- --json)
  --json FILE    also write them to FILE, whatever npm prints
  --junit FILE   also write the results as JUnit XML (with points) to FILE
  --gradescope FILE  also write them as Gradescope's results.json to FILE
  --concurrency N  checks run at once (default 3)
  --borrow NN,…  run the lab on top of the reference of these earlier labs (stuck on Lab 02? --borrow 02)
  --open         open the run's HTML report (.work/reports/) in your browser
  --no-report    write no HTML report (CI, batch grading)

A lab whose files are still its starter is reported as not started, unless you name it.`;

const VALUED_FLAGS = ['--dir', '--seed', '--only', '--concurrency', '--junit', '--gradescope', '--borrow'];

await runProgram(USAGE, async () => {
  const { argv, jsonFile } = takeJsonFile(process.argv.slice(2));
  const words = argv.filter((a, i) => !a.startsWith('--') && !VALUED_FLAGS.includes(argv[i - 1] ?? ''));
  const flags = parseFlags(
    argv.filter((a) => !words.includes(a)),
    {
      ref: { type: 'boolean' },
      dir: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      verbose: { type: 'boolean' },
      first: { type: 'boolean' },
      again: { type: 'boolean' },
      json: { type: 'boolean' },
      junit: { type: 'string' },
      gradescope: { type: 'string' },
      watch: { type: 'boolean' },
      concurrency: { type: 'string' },
      borrow: { type: 'string' },
      open: { type: 'boolean' },
      'no-report': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  );
  if (flags.help) return void console.log(USAGE.trim());
  const named = words.map((word) => findLab(word) ?? usage(`there is no lab "${word}" (labs are 01 to 05)`));
  const labs = named.length === 0 ? LABS : named;
  if (flags.ref && flags.dir) usage('--ref and --dir cannot go together');
  if (flags.open && flags['no-report']) usage('--open and --no-report cannot go together');
  if (flags.first && (flags.json || jsonFile || flags.junit || flags.gradescope)) usage('--first stops early, so its results are not a grade: leave it out with --json, --junit or --gradescope');
  const withoutReference = labs.filter((lab) => !existsSync(join(REPO_ROOT, 'solutions', lab.slug)));
  if (flags.ref && withoutReference.length > 0) unavailable(new MissingReferences('--ref', withoutReference.map((lab) => lab.slug)));
  // The student's own labs/: only then is progress remembered.
  const own = !flags.ref && !flags.dir;
  const labsRoot = flags.ref ? join(REPO_ROOT, 'solutions') : flags.dir ? labsFolderOf(flags.dir) : join(REPO_ROOT, 'labs');
  const seed = flags.seed === undefined ? newRunSeed() : wholeNumber('--seed', flags.seed);
  const only = flags.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  if (only.length > 0 && labs.length !== 1) usage('--only needs exactly one lab, for example: npm run grade -- 01 --only framing');
  const concurrency = flags.concurrency === undefined ? 3 : wholeNumber('--concurrency', flags.concurrency);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const borrowed = (flags.borrow ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((word) => findLab(word)?.slug ?? usage(`--borrow: there is no lab "${word}"`));
  if (borrowed.length > 0 && flags.ref) usage('--borrow goes with your own labs (or --dir), not --ref');
  let borrow: Array<[string, string]> | undefined;
  try {
    borrow = borrowed.length > 0 ? borrowMappings(labsRoot, join(REPO_ROOT, 'solutions'), borrowed) : undefined;
  } catch (error) {
    if (error instanceof MissingReferences) unavailable(error);
    usage((error as Error).message);
  }

  if (flags.watch) {
    const [lab] = named;
    if (!lab || named.length !== 1) usage('--watch needs exactly one lab, for example: npm run grade -- 01 --watch');
    if (flags.json || jsonFile || flags.junit || flags.gradescope || flags.ref) usage('--watch cannot go with --json, --junit, --gradescope or --ref');
    if (flags.open || flags['no-report']) usage('--watch names the report of each grading itself: leave out --open and --no-report');
    const passOn = [...(flags.dir ? ['--dir', resolve(flags.dir)] : []), ...(only.length > 0 ? ['--only', only.join(',')] : []), ...(flags.first ? ['--first'] : [])];
    const input = process.stdin;
    await runWatchMode({ kitRoot: REPO_ROOT, lab, labs: LABS, labsRoot, passOn, seed, color, own, input, output: process.stdout, interactive: Boolean(input.isTTY && process.stdout.isTTY) });
    // Standard input, still open when the student quit with q, would keep the process alive.
    input.destroy();
    return;
  }

  const starters = flags.ref ? undefined : loadStarters(REPO_ROOT);
  const progress = own ? readProgress(REPO_ROOT) : undefined;
  const before = structuredClone(progress);
  const fingerprint = own ? folderFingerprint(labsRoot) : '';
  const overview = own && named.length === 0 && !flags.json && !flags.verbose;
  const points = pointsView(loadPoints(REPO_ROOT));
  const style: ReportStyle = {
    color,
    verbose: flags.verbose ?? false,
    seed,
    command: 'npm run grade --',
    replayFlags: [flags.ref ? '--ref' : flags.dir ? `--dir ${flags.dir}` : '', borrowed.length > 0 ? `--borrow ${flags.borrow}` : ''].filter(Boolean).join(' '),
    ...(flags.dir ? { points } : {}),
  };
  const live = !flags.json && Boolean(process.stdout.isTTY);
  // The overview grades only what changed: a lab whose last grading saw the same labs/ is shown
  // from it (a replay with --seed, or --again, grades everything).
  const reuse = overview && flags.seed === undefined && !flags.again && only.length === 0 && !flags.first && !flags.open && borrowed.length === 0 && !jsonFile && !flags.junit && !flags.gradescope;
  const reused: Record<string, string> = {};
  const results: LabResult[] = [];
  for (const lab of labs) {
    const fresh = reuse && progress ? freshRecord(lab, progress, fingerprint) : undefined;
    if (fresh) {
      reused[lab.id] = fresh.gradedAt ?? '';
      results.push(storedResult(lab, fresh));
      continue;
    }
    const result = await gradeLab(lab, {
      labsRoot,
      seed,
      only,
      concurrency,
      shownFrom: REPO_ROOT,
      starters,
      gradeUntouched: named.length > 0,
      firstFailure: flags.first ?? false,
      ...(borrow ? { borrow } : {}),
      onCheckDone: live ? (_, done, total) => process.stdout.write(`\r  Lab ${lab.id}: checking ${done}/${total}…`) : undefined,
    });
    if (live) process.stdout.write('\r\x1b[2K');
    results.push(result);
    if (progress) recordResult(progress, lab, result, seed, fingerprint);
    if (!flags.json && !overview) process.stdout.write(renderLab(result, style) + '\n');
  }
  if (progress) writeProgress(REPO_ROOT, progress);

  if (flags.junit) writeFileSync(resolve(flags.junit), renderJUnit(results, seed, points));
  if (flags.gradescope) writeFileSync(resolve(flags.gradescope), JSON.stringify(renderGradescope(results, seed, points, style), null, 2) + '\n');
  if (jsonFile) writeFileSync(resolve(jsonFile), renderJson(results, seed, points) + '\n');
  if (flags.json) process.stdout.write(renderJson(results, seed, points) + '\n');
  else if (overview && before) process.stdout.write(renderOverview(LABS, results, before, { color, seed, reused }));
  else {
    const notes = before ? Object.fromEntries(results.map((r) => [r.id, sinceLastTime(r, before)])) : undefined;
    process.stdout.write(renderSummary(results, { ...style, ...(notes ? { notes } : {}) }));
  }
  if (!flags['no-report']) {
    const source = flags.ref ? 'the reference solutions (--ref)' : flags.dir ? `--dir ${flags.dir}` : 'your labs/';
    const borrowing = borrowed.length > 0 ? ` on top of the reference of ${borrowed.join(', ')}` : '';
    // Labs shown from an earlier grading keep that grading's report: their stories are not here.
    const graded = results.filter((result) => !(result.id in reused));
    const report = graded.length === 0 ? undefined : writeHtmlReportOrWarn(REPO_ROOT, graded, named.length === 0 ? 'all' : named.map((lab) => lab.id), { style, gradedAt: new Date().toLocaleString('en-GB'), source: source + borrowing });
    if (report && !flags.json) process.stdout.write(renderReportLink(report));
    const refused = report && flags.open ? await openInBrowser(report) : undefined;
    if (refused) process.stderr.write(`could not open the report (${refused}): open ${report} in a browser\n`);
  }
  process.exitCode = results.some(isUnfinished) ? 1 : 0;
});

/**
 * `--json FILE`: the word after --json is a file when it is neither a flag nor a lab's name, so
 * `--json 03` still grades Lab 03 and prints JSON. Taken out of argv before the flags are parsed.
 */
function takeJsonFile(argv: string[]): { argv: string[]; jsonFile?: string } {
  const at = argv.indexOf('--json');
  const next = argv[at + 1];
  if (at === -1 || next === undefined || next.startsWith('-') || findLab(next)) return { argv };
  return { argv: [...argv.slice(0, at), ...argv.slice(at + 2)], jsonFile: next };
}

function labsFolderOf(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(root)) usage(`--dir ${dir}: no such folder`);
  return existsSync(join(root, 'labs')) ? join(root, 'labs') : root;
}

function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) usage(`${flag} must be a whole number (got "${value}")`);
  return Number(value);
}

function usage(message: string): never {
  throw new UsageError(message);
}

// Not a mistake in the command, so no usage text: what is missing, and who can provide it.
function unavailable(error: MissingReferences): never {
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(2);
}
