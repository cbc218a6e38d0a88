// The grade report as one HTML file: every lab, every check, and for each failed check the story the
// terminal tells (report.ts's own lines), a sequence diagram of everything that happened in it, and
// every message in full. Passing checks are folded away. Whatever came from a program is text here,
// escaped, and the page allows no script at all (its Content-Security-Policy), so bytes a program sent
// can never run in it.
import { escapeMarkup } from '#kit/markup/escape.ts';
import { renderFailure, type ReportStyle } from '../report.ts';
import type { CheckResult, LabResult } from '../types.ts';
import { drawCheck } from './check-diagram.ts';
import { countDatagrams, datagramSummaryHtml, isDatagramCheck } from './datagram-summary.ts';
import { PAGE_STYLE } from './page-style.ts';
import { timelineOf } from './timeline.ts';

// No script, no fetch: styles inline, pictures inline. Forms and <base> could not do harm either.
const POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface PageInfo {
  /** The same style as the terminal report: the story lines are report.ts's. */
  style: ReportStyle;
  /** When the grading ran, as people read it. */
  gradedAt: string;
  /** What was graded, e.g. "your labs/", "the reference solutions", "--dir submissions/ada". */
  source: string;
}

export function renderReportPage(labs: readonly LabResult[], info: PageInfo): string {
  const style: ReportStyle = { ...info.style, color: false };
  const title = `Grade report · ${labs.map((lab) => `Lab ${lab.id}`).join(', ')} · seed ${style.seed}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkup(title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head><body>',
    `<header class="page"><h1>${escapeMarkup(title)}</h1>`,
    `<p>${escapeMarkup(`${info.source} · graded ${info.gradedAt} · replay with ${style.command} ${labs.map((lab) => lab.id).join(' ')} ${[style.replayFlags, `--seed ${style.seed}`].filter(Boolean).join(' ')}`)}</p>`,
    '<p>Click a step of a diagram for its full bytes (or rest the pointer on it).</p></header>',
    '<main>',
    labTable(labs),
    ...labs.map((lab, l) => labSection(lab, l, style)),
    '</main></body></html>',
    '',
  ].join('\n');
}

function labTable(labs: readonly LabResult[]): string {
  const rows = labs.map((lab, l) => {
    const passed = lab.checks.filter((c) => c.passed).length;
    const failing = lab.checks.map((check, c) => ({ check, c })).filter(({ check }) => !check.passed);
    const verdict = lab.status !== 'graded' ? lab.status.replace('-', ' ') : failing.length === 0 ? '<span class="passed">✓ done</span>' : `<span class="failed">✗ ${failing.length} failing</span>`;
    const links = lab.status === 'graded' ? failing.map(({ check, c }) => `<a href="#${checkAnchor(l, c)}"><code>${escapeMarkup(check.id)}</code></a>`).join(' ') : '';
    return `<tr><th scope="row"><a href="#lab-${l}">Lab ${escapeMarkup(lab.id)} · ${escapeMarkup(lab.title)}</a></th><td>${passed}/${lab.checks.length}</td><td>${verdict}</td><td>${links}</td></tr>`;
  });
  return `<table class="labs"><thead><tr><th>lab</th><th>checks passed</th><th></th><th>failing</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function labSection(lab: LabResult, l: number, style: ReportStyle): string {
  const heading = `<h2 id="lab-${l}">Lab ${escapeMarkup(lab.id)} · ${escapeMarkup(lab.title)}</h2>`;
  if (lab.status !== 'graded') {
    const why = lab.status === 'not-started' ? `labs/${lab.slug}/ is still the starter, so its checks were not run` : 'this lab is not released yet';
    return `<section class="lab">${heading}<p>Not started: ${escapeMarkup(why)}.</p></section>`;
  }
  const checks = lab.checks.map((check, c) => (check.passed ? passedCheck(check) : failedCheck(lab, check, checkAnchor(l, c), style)));
  return `<section class="lab">${heading}${checks.join('\n')}</section>`;
}

function passedCheck(check: CheckResult): string {
  return `<details class="check passed"><summary>✓ <code>${escapeMarkup(check.id)}</code> <span class="title">${escapeMarkup(check.title)}</span></summary><div class="check-body">${stepList(check)}</div></details>`;
}

function failedCheck(lab: LabResult, check: CheckResult, anchor: string, style: ReportStyle): string {
  const story = renderFailure(lab, check, style).join('\n');
  const kind = check.failure?.kind ?? 'expectation';
  const summary = `✗ <code>${escapeMarkup(check.id)}</code> <span class="title">${escapeMarkup(check.title)}</span><span class="kind">${escapeMarkup(kind)}</span>`;
  return `<details class="check failed" id="${anchor}" open><summary>${summary}</summary><div class="check-body"><pre class="story">${escapeMarkup(story)}</pre>${picture(check, anchor)}</div></details>`;
}

function picture(check: CheckResult, anchor: string): string {
  // A check that never ran (a lab not started) has no story to draw.
  if (check.steps.length === 0) return '';
  const timeline = timelineOf(check);
  const entryAnchor = (index: number) => `${anchor}-e${index}`;
  const diagram = drawCheck(timeline, `${check.id}: ${check.title}`, entryAnchor);
  const datagrams = isDatagramCheck(timeline, check.steps) ? datagramSummaryHtml(countDatagrams(timeline, check.steps)) : '';
  const records = diagram.covered.map((index) => {
    const entry = timeline.entries[index]!;
    return `<li id="${entryAnchor(index)}"${entry.alert ? ' class="alert"' : ''}><span class="at">+${entry.atMs} ms</span><pre>${escapeMarkup(entry.full)}</pre></li>`;
  });
  const leftOut = diagram.leftOut > 0 ? `<p class="left-out">${diagram.leftOut} steps far from the failure are not drawn here; the terminal report lists every numbered step.</p>` : '';
  return `${datagrams}${leftOut}<div class="picture"><div class="diagram">${diagram.svg}</div><div class="records"><h4>Every step in full</h4><ol>${records.join('')}</ol></div></div>`;
}

function stepList(check: CheckResult): string {
  const items = check.steps.map((step) => `<li>${escapeMarkup([step.text, ...step.detail.map((line) => `  ${line}`)].join('\n'))}</li>`);
  return items.length > 0 ? `<ol class="steps">${items.join('')}</ol>` : '';
}

function checkAnchor(lab: number, check: number): string {
  return `lab-${lab}-check-${check}`;
}
