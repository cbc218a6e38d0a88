// JUnit XML (--junit FILE), the format CI systems and gradebooks import: one test suite per lab, one
// test case per check, the failure's story as its text, and points as properties.
import type { PointsOf } from '../engine/report.ts';
import type { CheckResult, LabResult } from '../engine/types.ts';

export function renderJUnit(labs: LabResult[], seed: number, points: PointsOf): string {
  const total = (pick: (lab: LabResult) => number) => labs.reduce((sum, lab) => sum + pick(lab), 0);
  const failures = (lab: LabResult) => lab.checks.filter((c) => !c.passed).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Sharing is Caring" tests="${total((l) => l.checks.length)}" failures="${total(failures)}" time="${seconds(total((l) => l.durationMs))}">`,
  ];
  for (const lab of labs) {
    const score = points.lab(lab);
    lines.push(
      `  <testsuite name="${xml(`Lab ${lab.id} · ${lab.title}`)}" tests="${lab.checks.length}" failures="${failures(lab)}" skipped="0" time="${seconds(lab.durationMs)}">`,
      '    <properties>',
      property('status', lab.status),
      property('seed', String(seed)),
      property('points', String(score.points)),
      property('maxPoints', String(score.maxPoints)),
      '    </properties>',
    );
    for (const check of lab.checks) lines.push(...testCase(lab, check, points));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function testCase(lab: LabResult, check: CheckResult, points: PointsOf): string[] {
  const score = points.check(lab, check);
  const open = `    <testcase classname="lab${lab.id}.${xml(check.id.split('.')[0] ?? check.id)}" name="${xml(`${check.id}: ${check.title}`)}" time="${seconds(check.durationMs)}">`;
  const lines = [open, '      <properties>', `  ${property('points', String(score.points))}`, `  ${property('maxPoints', String(score.maxPoints))}`, '      </properties>'];
  if (!check.passed) {
    const failure = check.failure;
    const story = [
      `README step ${check.step} · ${lab.steps[check.step] ?? ''}`,
      ...check.steps.map((step) => `${step.n}. ${step.text}${step.detail.map((d) => `\n   ${d}`).join('')}`),
      ...(failure ? [`expected: ${failure.expected}`, `got: ${failure.got}`, `why: ${failure.why}`, ...(failure.state ?? []).map((s) => `state: ${s}`)] : []),
      `hint: ${lab.hints[check.id] ?? ''}`,
    ].join('\n');
    lines.push(`      <failure message="${xml(failure ? `expected ${failure.expected}` : 'failed')}" type="${lab.status === 'not-started' ? 'not-started' : 'check'}">${xml(story)}</failure>`);
  }
  lines.push('    </testcase>');
  return lines;
}

function property(name: string, value: string): string {
  return `      <property name="${name}" value="${xml(value)}"/>`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Escapes text for XML 1.0, which cannot hold most control characters at all: they are shown as \xNN. */
export function xml(text: string): string {
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
