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
import { loadPoints, maxPointsOf, pointsOf } from '../../grader/workflow/points.ts';

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

  test('autograding.json is valid JSON with one test per check, worth that check\'s points, after one grading run', () => {
    const config = JSON.parse(readFileSync(join(REPO_ROOT, AUTOGRADING_FILE), 'utf8')) as { tests: AutogradingTest[] };
    const checks = LABS.flatMap((lab) => lab.checks.map((check) => ({ lab, check })));
    expect(config.tests.map((t) => t.run)).toEqual(checks.map(({ lab, check }) => `npm run classroom-check -- ${lab.id} ${check.id}`));
    checks.forEach(({ lab, check }, index) => {
      expect(config.tests[index]?.name).toBe(`Lab ${lab.id} · ${check.id}`);
      expect(config.tests[index]?.points).toBe(pointsOf(points, lab.id, check.id));
    });
    expect(config.tests[0]?.setup).toBe('npm ci --no-audit --no-fund && npm run classroom-grade');
    expect(config.tests.slice(1).every((t) => t.setup === '')).toBe(true);
    // The lab totals are the lab's points: nothing lost or counted twice by the split.
    for (const lab of LABS) expect(config.tests.filter((t) => t.name.startsWith(`Lab ${lab.id} `)).reduce((sum, t) => sum + t.points, 0)).toBe(maxPointsOf(points, lab));
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

  test('the workflow grades once, then has a step per check, and reports every one of them', () => {
    const workflow = readFileSync(join(REPO_ROOT, CLASSROOM_WORKFLOW_FILE), 'utf8');
    expect(workflow.indexOf('run: npm run classroom-grade')).toBeGreaterThan(workflow.indexOf('run: npm ci'));
    const ids = [...workflow.matchAll(/^\s+id: (\S+)$/gm)].map((m) => m[1]);
    expect(ids).toHaveLength(LABS.reduce((sum, lab) => sum + lab.checks.length, 0));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(workflow.indexOf('classroom-grade')).toBeLessThan(workflow.indexOf('classroom-check'));
    expect(workflow).toContain(`runners: ${ids.join(',')}`);
    for (const lab of LABS) for (const check of lab.checks) expect(workflow).toContain(`command: "npm run classroom-check -- ${lab.id} ${check.id}"`);
  });
});
