// The folder a student is graded in: their labs/ (from a commit, or as checked out) next to this kit's
// own kit/, dependencies and package.json. Nothing else of the student's repository takes part, so a
// changed kit/, grader/ or package.json in a student's repository changes nothing, and a checkout
// without node_modules (a fresh clone) grades like any other.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LABS_SEAM, STUDENT_LABS } from '../workflow/student-edition.ts';
import { exportCommit } from './deadlines.ts';

const SHARED = ['kit', 'node_modules', 'tsconfig.json'];

export type LabsSource = { commit: string } | { workingTree: true };

export function buildGradingTree(kitRoot: string, checkoutDir: string, source: LabsSource, into: string): void {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  if ('commit' in source) exportCommit(checkoutDir, source.commit, into, 'labs');
  else {
    // A checkout holds labs/, or is itself the folder of lab folders.
    const labs = existsSync(join(checkoutDir, 'labs')) ? join(checkoutDir, 'labs') : checkoutDir;
    cpSync(labs, join(into, 'labs'), { recursive: true, filter: (path) => !path.includes('/node_modules') && !path.endsWith('/.git') });
  }
  mkdirSync(join(into, 'labs'), { recursive: true });
  for (const name of SHARED) if (existsSync(join(kitRoot, name))) symlinkSync(join(kitRoot, name), join(into, name));
  // The kit's import map, with #labs/ pointing at these labs (as in the student edition).
  const kit = JSON.parse(readFileSync(join(kitRoot, 'package.json'), 'utf8')) as { imports?: Record<string, string> };
  const imports = { ...kit.imports, [LABS_SEAM]: STUDENT_LABS };
  writeFileSync(join(into, 'package.json'), JSON.stringify({ name: 'graded-checkout', private: true, type: 'module', imports }, null, 2) + '\n');
}
