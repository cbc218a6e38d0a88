// The GitHub Classroom files cannot be run here; these tests hold them to what can be checked: they
// are made from the labs and grader/points.json (UPDATE_CLASSROOM=1 rewrites them after a change to
// either), they list every lab, and the commands they run are npm scripts of this kit.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { LABS } from '../../grader/labs/index.ts';
import {
  AUTOGRADING_FILE,
  autogradingJson,
  CLASSROOM_WORKFLOW_FILE,
  classroomWorkflow,
  type AutogradingTest,
} from '../../grader/workflow/classroom-config.ts';
import { loadPoints, maxPointsOf } from '../../grader/workflow/points.ts';

const points = loadPoints(REPO_ROOT);

function expectMadeFromLabs(file: string, made: string): void {
  const path = join(REPO_ROOT, file);
  if (process.env.UPDATE_CLASSROOM || !existsSync(path)) writeFileSync(path, made);
  expect(readFileSync(path, 'utf8'), `${file} is out of date: UPDATE_CLASSROOM=1 npx vitest run test/workflow/classroom.test.ts`).toBe(made);
}

describe('GitHub Classroom configuration', () => {
  test('autograding.json and the workflow are made from the labs and their points', () => {
    expectMadeFromLabs(AUTOGRADING_FILE, autogradingJson(LABS, points));
    expectMadeFromLabs(CLASSROOM_WORKFLOW_FILE, classroomWorkflow(LABS, points));
  });

  test('autograding.json is valid JSON with one test per lab, worth the points of its checks', () => {
    const config = JSON.parse(readFileSync(join(REPO_ROOT, AUTOGRADING_FILE), 'utf8')) as { tests: AutogradingTest[] };
    expect(config.tests.map((t) => t.run)).toEqual(LABS.map((lab) => `npm run grade -- ${lab.id}`));
    for (const lab of LABS) {
      const entry = config.tests.find((t) => t.run.endsWith(` ${lab.id}`));
      expect(entry?.name).toContain(`Lab ${lab.id}`);
      expect(entry?.points).toBe(maxPointsOf(points, lab));
      expect(entry?.timeout).toBeGreaterThan(0);
    }
  });

  test('every command it runs is an npm script of this kit', () => {
    const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const config = JSON.parse(readFileSync(join(REPO_ROOT, AUTOGRADING_FILE), 'utf8')) as { tests: AutogradingTest[] };
    const workflow = readFileSync(join(REPO_ROOT, CLASSROOM_WORKFLOW_FILE), 'utf8');
    const commands = [...config.tests.flatMap((t) => [t.setup, t.run]), ...[...workflow.matchAll(/^\s+(?:command|run): "?([^"\n]+)"?$/gm)].map((m) => m[1] ?? '')];
    for (const command of commands.filter(Boolean)) {
      const script = /^npm run ([\w:-]+)/.exec(command)?.[1];
      if (script) expect(Object.keys(scripts), command).toContain(script);
      else expect(command, 'only npm ci and npm run … are expected').toMatch(/^npm ci\b/);
    }
  });

  test('the workflow has a step per lab and reports every one of them', () => {
    const workflow = readFileSync(join(REPO_ROOT, CLASSROOM_WORKFLOW_FILE), 'utf8');
    for (const lab of LABS) {
      expect(workflow).toContain(`id: lab-${lab.id}`);
      expect(workflow).toContain(`max-score: ${maxPointsOf(points, lab)}`);
    }
    expect(workflow).toContain(`runners: ${LABS.map((lab) => `lab-${lab.id}`).join(',')}`);
  });
});
