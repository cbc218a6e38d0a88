// The GitHub Classroom configuration, made from the labs and grader/points.json so the two cannot
// disagree. The grader runs once per push over the open labs (npm run classroom-grade, at the commit's
// seed); then one Classroom test per check, worth that check's points, passes when the check passed
// (npm run classroom-check), so a lab earns partial credit check by check.
import type { LabDefinition } from '../engine/types.ts';
import { pointsOf, type PointsTable } from './points.ts';

export const AUTOGRADING_FILE = '.github/classroom/autograding.json';
export const CLASSROOM_WORKFLOW_FILE = '.github/workflows/classroom.yml';
export const INSTALL_COMMAND = 'npm ci --no-audit --no-fund';
export const GRADE_COMMAND = 'npm run classroom-grade';
/** Minutes for the one grading run on Classroom's machines: generous, since all labs grade in about two minutes here. */
const GRADE_TIMEOUT_MINUTES = 15;
/** Minutes for one check's test, which only reads its verdict. */
const CHECK_TIMEOUT_MINUTES = 1;

export interface AutogradingTest {
  name: string;
  setup: string;
  run: string;
  input: string;
  output: string;
  comparison: 'included';
  timeout: number;
  points: number;
}

export function autogradingTests(labs: LabDefinition[], points: PointsTable): AutogradingTest[] {
  const checks = labs.flatMap((lab) => lab.checks.map((check) => ({ lab, check })));
  return checks.map(({ lab, check }, index) => ({
    name: `Lab ${lab.id} · ${check.id}`,
    // Classroom runs each test's setup; installing and grading once, before the first test, is enough.
    setup: index === 0 ? `${INSTALL_COMMAND} && ${GRADE_COMMAND}` : '',
    run: `npm run classroom-check -- ${lab.id} ${check.id}`,
    input: '',
    output: '',
    comparison: 'included',
    timeout: index === 0 ? GRADE_TIMEOUT_MINUTES : CHECK_TIMEOUT_MINUTES,
    points: pointsOf(points, lab.id, check.id),
  }));
}

export function autogradingJson(labs: LabDefinition[], points: PointsTable): string {
  return JSON.stringify({ tests: autogradingTests(labs, points) }, null, 2) + '\n';
}

/** The workflow Classroom runs on every push: install, grade once, a test per check, the reporter. */
export function classroomWorkflow(labs: LabDefinition[], points: PointsTable): string {
  const tests = autogradingTests(labs, points);
  const checks = labs.flatMap((lab) => lab.checks.map((check) => ({ lab, check })));
  // Step ids may hold letters, digits, - and _ only.
  const stepId = ({ lab, check }: (typeof checks)[number]) => `c${lab.id}-${check.id.replace(/[^a-z0-9]+/g, '-')}`;
  const lines = [
    '# GitHub Classroom autograding: the open labs graded once (npm run classroom-grade, at a seed fixed',
    '# by the commit), then one test per check, worth its points (grader/points.json). Made by',
    '# grader/workflow/classroom-config.ts together with .github/classroom/autograding.json; after',
    '# changing labs or points, regenerate both with',
    '#   UPDATE_CLASSROOM=1 npx vitest run test/workflow/classroom.test.ts',
    'name: Autograding Tests',
    "'on':",
    '  - push',
    '  - repository_dispatch',
    '  - workflow_dispatch',
    'permissions:',
    '  checks: write',
    '  actions: read',
    '  contents: read',
    'jobs:',
    '  run-autograding-tests:',
    '    runs-on: ubuntu-latest',
    "    if: github.actor != 'github-classroom[bot]'",
    '    steps:',
    '      - name: Checkout code',
    '        uses: actions/checkout@v4',
    '      - name: Set up Node.js',
    '        uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    '          cache: npm',
    '      - name: Install',
    `        run: ${INSTALL_COMMAND}`,
    '      - name: Grade the open labs',
    `        run: ${GRADE_COMMAND}`,
    `        timeout-minutes: ${GRADE_TIMEOUT_MINUTES}`,
  ];
  checks.forEach((entry, index) => {
    const test = tests[index]!;
    lines.push(
      `      - name: ${quote(test.name)}`,
      `        id: ${stepId(entry)}`,
      '        uses: classroom-resources/autograding-command-grader@v1',
      '        with:',
      `          test-name: ${quote(test.name)}`,
      "          setup-command: ''",
      `          command: ${quote(test.run)}`,
      `          timeout: ${CHECK_TIMEOUT_MINUTES}`,
      `          max-score: ${test.points}`,
    );
  });
  lines.push(
    '      - name: Autograding Reporter',
    '        uses: classroom-resources/autograding-grading-reporter@v1',
    '        env:',
    ...checks.map((entry) => `          ${stepId(entry).toUpperCase()}_RESULTS: "\${{steps.${stepId(entry)}.outputs.result}}"`),
    '        with:',
    `          runners: ${checks.map(stepId).join(',')}`,
  );
  return lines.join('\n') + '\n';
}

// YAML double-quoted scalar: JSON's string syntax is valid YAML.
function quote(text: string): string {
  return JSON.stringify(text);
}
