// The student edition: written by `npm run student-edition`, it must hold nothing that gives the labs
// away, point the final app at the student's labs, link only to what it holds, install with npm ci,
// report every lab as not done, say plainly why --ref and --borrow need the instructor, and pass its
// own npm test.
// The install is run with --ignore-scripts: the only install script that matters compiles
// better-sqlite3 from source (over a minute here), and the edition's lock file and dependencies are
// the kit's own, which CI installs in full. Set EDITION_FULL_INSTALL=1 to run the complete npm ci and
// use its node_modules for the rest. Otherwise the edition then shares the kit's node_modules.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { LABS } from '../../grader/labs/index.ts';
import { git } from '../../grader/workflow/git.ts';
import { importedKitFiles } from '../../grader/workflow/import-graph.ts';
import { listKitFiles } from '../../grader/workflow/kit-files.ts';
import { brokenLinks } from '../../grader/workflow/markdown-links.ts';
import { removeFolder, runCommand, shareNodeModules, temporaryFolder } from './kit-copy.ts';

const FULL_INSTALL = Boolean(process.env.EDITION_FULL_INSTALL);
let parent: string;
let edition: string;

beforeAll(async () => {
  parent = temporaryFolder('edition');
  edition = join(parent, 'sharing-is-caring');
  const made = await runCommand(REPO_ROOT, 'npm', ['run', '--silent', 'student-edition', '--', edition], 60_000);
  expect(made.status, made.stderr + made.stdout).toBe(0);
}, 90_000);

