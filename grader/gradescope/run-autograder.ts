// What Gradescope runs for each submission (run_autograder calls this, in /autograder/source): the
// submission's labs are graded next to this kit's code, and the grader's Gradescope results become
// /autograder/results/results.json. The results are written last, by this process: a student's
// program that wrote its own results.json meanwhile is overwritten.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGradingTree } from '../batch/grading-tree.ts';
import { chooseSandbox } from '../batch/sandbox.ts';
import { findLab } from '../labs/index.ts';
import { AUTOGRADER_CONFIG, type AutograderConfig } from './autograder-files.ts';

const root = process.env.AUTOGRADER_ROOT ?? '/autograder';
const source = join(root, 'source');
const submission = join(root, 'submission');
const resultsFile = join(root, 'results', 'results.json');
const config = JSON.parse(readFileSync(join(source, AUTOGRADER_CONFIG), 'utf8')) as AutograderConfig;

mkdirSync(join(root, 'results'), { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'gradescope-'));
const tree = join(work, 'graded');
buildGradingTree(source, labsFolderOf(submission, config.labs), { workingTree: true }, tree);
const own = join(work, 'results');
mkdirSync(own);
const sandbox = chooseSandbox('auto');
console.log(`grading labs ${config.labs.join(', ')} with seed ${config.seed}; sandbox: ${sandbox.description}`);
const grader = [process.execPath, '--import', 'tsx', join(source, 'grader/cli.ts'), ...config.labs, '--dir', tree, '--seed', String(config.seed), '--gradescope', join(own, 'results.json'), '--no-report'];
const [command, ...args] = sandbox.wrap(grader, [own], [source, tree]);
const run = spawnSync(command!, args, { cwd: source, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', GRADE_PROGRAM_HEAP_MB: '512' } });
if (existsSync(join(own, 'results.json'))) copyFileSync(join(own, 'results.json'), resultsFile);
else {
  // The grader itself could not run: say so to the student, with no points rather than no result.
  writeFileSync(resultsFile, JSON.stringify({ score: 0, output: `The grader could not grade this submission (exit code ${run.status}). Ask the course staff to look at the autograder output.`, visibility: 'visible', tests: [] }, null, 2) + '\n');
}

/**
 * Where the labs are in a submission: a repository (labs/ inside), the lab folders themselves, or
 * (with one lab configured) that lab's files uploaded on their own.
 */
function labsFolderOf(dir: string, labs: string[]): string {
  if (existsSync(join(dir, 'labs'))) return dir;
  const slugs = labs.map((id) => findLab(id)!.slug);
  if (readdirSync(dir).some((name) => slugs.includes(name))) return dir;
  if (labs.length !== 1) return dir;
  const wrapped = join(work, 'submission', 'labs', slugs[0]!);
  cpSync(dir, wrapped, { recursive: true });
  return join(work, 'submission');
}
