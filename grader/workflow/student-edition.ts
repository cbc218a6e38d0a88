// The student edition: a copy of the kit without anything that gives the labs away. Left out are the
// reference solutions, the mutants made from them, the decks (they quote the solutions), every test
// that needs any of those, and the kit's tests that expect labs/ to be the starters (a student's work
// would turn them red). What remains must still type-check, so a kept file that imports a left-out one
// stops the edition instead of breaking it. The final app comes along: it reaches the labs only through
// package.json's `#labs/*`, which the edition points at the student's labs/ instead of solutions/.
// The copy records its starters (grader/starter-manifest.json) and becomes a git repository of one
// commit, tagged "starter": that is where `npm run reset` and "not started" find the starters.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git } from './git.ts';
import { importedKitFiles } from './import-graph.ts';
import { listKitFiles } from './kit-files.ts';
import { blobIdsOfFolder } from './lab-files.ts';
import { STARTER_MANIFEST, type StarterManifest } from './starters.ts';

interface Rule {
  matches: (path: string) => boolean;
  reason: string;
}

const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);

/** Top-level folders that are left out whole; scripts that mention them are dropped too. */
const LEFT_OUT_FOLDERS = ['solutions', 'slides'];

/** Where the final app finds the labs (package.json `imports`): the references in the kit, the student's here. */
export const LABS_SEAM = '#labs/*';
/** Where `#labs/*` points when a student's own labs are run (the edition, a graded checkout). */
export const STUDENT_LABS = './labs/*';

// Kit tests written for labs/ as the starters: in the edition labs/ is the student's work in progress.
const STARTERS_ASSUMED = new Map([
  ['test/workflow/watch-mode.test.ts', "it expects Lab 01's first grading to fail listen.ready, which stops being true once the student's peer listens"],
  ['test/workflow/reset.test.ts', "it expects a fresh copy's labs/ to be the starters, which stops being true with the student's first edit"],
]);

const RULES: Rule[] = [
  { matches: under('solutions'), reason: 'the reference solutions' },
  { matches: under('slides'), reason: 'the lecture decks quote the reference solutions' },
  { matches: under('test/final'), reason: "the final app's tests run it on the reference solutions (here it runs on the student's labs)" },
  ...[...STARTERS_ASSUMED].map(([path, why]) => ({ matches: (p: string) => p === path, reason: `a kit test that assumes the starters: ${why}` })),
  { matches: (p) => /^grader\/labs\/[^/]+\/[^/]*mutants\.ts$/.test(p), reason: 'the mutants are edits of the reference solutions' },
  { matches: under('test/golden'), reason: "golden copies of the grader's reports on the references" },
  { matches: (p) => /^test\/grader\/[^/]*proof[^/]*$/.test(p), reason: "the grader's proof of itself runs the reference solutions" },
  { matches: (p) => p === STARTER_MANIFEST, reason: 'written anew for each edition' },
];