afterAll(() => removeFolder(parent));

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('npm run student-edition', () => {
  test('leaves out the reference solutions, the mutants and the decks, and keeps the final app', () => {
    for (const folder of ['solutions', 'slides', 'test/golden', 'test/final']) expect(existsSync(join(edition, folder)), folder).toBe(false);
    expect(existsSync(join(edition, 'final', 'demo.ts'))).toBe(true);
    const files = listKitFiles(edition);
    expect(files.filter((path) => /mutants\.ts$|proof/.test(path))).toEqual([]);

    // No file carries a solution's content, except a starter the kit hands out as is (an entry point).
    const solutions = new Map<string, string>();
    for (const path of listKitFiles(REPO_ROOT).filter((p) => p.startsWith('solutions/'))) solutions.set(sha256(join(REPO_ROOT, path)), path);
    for (const path of files) {
      const same = solutions.get(sha256(join(edition, path)));
      if (same) expect(path, `${path} is a copy of ${same}`).toBe(same.replace(/^solutions\//, 'labs/'));
    }

    // Nothing left imports what was left out; the final app reaches the labs only through #labs/ (no
    // relative path into labs/); and the history is one commit: none of the kit's past.
    for (const path of files.filter((p) => p.endsWith('.ts'))) {
      const imports = importedKitFiles(path, readFileSync(join(edition, path), 'utf8'));
      expect(imports.filter((i) => /^(solutions|slides)\//.test(i) || i.endsWith('mutants.ts')), path).toEqual([]);
      if (path.startsWith('final/')) expect(imports.filter((i) => i.startsWith('labs/')), path).toEqual([]);
    }
    expect(git(edition, ['rev-list', '--count', 'HEAD']).stdout.toString().trim()).toBe('1');
    expect(git(edition, ['tag']).stdout.toString().trim()).toBe('starter');
    expect(readFileSync(join(edition, 'README.md'), 'utf8')).not.toMatch(/--ref|## Instructors|## Maintainers/);
  });

  test('keeps the lock file and the dependencies, and installs with npm ci', async () => {
    expect(readFileSync(join(edition, 'package-lock.json'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8'));
    const kitManifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    const editionManifest = JSON.parse(readFileSync(join(edition, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect({ ...editionManifest, scripts: undefined, imports: undefined }).toEqual({ ...kitManifest, scripts: undefined, imports: undefined });
    // The one seam: the final app's labs are the student's.
    expect(kitManifest.imports).toMatchObject({ '#labs/*': './solutions/*' });
    expect(editionManifest.imports).toEqual({ ...(kitManifest.imports as object), '#labs/*': './labs/*' });
    const scripts = editionManifest.scripts as Record<string, string>;
    expect(scripts.start).toBe((kitManifest.scripts as Record<string, string>).start);
    expect(Object.values(scripts).filter((command) => /\b(solutions|slides)\//.test(command))).toEqual([]);
    // Every script's program is in the copy (a left-out benchmark takes its script along).
    const programs = Object.values(scripts).flatMap((command) => command.split(/\s+/).filter((word) => /\.ts$/.test(word)));
    expect(programs.filter((path) => !existsSync(join(edition, path)))).toEqual([]);

    // --prefer-offline: the lock file names no download addresses here, so npm reads package data from its cache.
    const install = ['ci', '--prefer-offline', '--no-audit', '--no-fund', ...(FULL_INSTALL ? [] : ['--ignore-scripts'])];
    const ci = await runCommand(edition, 'npm', install, FULL_INSTALL ? 300_000 : 120_000);
    expect(ci.status, ci.stderr).toBe(0);
    const tree = await runCommand(edition, 'npm', ['ls', '--all'], 60_000);
    expect(tree.status, tree.stderr + tree.stdout).toBe(0);
    if (!FULL_INSTALL) {
      renameSync(join(edition, 'node_modules'), join(parent, 'installed-node_modules'));
      shareNodeModules(edition);
    }
  }, 360_000);

  test('every relative link in its markdown files leads to a file or folder it holds', () => {
    const markdown = listKitFiles(edition).filter((path) => path.endsWith('.md'));
    expect(markdown).toEqual(expect.arrayContaining(['README.md', 'labs/README.md', 'final/README.md']));
    expect(brokenLinks(edition, markdown)).toEqual([]);
  });

  test('its --ref and --borrow say that the references come from the instructor, and exit 2', async () => {
    const ref = await runCommand(edition, 'npm', ['run', '--silent', 'grade', '--', '01', '--ref'], 60_000);
    const borrow = await runCommand(edition, 'npm', ['run', '--silent', 'grade', '--', '02', '--borrow', '01'], 60_000);
    for (const [run, flag] of [[ref, '--ref'], [borrow, '--borrow 01']] as const) {
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toContain(`error: ${flag} needs the reference solution of Lab 01, which is not in this copy: the student edition leaves the reference solutions out. Your instructor can publish it`);
      expect(run.stderr).toContain('solutions/01-two-peers/ in your repository');
      expect(run.stderr, 'no usage text, no stack trace').not.toMatch(/usage:|\n\s+at /);
    }
  }, 120_000);

  test('its npm run grade runs and reports every lab as not done', async () => {
    const run = await runCommand(edition, 'npm', ['run', '--silent', 'grade'], 120_000);
    expect(run.stdout).toContain('Your progress');
    for (const lab of LABS) expect(run.stdout).toMatch(new RegExp(`${lab.id} {2}${lab.title} +not started`));
    expect(run.stdout).not.toContain('✓ done');
    expect(run.status, run.stderr).toBe(LABS.some((lab) => lab.released) ? 1 : 0);
    const json = await runCommand(edition, 'npm', ['run', '--silent', 'grade', '--', '--json'], 120_000);
    const report = JSON.parse(json.stdout) as { labs: Array<{ id: string; done: boolean }> };
    expect(report.labs.filter((lab) => lab.done)).toEqual([]);
    expect(report.labs).toHaveLength(LABS.length);
  }, 240_000);

  test('its npm test passes', async () => {
    // One test file at a time: this runs beside the kit's own tests, on the same cores.
    const run = await runCommand(edition, 'npm', ['test', '--', '--maxWorkers=1'], 300_000);
    expect(run.status, `${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    const tests = readdirSync(join(edition, 'test'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts'));
    expect(tests.length).toBeGreaterThan(0);
    rmSync(join(edition, '.work'), { recursive: true, force: true });
  }, 300_000);
});
