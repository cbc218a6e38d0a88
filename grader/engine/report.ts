// What the student reads: ✓/✗ per check grouped by README step, a progress bar, the full story of
// each failure, and a summary of every lab.
import { progressBar } from './progress-bar.ts';
import type { CheckResult, LabResult } from './types.ts';

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
}

const DETAILED_FAILURES = 3;

export function renderLab(lab: LabResult, style: ReportStyle): string {
  const paint = painter(style.color);
  const lines = [paint.bold(`Lab ${lab.id} · ${lab.title}`)];
  if (lab.status === 'not-released') {
    lines.push(`  not started: this lab's starter and checks are not released yet (labs/${lab.slug}/README.md)`, '');
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
  lines.push(`  ${progressBar(passed, lab.checks.length)} checks passed`, '');

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

function renderFailure(lab: LabResult, check: CheckResult, style: ReportStyle): string[] {
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
  lines.push(...labelled('    hint', lab.hints[check.id] ?? ''));
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
    if (lab.status === 'not-released') {
      lines.push(`${name} not started`);
      continue;
    }
    const passed = lab.checks.filter((c) => c.passed).length;
    const verdict = passed === lab.checks.length ? paint.green('✓ done') : paint.red(`✗ ${lab.checks.length - passed} failing`);
    lines.push(`${name} ${progressBar(passed, lab.checks.length)}  ${verdict}`);
  }
  return lines.join('\n') + '\n';
}

/** Machine-readable results (--json): everything the text report shows. */
export function renderJson(labs: LabResult[], seed: number): string {
  return JSON.stringify(
    {
      seed,
      labs: labs.map((lab) => ({
        id: lab.id,
        slug: lab.slug,
        title: lab.title,
        status: lab.status,
        passed: lab.checks.filter((c) => c.passed).length,
        total: lab.checks.length,
        durationMs: Math.round(lab.durationMs),
        checks: lab.checks.map((c) => ({
          id: c.id,
          step: c.step,
          title: c.title,
          passed: c.passed,
          durationMs: Math.round(c.durationMs),
          ...(c.failure ? { failure: { ...c.failure, hint: lab.hints[c.id] ?? '' }, steps: c.steps } : {}),
        })),
      })),
    },
    null,
    2,
  );
}

function painter(color: boolean) {
  const wrap = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { red: wrap('31'), green: wrap('32'), bold: wrap('1') };
}