// Tests and benchmarks are for maintainers: one that reaches the solutions, mutants or decks by path
// is left out rather than left failing.
const MAINTAINER_ONLY = /(['"`/])(?:solutions|slides)(?:['"`/])|mutants/;
const DROPPABLE = (path: string) => path.startsWith('test/') || path.startsWith('bench/');

export interface EditionPlan {
  kept: string[];
  leftOut: Array<{ path: string; reason: string }>;
}

export function planStudentEdition(kitRoot: string): EditionPlan {
  const leftOut = new Map<string, string>();
  const files = listKitFiles(kitRoot);
  for (const path of files) {
    const rule = RULES.find((r) => r.matches(path));
    if (rule) leftOut.set(path, rule.reason);
    else if (DROPPABLE(path) && /\.[cm]?[jt]s$/.test(path) && MAINTAINER_ONLY.test(readFileSync(join(kitRoot, path), 'utf8'))) {
      leftOut.set(path, "a maintainers' test or benchmark that uses the reference solutions");
    }
  }
  // Whatever imports a left-out file goes too (tests), or stops the edition (anything else).
  for (let changed = true; changed; ) {
    changed = false;
    for (const path of files) {
      if (leftOut.has(path) || !/\.[cm]?[jt]s$/.test(path)) continue;
      const gone = importedKitFiles(path, readFileSync(join(kitRoot, path), 'utf8')).find((imported) => leftOut.has(imported));
      if (!gone) continue;
      if (!DROPPABLE(path)) throw new Error(`${path} imports ${gone}, which the student edition leaves out (${leftOut.get(gone)}): the edition would not type-check`);
      leftOut.set(path, `it imports ${gone}`);
      changed = true;
    }
  }
  const kept = files.filter((p) => !leftOut.has(p));
  checkLabImports(kitRoot, kept);
  return { kept, leftOut: [...leftOut].map(([path, reason]) => ({ path, reason })) };
}

// What the kit imports through #labs/ must exist among the starters, or the edition would not run.
function checkLabImports(kitRoot: string, kept: string[]): void {
  const present = new Set(kept);
  for (const path of kept.filter((p) => /\.[cm]?[jt]s$/.test(p))) {
    for (const [, file] of readFileSync(join(kitRoot, path), 'utf8').matchAll(/\b(?:from|import)\s*\(?\s*['"]#labs\/([^'"]+)['"]/g)) {
      if (!present.has(`labs/${file}`)) throw new Error(`${path} imports #labs/${file}, but labs/${file} is not a starter: the edition's final app would not run`);
    }
  }
}

export interface EditionSummary extends EditionPlan {
  outDir: string;
  git: boolean;
}

export function writeStudentEdition(kitRoot: string, outDir: string, { withGit = true } = {}): EditionSummary {
  if (existsSync(outDir) && (!statSync(outDir).isDirectory() || readdirSync(outDir).length > 0)) {
    throw new Error(`${outDir} already exists and is not empty: choose a new folder`);
  }
  const plan = planStudentEdition(kitRoot);
  for (const path of plan.kept) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(kitRoot, path), target);
    chmodSync(target, statSync(join(kitRoot, path)).mode & 0o777);
  }
  rewriteFile(join(outDir, 'package.json'), (text) => editionManifest(text, new Set(plan.kept)));
  rewriteFile(join(outDir, 'README.md'), studentReadme);
  writeStarterManifest(outDir);
  if (withGit) commitAsStarter(outDir);
  return { ...plan, outDir, git: withGit };
}

function rewriteFile(path: string, change: (text: string) => string): void {
  if (existsSync(path)) writeFileSync(path, change(readFileSync(path, 'utf8')));
}

/**
 * package.json for students: without the scripts that run a left-out folder or file, and with `#labs/*`
 * on the student's labs/; everything npm ci reads is untouched.
 */
export function editionManifest(text: string, kept: ReadonlySet<string>): string {
  const manifest = JSON.parse(text) as { scripts?: Record<string, string>; imports?: Record<string, string> };
  const mentionsLeftOut = new RegExp(`(^|[\\s'"=:])(?:\\./)?(?:${LEFT_OUT_FOLDERS.join('|')})/`);
  const runsLeftOutFile = (command: string) => command.split(/\s+/).some((word) => /^[\w./-]+\.[cm]?[jt]s$/.test(word) && !kept.has(word.replace(/^\.\//, '')));
  if (manifest.scripts) {
    manifest.scripts = Object.fromEntries(Object.entries(manifest.scripts).filter(([, command]) => !mentionsLeftOut.test(command) && !runsLeftOutFile(command)));
  }
  if (!manifest.imports?.[LABS_SEAM]) throw new Error(`package.json has no "imports" entry ${LABS_SEAM}: the final app could not find the student's labs`);
  manifest.imports[LABS_SEAM] = STUDENT_LABS;
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** The README for students: the instructor and maintainer sections and the --ref line go. */
export function studentReadme(text: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (/^## /.test(line)) skipping = /^## (Instructors|Maintainers)\b/.test(line);
    if (!skipping && !line.includes('--ref')) kept.push(line);
  }
  while (kept.at(-1)?.trim() === '') kept.pop();
  kept.push(
    '',
    '## This copy',
    '',
    'This is the student edition of the kit: everything the labs need, without the reference solutions or',
    'the lecture decks. `npm start` runs the final app on your own labs: wherever a step is not written yet,',
    'the terminal, the dashboard or the peer\'s page says which ("needs Lab 02, step 7"), and the rest runs.',
    '`npm test` type-checks the kit and runs its tests, whatever your progress.',
    '',
  );
  return kept.join('\n');
}

function writeStarterManifest(outDir: string): void {
  const labsDir = join(outDir, 'labs');
  const manifest: StarterManifest = {
    $comment: 'Written by npm run student-edition: the git id of every starter file, so the grader can tell an untouched lab and npm run reset can restore one from git history. Do not edit.',
    labs: {},
  };
  if (existsSync(labsDir)) {
    for (const entry of readdirSync(labsDir, { withFileTypes: true })) {
      if (entry.isDirectory()) manifest.labs[entry.name] = Object.fromEntries(blobIdsOfFolder(join(labsDir, entry.name)));
    }
  }
  mkdirSync(dirname(join(outDir, STARTER_MANIFEST)), { recursive: true });
  writeFileSync(join(outDir, STARTER_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

// One commit holding every starter, so their content is in the repository students clone.
function commitAsStarter(outDir: string): void {
  const identity = git(outDir, ['config', 'user.email']).ok ? [] : ['-c', 'user.name=Sharing is Caring', '-c', 'user.email=kit@example.invalid'];
  const steps: string[][] = [
    ['init', '-q'],
    ['add', '-A'],
    [...identity, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'Sharing is Caring: student edition'],
    ['tag', 'starter'],
  ];
  for (const args of steps) {
    const run = git(outDir, args);
    if (!run.ok) throw new Error(`git ${args.filter((a) => !a.startsWith('user.')).join(' ')} failed in ${outDir}: ${run.stderr.trim()}`);
  }
}
