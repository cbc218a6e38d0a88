// Where the HTML reports go: one file per run under .work/reports/ (never committed), named by the
// labs graded and the seed, so a replay with --seed writes over the run it replays; latest.html is a
// copy of the newest. Only the newest few dozen runs are kept.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabResult } from '../types.ts';
import { renderReportPage, type PageInfo } from './report-page.ts';

export const REPORTS_DIR = '.work/reports';
export const LATEST_REPORT = 'latest.html';
const KEPT_RUNS = 40;
const RUN_FILE = /^grade-([0-9a-z-]+)-(\d+)\.html$/;

/** "grade-01-1234.html", "grade-03-04-1234.html"; every lab (no lab named): "grade-all-1234.html". */
export function reportFileName(labIds: readonly string[] | 'all', seed: number): string {
  return `grade-${labIds === 'all' ? 'all' : labIds.join('-')}-${seed}.html`;
}

export function reportPath(kitRoot: string, labIds: readonly string[] | 'all', seed: number): string {
  return join(kitRoot, REPORTS_DIR, reportFileName(labIds, seed));
}

/** Writes the run's report and latest.html; returns the run's file. */
export function writeHtmlReport(kitRoot: string, labs: readonly LabResult[], labIds: readonly string[] | 'all', info: PageInfo): string {
  const folder = join(kitRoot, REPORTS_DIR);
  mkdirSync(folder, { recursive: true });
  const html = renderReportPage(labs, info);
  const path = join(folder, reportFileName(labIds, info.style.seed));
  writeWhole(path, html);
  writeWhole(join(folder, LATEST_REPORT), html);
  pruneOldRuns(folder);
  return path;
}

/** The same, but a report that cannot be written (a full disk, a read-only checkout) only warns: the grading stands. */
export function writeHtmlReportOrWarn(kitRoot: string, labs: readonly LabResult[], labIds: readonly string[] | 'all', info: PageInfo): string | undefined {
  try {
    return writeHtmlReport(kitRoot, labs, labIds, info);
  } catch (error) {
    process.stderr.write(`could not write the HTML report: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** The report of the run that graded this lab with this seed, if it is still there. */
export function findReport(kitRoot: string, labId: string, seed: number | undefined): string | undefined {
  if (seed === undefined) return undefined;
  const folder = join(kitRoot, REPORTS_DIR);
  if (!existsSync(folder)) return undefined;
  const name = readdirSync(folder).find((file) => {
    const match = RUN_FILE.exec(file);
    return match !== null && Number(match[2]) === seed && (match[1] === 'all' || match[1]!.split('-').includes(labId));
  });
  return name && join(folder, name);
}

// Whole or not at all: a browser reloading the page never reads half a report.
function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function pruneOldRuns(folder: string): void {
  const runs = readdirSync(folder)
    .filter((file) => RUN_FILE.test(file))
    .map((file) => ({ file, at: statSync(join(folder, file)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { file } of runs.slice(KEPT_RUNS)) rmSync(join(folder, file), { force: true });
}
