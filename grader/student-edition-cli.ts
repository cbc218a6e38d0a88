// npm run student-edition -- OUT_DIR [--no-git]: writes the kit for students, without anything that
// gives the labs away. Instructors keep the full kit for demos and grading.
import { resolve } from 'node:path';
import { parseFlags, runProgram, UsageError } from '#kit/cli/flags.ts';
import { REPO_ROOT } from './engine/run-lab.ts';
import { writeStudentEdition } from './workflow/student-edition.ts';

const USAGE = `
usage: npm run student-edition -- OUT_DIR [--no-git]

  OUT_DIR    a new (or empty) folder for the copy
  --no-git   do not make the copy a git repository (npm run reset then cannot restore starters)

Leaves out solutions/, slides/, the mutants and the tests that need them; the final app there runs on
the student's labs. The copy installs with npm ci; there, npm run grade reports every lab as not started
and npm test passes.`;

await runProgram(USAGE, () => {
  const argv = process.argv.slice(2);
  const words = argv.filter((a) => !a.startsWith('-'));
  const flags = parseFlags(
    argv.filter((a) => !words.includes(a)),
    { 'no-git': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  );
  if (flags.help) return void console.log(USAGE.trim());
  if (words.length !== 1 || !words[0]) throw new UsageError('name one folder to write the student edition to');
  const outDir = resolve(words[0]);
  const edition = writeStudentEdition(REPO_ROOT, outDir, { withGit: !flags['no-git'] });

  const byReason = new Map<string, string[]>();
  for (const { path, reason } of edition.leftOut) byReason.set(reason, [...(byReason.get(reason) ?? []), path]);
  const lines = [`Student edition written to ${outDir}: ${edition.kept.length} files.`, 'Left out:'];
  for (const [reason, paths] of byReason) {
    const shown = paths.length > 4 ? `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more` : paths.join(', ');
    lines.push(`  ${reason}: ${shown}`);
  }
  lines.push(
    edition.git
      ? 'It is a git repository with one commit, tagged "starter"; push it as the repository students clone.'
      : 'It is not a git repository: make it one (git init, commit) before students clone it, or npm run reset cannot restore starters.',
    `Next: cd ${words[0]} && npm ci && npm run grade`,
  );
  console.log(lines.join('\n'));
});
