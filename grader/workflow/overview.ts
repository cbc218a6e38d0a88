// `npm run grade` with no lab: one screen for the whole course. Each lab's fresh progress, its README
// steps, what changed since the last run, and the one check to look at next with its hint.
import { progressBar } from '../engine/progress-bar.ts';
import type { LabDefinition, LabResult } from '../engine/types.ts';
import { firstFailingCheck } from './hints.ts';
import { passedCount, stepsPassing, type Progress } from './progress-store.ts';

export interface OverviewStyle {
  color: boolean;
  seed: number;
  /** Lab id → when it was graded, for labs shown from a grading of the same labs/ (not run again). */
  reused?: Record<string, string>;
}

export function renderOverview(labs: LabDefinition[], results: LabResult[], before: Progress, style: OverviewStyle): string {
  const paint = painter(style.color);
  const lines = [paint.bold(`Your progress (seed ${style.seed})`)];
  for (const lab of labs) {
    const result = results.find((r) => r.id === lab.id);
    if (!result) continue;
    lines.push(...labLines(lab, result, before, paint));
    const gradedAt = style.reused?.[lab.id];
    if (gradedAt !== undefined) lines.push(`      unchanged since its grading of ${when(gradedAt)}: not run again (--again runs it)`);
  }
  lines.push('', ...nextLines(labs, results, paint));
  return lines.join('\n') + '\n';
}

type Paint = ReturnType<typeof painter>;

function labLines(lab: LabDefinition, result: LabResult, before: Progress, paint: Paint): string[] {
  const name = `  ${lab.id}  ${lab.title.padEnd(28)}`;
  const record = before.labs[lab.id];
  if (result.status === 'not-released') return [`${name} not started (not released yet)`];
  if (result.status === 'not-started') {
    const lastSeen = record?.gradedAt ? `  last seen ${passedCount(lab, record)}/${lab.checks.length} on ${when(record.gradedAt)}` : '';
    return [`${name} not started: labs/${lab.slug}/ is still the starter${lastSeen}`];
  }
  const passed = result.checks.filter((c) => c.passed).length;
  const total = result.checks.length;
  const verdict = passed === total ? paint.green('✓ done') : paint.red(`✗ ${total - passed} failing`);
  const change = sinceLastTime(result, before);
  const lines = [`${name} ${progressBar(passed, total)}  ${verdict}${change ? `  ${change}` : ''}`];
  const now = Object.fromEntries(result.checks.map((c) => [c.id, c.passed]));
  const steps = [...new Set(lab.checks.map((c) => c.step))].sort((a, b) => a - b);
  const passing = new Set(stepsPassing(lab, now));
  lines.push(`      steps ${steps.map((step) => `${step}${passing.has(step) ? paint.green('✓') : paint.red('✗')}`).join(' ')}`);
  const broken = record?.gradedAt ? result.checks.filter((c) => !c.passed && record.checks[c.id] === true).map((c) => c.id) : [];
  if (broken.length > 0) lines.push(paint.red(`      passed last time, failing now: ${broken.join(', ')}`));
  return lines;
}

/** "+2 since last time" when the checks that ran now passed more (or fewer) than last time; else "". */
export function sinceLastTime(result: LabResult, before: Progress): string {
  const record = before.labs[result.id];
  if (result.status !== 'graded' || !record?.gradedAt) return '';
  const now = result.checks.filter((c) => c.passed).length;
  const then = result.checks.filter((c) => record.checks[c.id] === true).length;
  if (now === then) return '';
  return `${now > then ? '+' : '−'}${Math.abs(now - then)} since last time`;
}

// The first lab, in course order, that is not done: its first failing check, or where to begin.
function nextLines(labs: LabDefinition[], results: LabResult[], paint: Paint): string[] {
  for (const lab of labs) {
    const result = results.find((r) => r.id === lab.id);
    if (!result || result.status === 'not-released') continue;
    if (result.status === 'not-started') {
      return [paint.bold(`Next: Lab ${lab.id} · ${lab.title}`), `  start with labs/${lab.slug}/README.md, then: npm run grade -- ${lab.id} --watch`];
    }
    const passed = new Map(result.checks.map((c) => [c.id, c.passed]));
    const check = firstFailingCheck(lab, (id) => passed.get(id));
    if (!check) continue;
    return [
      paint.bold(`Next: Lab ${lab.id}, README step ${check.step} · ${lab.steps[check.step] ?? ''}`),
      `  ✗ ${check.id}: ${check.title}`,
      `    hint: ${check.hint}`,
      ...(check.buildsOn ? [`    builds on: this is the ${check.buildsOn.concept} from Lab ${check.buildsOn.lab}, step ${check.buildsOn.step}`] : []),
      '',
      `  npm run grade -- ${lab.id}            the whole story of each failing check`,
      `  npm run grade -- ${lab.id} --watch    grades again each time you save`,
      `  npm run hint -- ${lab.id}             a more detailed hint each time you ask`,
    ];
  }
  return [paint.green('Every released lab passes every check.')];
}

// "21 Nov 14:02" in local time: enough to recognise a run.
function when(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const month = date.toLocaleString('en-GB', { month: 'short' });
  return `${date.getDate()} ${month} ${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

function painter(color: boolean) {
  const wrap = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { red: wrap('31'), green: wrap('32'), bold: wrap('1') };
}
