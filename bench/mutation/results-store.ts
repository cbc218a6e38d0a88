// Outcomes already graded, kept under .work/ one JSON line each, so an interrupted run goes on where it
// stopped. A line is only reused while the references, the kit and the grader are byte for byte the
// same and the seed is the same: anything else could change the verdict.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { MutantOutcome } from './mutant-site.ts';

// What a grade of any lab runs: the kit, the grader's engine and its list of labs.
const SHARED_TREES = ['kit', 'grader/engine', 'grader/labs/index.ts'];

/**
 * A hash of every source file a lab's verdicts depend on, and the seed the checks are graded with.
 * A lab's references and checks import only earlier labs', so a change to a later lab keeps the
 * outcomes of the earlier ones.
 */
export function gradingSignature(repoRoot: string, seed: number, labId: string): string {
  const hash = createHash('sha256').update(`seed ${seed}\n`);
  const upToLab = (root: string) => readdirSync(join(repoRoot, root)).filter((name) => /^\d\d-/.test(name) && name.slice(0, 2) <= labId).sort().map((name) => `${root}/${name}`);
  for (const tree of [...SHARED_TREES, ...upToLab('solutions'), ...upToLab('grader/labs')]) {
    for (const file of listFiles(join(repoRoot, tree))) {
      hash.update(`${relative(repoRoot, file)}\n`).update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export class ResultsStore {
  private readonly outcomes = new Map<string, MutantOutcome>();
  /** The file ends in a line cut short: the next line must not be glued to it. */
  private cutShort = false;

  /** `fresh`: forget earlier outcomes of this lab. */
  constructor(private readonly path: string, private readonly signature: string, fresh: boolean) {
    mkdirSync(dirname(path), { recursive: true });
    if (fresh) rmSync(path, { force: true });
    if (!existsSync(path)) return;
    const text = readFileSync(path, 'utf8');
    this.cutShort = text.length > 0 && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const stored = JSON.parse(line) as { signature: string; outcome: MutantOutcome };
        if (stored.signature === signature) this.outcomes.set(stored.outcome.key, stored.outcome);
      } catch {
        // a line cut short by an interruption: that mutant is graded again
      }
    }
  }

  get(key: string): MutantOutcome | undefined {
    return this.outcomes.get(key);
  }

  add(outcome: MutantOutcome): void {
    this.outcomes.set(outcome.key, outcome);
    appendFileSync(this.path, `${this.cutShort ? '\n' : ''}${JSON.stringify({ signature: this.signature, outcome })}\n`);
    this.cutShort = false;
  }
}
