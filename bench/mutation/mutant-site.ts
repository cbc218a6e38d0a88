// The vocabulary of the mutation score: a mutant site (where a generated mutant edits a reference
// file, and how) and the outcome of grading it.

export interface MutantSite {
  /** Stable across runs while the reference file is unchanged: resumed runs find their results by it. */
  key: string;
  /** File name inside the lab's folder, e.g. chat.ts. */
  file: string;
  /** 1-based line and column of the edit's start, for people. */
  line: number;
  column: number;
  /** UTF-16 offsets of the replaced text in the reference file: [start, end). */
  start: number;
  end: number;
  /** StrykerJS's mutator name, e.g. EqualityOperator. */
  mutator: string;
  original: string;
  replacement: string;
  /** Why the mutant is not graded (file not run, text only people read); graded when absent. */
  excluded?: string;
}

/**
 * killed: some check failed on its own (not by outliving its time bound);
 * timed-out: checks failed only by running out of time, or the whole grade hit its bound;
 * not-compiling: esbuild cannot transform the mutated file, or tsc finds a type error in the lab.
 */
export type Verdict = 'killed' | 'survived' | 'timed-out' | 'not-compiling';

export interface MutantOutcome {
  key: string;
  verdict: Verdict;
  /** The check that killed it, and what it got (shortened). */
  killedBy?: string;
  /** What ended that check: expectation, protocol, start or grader (see worker-lines.ts). */
  killedKind?: string;
  killedHow?: string;
  /** Checks that ran out of their time bound. */
  timedOutChecks?: string[];
  /** True when the whole grade was stopped at its bound. */
  hitBound?: boolean;
  /** First error of esbuild or tsc. */
  compileError?: string;
  durationMs: number;
}
