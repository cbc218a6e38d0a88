// Hints say more on each ask and never give the solution away: no authored hint of any released lab
// quotes a line of its reference solution, and the README level carries prose only, no code.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import type { CheckDefinition, LabDefinition } from '../../grader/engine/types.ts';
import { LABS } from '../../grader/labs/index.ts';
import { askHint, firstFailingCheck, hintLevels } from '../../grader/workflow/hints.ts';
import { emptyProgress, recordResult } from '../../grader/workflow/progress-store.ts';
import { readmeStep } from '../../grader/workflow/readme-steps.ts';
import { copyKit, removeFolder, runKitProgram } from './kit-copy.ts';

const LABS_ROOT = join(REPO_ROOT, 'labs');
const released = LABS.filter((lab) => lab.released);

/** Lines of a reference solution long enough that finding one in a hint means it was copied. */
function telltaleLines(lab: LabDefinition): string[] {
  const folder = join(REPO_ROOT, 'solutions', lab.slug);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => readFileSync(join(folder, file), 'utf8').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.length >= 30 && !line.startsWith('//') && !line.startsWith('*') && !line.startsWith('import '));
}

describe('hint levels', () => {
  test('every released check has at least two levels, the first being its own hint', () => {
    for (const lab of released) {
      for (const check of lab.checks) {
        const levels = hintLevels(lab, check, LABS_ROOT);
        expect(levels[0], `${lab.id}/${check.id}`).toBe(check.hint);
        const why = `${lab.id}/${check.id} has a single hint: give it \`hints\`, or give labs/${lab.slug}/README.md a "## Step ${check.step} — Title" section`;
        expect(levels.length, why).toBeGreaterThanOrEqual(2);
      }
    }
  });

  test('no hint quotes a line of the reference solution, and none holds a code block', () => {
    for (const lab of released) {
      const telltales = telltaleLines(lab);
      for (const check of lab.checks) {
        for (const level of hintLevels(lab, check, LABS_ROOT)) {
          expect(level, `${lab.id}/${check.id}`).not.toContain('```');
          for (const line of telltales) expect(level.includes(line), `${lab.id}/${check.id} quotes the solution: ${line}`).toBe(false);
        }
      }
    }
  });

  test('further hints and the earlier lab a check builds on come before the README', () => {
    const lab = LABS[0]!;
    const check: CheckDefinition = {
      ...lab.checks[0]!,
      hints: [lab.checks[0]!.hint, 'a second, more detailed hint'],
      buildsOn: { lab: '00', step: 4, concept: 'framing' },
    };
    const levels = hintLevels(lab, check, LABS_ROOT);
    expect(levels[0]).toBe(check.hint);
    expect(levels[1]).toBe('a second, more detailed hint');
    expect(levels[2]).toContain('the framing from Lab 00, step 4');
    expect(levels.at(-1)).toContain(`README step ${check.step}`);
  });

  test('the hint of the expectation that failed comes first, and is remembered with the result', () => {
    const lab = LABS[0]!;
    const check = lab.checks[0]!;
    const failing = 'look at what this one expectation is about';
    expect(hintLevels(lab, check, LABS_ROOT, failing).slice(0, 2)).toEqual([failing, check.hint]);
    const progress = emptyProgress();
    const failure = { expected: 'x', got: 'y', why: 'z', hint: failing };
    const result = { id: lab.id, slug: lab.slug, title: lab.title, status: 'graded' as const, steps: lab.steps, hints: {}, durationMs: 1, checks: [{ id: check.id, step: check.step, title: check.title, passed: false, durationMs: 1, steps: [], failure }] };
    recordResult(progress, lab, result, 1, 'fingerprint');
    expect(progress.labs[lab.id]?.failureHints?.[check.id]).toBe(failing);
    const { failure: _failed, ...passing } = result.checks[0]!;
    recordResult(progress, lab, { ...result, checks: [{ ...passing, passed: true }] }, 2, 'fingerprint');
    expect(progress.labs[lab.id]?.failureHints?.[check.id]).toBeUndefined();
  });

  test('each ask unlocks one more level, and the last one stays', () => {
    const lab = LABS[0]!;
    const check = lab.checks[0]!;
    const progress = emptyProgress();
    const levels = ['one', 'two', 'three'];
    expect(askHint(progress, lab, check, levels).shown).toEqual(['one']);
    expect(askHint(progress, lab, check, levels).shown).toEqual(['one', 'two']);
    expect(askHint(progress, lab, check, levels).shown).toEqual(['one', 'two', 'three']);
    expect(askHint(progress, lab, check, levels).shown).toEqual(['one', 'two', 'three']);
  });

  test('the first failing check is the one of the lowest README step', () => {
    const lab = LABS[0]!;
    const failing = new Set(lab.checks.filter((c) => c.step >= 3).map((c) => c.id));
    const first = firstFailingCheck(lab, (id) => !failing.has(id));
    expect(first?.step).toBe(3);
  });

  test('a README step is read as prose, without code', () => {
    const readme = ['# Lab', '## Step 2 — Connect', 'Dial the address.', '', '```ts', 'net.connect(port);', '```', '- **one** item', '## Step 3 — Next', 'later'].join('\n');
    const step = readmeStep(readme, 2);
    expect(step).toEqual({ line: 2, title: 'Connect', paragraphs: ['Dial the address.', '- one item'] });
  });
});

describe('npm run hint', () => {
  let kit: string;
  beforeAll(() => {
    kit = copyKit('hint');
  });
  afterAll(() => removeFolder(kit));

  test('says more on the second ask, reusing the grading while nothing changed', () => {
    writeFileSync(join(kit, 'labs', '01-two-peers', 'notes.md'), 'started\n');
    const first = runKitProgram(kit, 'grader/hint-cli.ts', ['01']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('grading Lab 01');
    expect(first.stdout).toContain('hint 1 of');
    expect(first.stdout).not.toContain('hint 2 of');

    const second = runKitProgram(kit, 'grader/hint-cli.ts', ['01']);
    expect(second.stderr).not.toContain('grading');
    expect(second.stdout).toContain('hint 2 of');
  }, 60_000);
});
