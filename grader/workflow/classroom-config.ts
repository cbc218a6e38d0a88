// The GitHub Classroom configuration, made from the labs and grader/points.json so the two cannot
// disagree: one test per lab, running the same grader a student runs, worth the points of its checks.
// Classroom awards a test's points when its command exits 0, that is when every check of the lab
// passes; per-check points are in the grader's --json and --junit output.
import type { LabDefinition } from '../engine/types.ts';
import { maxPointsOf, type PointsTable } from './points.ts';

export const AUTOGRADING_FILE = '.github/classroom/autograding.json';
export const CLASSROOM_WORKFLOW_FILE = '.github/workflows/classroom.yml';
export const INSTALL_COMMAND = 'npm ci --no-audit --no-fund';
/** Minutes per lab on Classroom's machines: generous, since a lab grades in seconds here. */
const TIMEOUT_MINUTES = 10;

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
  return labs.map((lab, index) => ({
    name: `Lab ${lab.id} · ${lab.title}`,
    // Classroom runs each test's setup; installing once, before the first, is enough.
    setup: index === 0 ? INSTALL_COMMAND : '',
    run: `npm run grade -- ${lab.id}`,
    input: '',
    output: '',
    comparison: 'included',
    timeout: TIMEOUT_MINUTES,
    points: maxPointsOf(points, lab),
  }));
}

export function autogradingJson(labs: LabDefinition[], points: PointsTable): string {
  return JSON.stringify({ tests: autogradingTests(labs, points) }, null, 2) + '\n';
}

/** The workflow Classroom runs on every push: the same tests, one step each, then the reporter. */
export function classroomWorkflow(labs: LabDefinition[], points: PointsTable): string {
  const tests = autogradingTests(labs, points);
  const stepId = (lab: LabDefinition) => `lab-${lab.id}`;
  const lines = [
    '# GitHub Classroom autograding: one test per lab, each worth the points of its checks',
    '# (grader/points.json). Made by grader/workflow/classroom-config.ts together with',
    '# .github/classroom/autograding.json; after changing labs or points, regenerate both with',
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
  ];
  labs.forEach((lab, index) => {
    const test = tests[index]!;
    lines.push(
      `      - name: ${quote(test.name)}`,
      `        id: ${stepId(lab)}`,
      '        uses: classroom-resources/autograding-command-grader@v1',
      '        with:',
      `          test-name: ${quote(test.name)}`,
      "          setup-command: ''",
      `          command: ${quote(test.run)}`,
      `          timeout: ${test.timeout}`,
      `          max-score: ${test.points}`,
    );
  });
  lines.push(
    '      - name: Autograding Reporter',
    '        uses: classroom-resources/autograding-grading-reporter@v1',
    '        env:',
    ...labs.map((lab) => `          ${stepId(lab).toUpperCase()}_RESULTS: "\${{steps.${stepId(lab)}.outputs.result}}"`),
    '        with:',
    `          runners: ${labs.map(stepId).join(',')}`,
  );
  return lines.join('\n') + '\n';
}

// YAML double-quoted scalar: JSON's string syntax is valid YAML.
function quote(text: string): string {
  return JSON.stringify(text);
}
