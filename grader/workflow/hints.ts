// Hints that say more each time they are asked for: the hint of the expectation that failed (when it
// has its own), the check's own hint, then its further hints, then what the earlier lab it builds on
// taught, and last the README step in full prose.
// Hints teach; none of them quotes a solution (a test holds every authored hint to that).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckDefinition, LabDefinition } from '../engine/types.ts';
import type { Progress } from './progress-store.ts';
import { readmeStep } from './readme-steps.ts';

const README_PARAGRAPHS = 6;
const WIDTH = 100;

/** Every hint level of a check, least detailed first; never empty. */
export function hintLevels(lab: LabDefinition, check: CheckDefinition, labsRoot: string, failureHint?: string): string[] {
  const levels = [failureHint ?? '', check.hint, ...(check.hints ?? [])].map((h) => h.trim()).filter(Boolean);
  if (check.buildsOn) {
    const { lab: earlier, step, concept } = check.buildsOn;
    levels.push(
      `this check builds on the ${concept} from Lab ${earlier}, step ${step}: your Lab ${lab.id} code runs your Lab ${earlier} code, so if ${concept} is broken there it fails here too. Run npm run grade -- ${earlier} and fix step ${step} first if it fails.`,
    );
  }
  const readmePath = join(labsRoot, lab.slug, 'README.md');
  const section = existsSync(readmePath) ? readmeStep(readFileSync(readmePath, 'utf8'), check.step) : undefined;
  if (section && section.paragraphs.length > 0) {
    const shown = section.paragraphs.slice(0, README_PARAGRAPHS);
    const more = section.paragraphs.length > shown.length ? ' It goes on from there, with examples.' : '';
    levels.push(
      [`README step ${check.step} · ${section.title} (labs/${lab.slug}/README.md, line ${section.line}) explains the idea behind ${check.id}:`, ...shown.map((p) => `  ${p}`)].join('\n') + more,
    );
  }
  return [...new Set(levels)];
}

/** The check a student should look at first: the lowest README step with a failing check. */
export function firstFailingCheck(lab: LabDefinition, passed: (id: string) => boolean | undefined): CheckDefinition | undefined {
  const inStepOrder = lab.checks.map((check, index) => ({ check, index })).sort((a, b) => a.check.step - b.check.step || a.index - b.index);
  return inStepOrder.find(({ check }) => passed(check.id) !== true)?.check;
}

export interface HintShown {
  /** Levels shown so far, the newest last. */
  shown: string[];
  total: number;
}

/** Counts one more ask for this check and returns the levels it unlocks (the last stays the last). */
export function askHint(progress: Progress, lab: LabDefinition, check: CheckDefinition, levels: string[]): HintShown {
  const key = `${lab.id}/${check.id}`;
  const asked = Math.min((progress.hintsAsked[key] ?? 0) + 1, levels.length);
  progress.hintsAsked[key] = asked;
  return { shown: levels.slice(0, asked), total: levels.length };
}

/** Hints as the student reads them: every level so far, numbered, and what asking again gives. */
export function renderHints(lab: LabDefinition, check: CheckDefinition, hint: HintShown, askAgain: string): string {
  const lines = [`Lab ${lab.id} · README step ${check.step} · ${lab.steps[check.step] ?? ''}`, `  ✗ ${check.id}: ${check.title}`, ''];
  hint.shown.forEach((text, index) => {
    const [first = '', ...rest] = text.split('\n');
    lines.push(...wrap(`  hint ${index + 1} of ${hint.total}: ${first}`, '    '), ...rest.flatMap((line) => wrap(`    ${line}`, '      ')), '');
  });
  lines.push(
    hint.shown.length < hint.total
      ? `  ${askAgain} for a more detailed hint.`
      : `  That is every hint for ${check.id}. Run the check alone to see exactly what it does: npm run grade -- ${lab.id} --only ${check.id}`,
  );
  return lines.join('\n') + '\n';
}

// Long hint lines wrapped at word boundaries, continuation lines indented.
function wrap(line: string, indent: string): string[] {
  if (line.length <= WIDTH) return [line];
  const lead = /^\s*/.exec(line)?.[0] ?? '';
  const lines: string[] = [];
  let current = lead;
  for (const word of line.slice(lead.length).split(' ')) {
    if (current.trim() !== '' && current.length + 1 + word.length > WIDTH) {
      lines.push(current);
      current = indent + word;
    } else current = current.trim() === '' ? current + word : `${current} ${word}`;
  }
  if (current.trim()) lines.push(current);
  return lines;
}
