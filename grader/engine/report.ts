// What the student reads: ✓/✗ per check grouped by README step, a progress bar, the full story of
// each failure, and a summary of every lab.
import { isAbsolute, relative } from 'node:path';
import { progressBar } from './progress-bar.ts';
import type { BuildsOn, CheckResult, LabResult } from './types.ts';

export interface Points {
  points: number;
  maxPoints: number;
}

/** Points of a lab and of each of its checks (from grader/points.json). */
export interface PointsOf {
  lab(lab: LabResult): Points;
  check(lab: LabResult, check: CheckResult): Points;
}

export interface ReportStyle {
  color: boolean;
  verbose: boolean;
  seed: number;
  /** How to run the grader again, e.g. "npm run grade --" (used in replay lines). */
  command: string;
  /** Extra flags that the replay line must repeat, e.g. "--ref". */
  replayFlags: string;
  /** Failing checks shown in full; the rest are listed (all with --verbose). */
  detailedFailures?: number;
  /** When set, the summary shows each lab's points (grading a submission). */
  points?: PointsOf;
  /** Lab id → a short note at the end of its summary line, e.g. the change since the last run. */
  notes?: Record<string, string>;
}

const DETAILED_FAILURES = 3;

export function renderLab(lab: LabResult, style: ReportStyle): string {
  const paint = painter(style.color);
  const lines = [paint.bold(`Lab ${lab.id} · ${lab.title}`)];
  if (lab.status === 'not-released') {
    lines.push(`  not started: this lab's starter and checks are not released yet (labs/${lab.slug}/README.md)`, '');
    return lines.join('\n');
  }
  if (lab.status === 'not-started') {
    lines.push(
      `  not started: labs/${lab.slug}/ is still the starter, so its ${lab.checks.length} checks were not run`,
      `  begin with labs/${lab.slug}/README.md; ${style.command} ${lab.id} runs the checks anyway`,
      '',
    );
    return lines.join('\n');
  }
  for (const step of stepsIn(lab)) {
    lines.push(`  Step ${step} · ${lab.steps[step] ?? ''}`);
    for (const check of lab.checks.filter((c) => c.step === step)) {
      const mark = check.passed ? paint.green('✓') : paint.red('✗');
      lines.push(`    ${mark} ${check.id.padEnd(22)} ${check.title}`);
    }
  }
  const passed = lab.checks.filter((c) => c.passed).length;
  const notRun = lab.notRun?.length ?? 0;
  lines.push(`  ${progressBar(passed, lab.checks.length + notRun)} checks passed`);
  if (notRun > 0) lines.push(`  stopped at the first failing check: ${notRun} more not run (leave out --first to run them all)`);
  lines.push('');

  const failures = lab.checks.filter((c) => !c.passed);
  const detailed = style.verbose ? failures.length : (style.detailedFailures ?? DETAILED_FAILURES);
  for (const check of failures.slice(0, detailed)) lines.push(...renderFailure(lab, check, style), '');
  if (failures.length > detailed) {
    const rest = failures.slice(detailed).map((c) => c.id).join(', ');
    lines.push(`  ${failures.length - detailed} more failing: ${rest}`, `  (see each with ${style.command} ${lab.id} --only ID, or all with --verbose)`, '');
  }
  if (style.verbose) {
    for (const check of lab.checks.filter((c) => c.passed)) lines.push(...renderTranscript(check), '');
  }
  return lines.join('\n');
}

/** One failing check in full: the README step, the numbered steps, expected/got/why, hint and replay. */
export function renderFailure(lab: LabResult, check: CheckResult, style: ReportStyle): string[] {
  const paint = painter(style.color);
  const failure = check.failure;
  const lines = [
    paint.red(`  ✗ ${check.id}: ${check.title}`),
    `    README step ${check.step} · ${lab.steps[check.step] ?? ''} (labs/${lab.slug}/README.md)`,
    ...renderSteps(check),
  ];
  if (failure) {
    lines.push(
      ...labelled(paint.red('  ✗ expected'), failure.expected),
      ...labelled('    got', failure.got),
      ...labelled('    why', failure.why),
      ...(failure.state ?? []).map((line) => `    state: ${line}`),
    );
  }
  const buildsOn = lab.buildsOn?.[check.id];
  if (buildsOn) {
    lines.push(`    builds on: this is the ${buildsOn.concept} from Lab ${buildsOn.lab}, step ${buildsOn.step} (${style.command} ${buildsOn.lab} checks it)`);
  }
  lines.push(...labelled('    hint', failure?.hint ?? lab.hints[check.id] ?? ''));
  const flags = [style.replayFlags, `--seed ${style.seed}`, `--only ${check.id}`].filter(Boolean).join(' ');
  lines.push(`    replay: ${style.command} ${lab.id} ${flags}`);
  return lines;
}

