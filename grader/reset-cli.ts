// npm run reset -- LAB [--yes]: puts a lab back to its starter after asking, keeping a backup of the
// student's version under .work/backups/.
import { join, relative } from 'node:path';
import { parseFlags, runProgram, UsageError } from '#kit/cli/flags.ts';
import { REPO_ROOT } from './engine/run-lab.ts';
import { findLab } from './labs/index.ts';
import { askYesNo } from './workflow/confirm.ts';
import { backUpLab, isAlreadyStarter, planReset, restoreStarter } from './workflow/reset.ts';
import { loadStarters } from './workflow/starters.ts';

const USAGE = `
usage: npm run reset -- LAB [--yes]

  LAB     01 … 05: the lab to put back to its starter
  --yes   do not ask first

Your version of the lab is copied to .work/backups/ before anything changes.`;

await runProgram(USAGE, async () => {
  const argv = process.argv.slice(2);
  const words = argv.filter((a) => !a.startsWith('-'));
  const flags = parseFlags(
    argv.filter((a) => !words.includes(a)),
    { yes: { type: 'boolean', short: 'y' }, help: { type: 'boolean', short: 'h' } },
  );
  if (flags.help) return void console.log(USAGE.trim());
  if (words.length !== 1) throw new UsageError('name the lab to reset, for example: npm run reset -- 01');
  const lab = findLab(words[0] ?? '') ?? usage(`there is no lab "${words[0]}" (labs are 01 to 05)`);
  const starters = loadStarters(REPO_ROOT);
  const starter = starters?.filesOf(lab.slug);
  if (!starters || !starter) {
    throw new Error(`the starter of Lab ${lab.id} is not known here: reset needs a git clone of the kit (or of its student edition)`);
  }
  const shownLab = `labs/${lab.slug}`;
  const plan = planReset(join(REPO_ROOT, 'labs', lab.slug), lab.slug, starter);
  if (isAlreadyStarter(plan)) return void console.log(`${shownLab}/ is already the starter: nothing to reset.`);

  const list = (label: string, paths: string[]) => (paths.length > 0 ? [`  ${label}: ${paths.join(', ')}`] : []);
  console.log(
    [
      `Reset Lab ${lab.id} · ${lab.title}: ${shownLab}/ goes back to its starter (from ${starters.origin}).`,
      ...list('your changes to', plan.changed),
      ...list('files you added, which will be removed', plan.added),
      ...list('starter files you deleted, which come back', plan.missing),
      '  Your version is copied to .work/backups/ first.',
    ].join('\n'),
  );
  const go = flags.yes || (await askYesNo(`Reset Lab ${lab.id}? Type yes to go on: `, process.stdin, process.stdout));
  if (!go) return void console.log('Nothing changed.');

  const backup = backUpLab(REPO_ROOT, plan);
  restoreStarter(REPO_ROOT, plan);
  const shownBackup = relative(process.cwd(), backup) || backup;
  console.log(
    [
      `${shownLab}/ is the starter again. Your version is in ${shownBackup}/`,
      `  to bring a file back: cp ${join(shownBackup, plan.changed[0] ?? plan.added[0] ?? 'FILE')} ${join(shownLab, plan.changed[0] ?? plan.added[0] ?? 'FILE')}`,
    ].join('\n'),
  );
});

function usage(message: string): never {
  throw new UsageError(message);
}
