// What to grade of one student: each lab at the last commit before its deadline (or the checkout as
// it is when the lab has none), labs that share a tree graded together in one run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commitBefore, headCommit, type Deadlines } from './deadlines.ts';
import { buildGradingTree } from './grading-tree.ts';
import type { Checkout } from './roster.ts';

export interface GradingGroup {
  labs: string[];
  /** The folder graded: the checkout itself, or a commit of it written out. */
  tree: string;
  /** What the gradebook says was graded. */
  commit: string;
}

export interface StudentPlan {
  groups: GradingGroup[];
  /** Labs with a deadline and no commit before it: zero points, nothing to run. */
  missed: Array<{ lab: string; why: string }>;
}

export function planStudent(kitRoot: string, checkout: Checkout, labs: string[], deadlines: Deadlines, treesDir: string): StudentPlan {
  const groups = new Map<string, GradingGroup>();
  const missed: StudentPlan['missed'] = [];
  for (const lab of labs) {
    const deadline = deadlines.get(lab);
    const before = deadline && commitBefore(checkout.dir, deadline);
    if (deadline && !before) {
      missed.push({ lab, why: `no commit before ${deadline.toISOString()}` });
      continue;
    }
    const tree = join(treesDir, checkout.student, before ? before.slice(0, 12) : 'as-checked-out');
    if (!groups.has(tree)) {
      // A commit's tree never changes, so it is written once; the checkout as it is, every time.
      if (!before || !existsSync(tree)) buildGradingTree(kitRoot, checkout.dir, before ? { commit: before } : { workingTree: true }, tree);
      groups.set(tree, { labs: [], tree, commit: before ?? `${headCommit(checkout.dir) ?? 'not a git checkout'} (as checked out)` });
    }
    groups.get(tree)!.labs.push(lab);
  }
  return { groups: [...groups.values()], missed };
}
