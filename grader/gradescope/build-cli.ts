// npm run gradescope-autograder -- [--labs 01,02] [--seed N] [--out autograder.zip]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlags, runProgram, UsageError } from '#kit/cli/flags.ts';
import { OFFICIAL_SEED } from '../batch/official-seed.ts';
import { REPO_ROOT } from '../engine/run-lab.ts';
import { findLab, LABS } from '../labs/index.ts';
import { autograderZip } from './autograder-files.ts';

const USAGE = `
usage: npm run gradescope-autograder -- [options]

  --labs 01,02   the labs a submission is graded on (default: every lab); one Gradescope assignment per lab
                 is the usual choice, so each lab closes on its own date
  --seed N       the seed every submission is graded with (default: the course's fixed seed, ${OFFICIAL_SEED})
  --out FILE     the archive to write (default: autograder.zip); upload it as the assignment's autograder`;

await runProgram(USAGE, () => {
  const flags = parseFlags(process.argv.slice(2), { labs: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } });
  const released = LABS.filter((lab) => lab.released);
  const labs = (flags.labs?.split(',') ?? released.map((lab) => lab.id)).map((name) => {
    const lab = findLab(name.trim());
    if (!lab?.released) throw new UsageError(`--labs: "${name}" is not a released lab (labs: ${released.map((l) => l.id).join(', ')})`);
    return lab.id;
  });
  if (flags.seed !== undefined && !/^\d+$/.test(flags.seed)) throw new UsageError(`--seed must be a whole number (got "${flags.seed}")`);
  const seed = flags.seed === undefined ? OFFICIAL_SEED : Number(flags.seed);
  const out = resolve(flags.out ?? 'autograder.zip');
  const zip = autograderZip(REPO_ROOT, { labs, seed });
  writeFileSync(out, zip);
  process.stdout.write(`wrote ${out} (${(zip.length / 1e6).toFixed(1)} MB): labs ${labs.join(', ')}, seed ${seed}\nUpload it on Gradescope as the assignment's autograder (Ubuntu base image); students submit their repository or their lab folder.\n`);
});
