// npm run grade -- [LAB…] [--ref] [--dir PATH] [--seed N] [--only ID,…] [--verbose] [--json]
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFlags, runProgram, UsageError } from '#kit/cli/flags.ts';
import { renderJson, renderLab, renderSummary, type ReportStyle } from './engine/report.ts';
import { REPO_ROOT, runLab } from './engine/run-lab.ts';
import { newRunSeed } from './engine/seeded-random.ts';
import type { LabResult } from './engine/types.ts';
import { findLab, LABS } from './labs/index.ts';

const USAGE = `
usage: npm run grade -- [LAB…] [options]

  LAB            01 … 05 (or a lab folder name); all labs when none is given
  --ref          grade the reference solutions instead of your labs/
  --dir PATH     grade another checkout (a folder holding labs/, or the lab folders themselves)
  --seed N       replay a run: the same random fault choices as the run that printed seed N
  --only ID,…    run only these checks (an id such as framing.split, or an area such as framing)
  --verbose      print every check's full transcript, passing ones too
  --json         print machine-readable results instead of the report
  --concurrency N  checks run at once (default 3)`;

await runProgram(USAGE, async () => {
  const argv = process.argv.slice(2);
  const words = argv.filter((a, i) => !a.startsWith('--') && !['--dir', '--seed', '--only', '--concurrency'].includes(argv[i - 1] ?? ''));
  const flags = parseFlags(
    argv.filter((a) => !words.includes(a)),
    {
      ref: { type: 'boolean' },
      dir: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      verbose: { type: 'boolean' },
      json: { type: 'boolean' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  );
  if (flags.help) return void console.log(USAGE.trim());
  const labs = words.length === 0 ? LABS : words.map((word) => findLab(word) ?? usage(`there is no lab "${word}" (labs are 01 to 05)`));
  if (flags.ref && flags.dir) usage('--ref and --dir cannot go together');
  const labsRoot = flags.ref ? join(REPO_ROOT, 'solutions') : flags.dir ? labsFolderOf(flags.dir) : join(REPO_ROOT, 'labs');
  const seed = flags.seed === undefined ? newRunSeed() : wholeNumber('--seed', flags.seed);
  const only = flags.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  if (only.length > 0 && labs.length !== 1) usage('--only needs exactly one lab, for example: npm run grade -- 01 --only framing');
  const concurrency = flags.concurrency === undefined ? 3 : wholeNumber('--concurrency', flags.concurrency);

  const style: ReportStyle = {
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    verbose: flags.verbose ?? false,
    seed,
    command: 'npm run grade --',
    replayFlags: flags.ref ? '--ref' : flags.dir ? `--dir ${flags.dir}` : '',
  };
  const live = !flags.json && Boolean(process.stdout.isTTY);
  const results: LabResult[] = [];
  for (const lab of labs) {
    const result = await runLab(lab, {
      labsRoot,
      seed,
      only,
      concurrency,
      shownFrom: REPO_ROOT,
      onCheckDone: live ? (_, done, total) => process.stdout.write(`\r  Lab ${lab.id}: checking ${done}/${total}…`) : undefined,
    });
    if (live) process.stdout.write('\r\x1b[2K');
    results.push(result);
    if (!flags.json) process.stdout.write(renderLab(result, style) + '\n');
  }
  if (flags.json) process.stdout.write(renderJson(results, seed) + '\n');
  else process.stdout.write(renderSummary(results, style));
  const failing = results.some((lab) => lab.checks.some((check) => !check.passed));
  process.exitCode = failing ? 1 : 0;
});

function labsFolderOf(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(root)) usage(`--dir ${dir}: no such folder`);
  return existsSync(join(root, 'labs')) ? join(root, 'labs') : root;
}

function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) usage(`${flag} must be a whole number (got "${value}")`);
  return Number(value);
}

function usage(message: string): never {
  throw new UsageError(message);
}