function renderTranscript(check: CheckResult): string[] {
  return [`  ✓ ${check.id}: ${check.title}`, ...renderSteps(check)];
}

function renderSteps(check: CheckResult): string[] {
  const lines: string[] = [];
  for (const step of check.steps) {
    lines.push(`    ${String(step.n).padStart(2)}. ${step.text}`);
    for (const detail of step.detail) lines.push(`        ${detail}`);
  }
  return lines;
}

// "    got: first line" and the following lines indented under it.
function labelled(label: string, text: string): string[] {
  const [first = '', ...rest] = text.split('\n');
  return [`${label}: ${first}`, ...rest.map((line) => `          ${line}`)];
}

function stepsIn(lab: LabResult): number[] {
  return [...new Set(lab.checks.map((c) => c.step))].sort((a, b) => a - b);
}

export function renderSummary(labs: LabResult[], style: ReportStyle): string {
  const paint = painter(style.color);
  const lines = [paint.bold(`Summary (seed ${style.seed})`)];
  for (const lab of labs) {
    const name = `  ${lab.id}  ${lab.title.padEnd(28)}`;
    const note = style.notes?.[lab.id] ? `  ${style.notes[lab.id]}` : '';
    if (lab.status === 'not-released') {
      lines.push(`${name} not started${note}`);
      continue;
    }
    const passed = lab.checks.filter((c) => c.passed).length;
    const notRun = lab.notRun?.length ?? 0;
    const verdict =
      lab.status === 'not-started'
        ? 'not started'
        : passed === lab.checks.length && notRun === 0
          ? paint.green('✓ done')
          : paint.red(`✗ ${lab.checks.length - passed} failing${notRun > 0 ? `, ${notRun} not run` : ''}`);
    const score = style.points?.lab(lab);
    const points = score ? `  ${score.points}/${score.maxPoints} points` : '';
    lines.push(`${name} ${progressBar(passed, lab.checks.length + notRun)}  ${verdict}${points}${note}`);
  }
  return lines.join('\n') + '\n';
}

/** The line naming a run's HTML report (engine/html-report): relative to `from` when inside it. */
export function renderReportLink(path: string, from: string = process.cwd(), how = '--open opens it in your browser'): string {
  const shown = relative(from, path);
  return `  HTML report: ${shown.startsWith('..') || isAbsolute(shown) ? path : shown} (${how})\n`;
}

/**
 * Machine-readable results (--json): everything the text report shows. `done` is true for a lab that
 * was graded and passed every check; with a points table, labs and checks carry their points.
 */
export function renderJson(labs: LabResult[], seed: number, points?: PointsOf): string {
  const scores = points && labs.map((lab) => points.lab(lab));
  const total = scores && { points: sum(scores.map((s) => s.points)), maxPoints: sum(scores.map((s) => s.maxPoints)) };
  return JSON.stringify(
    {
      seed,
      ...total,
      labs: labs.map((lab) => ({
        id: lab.id,
        slug: lab.slug,
        title: lab.title,
        status: lab.status,
        done: lab.status === 'graded' && lab.checks.length > 0 && lab.checks.every((c) => c.passed),
        passed: lab.checks.filter((c) => c.passed).length,
        total: lab.checks.length,
        ...points?.lab(lab),
        durationMs: Math.round(lab.durationMs),
        checks: lab.checks.map((c) => ({
          id: c.id,
          step: c.step,
          title: c.title,
          passed: c.passed,
          ...points?.check(lab, c),
          durationMs: Math.round(c.durationMs),
          ...(c.failure ? { failure: { ...c.failure, hint: c.failure.hint ?? lab.hints[c.id] ?? '', ...buildsOnOf(lab, c) }, steps: c.steps } : {}),
        })),
      })),
    },
    null,
    2,
  );
}

function buildsOnOf(lab: LabResult, check: CheckResult): { buildsOn?: BuildsOn } {
  const buildsOn = lab.buildsOn?.[check.id];
  return buildsOn ? { buildsOn } : {};
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function painter(color: boolean) {
  const wrap = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { red: wrap('31'), green: wrap('32'), bold: wrap('1') };
}
