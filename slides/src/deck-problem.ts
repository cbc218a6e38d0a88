// Everything that can be wrong in a deck is reported with the deck file, the line and the marker, so
// the fix never needs a search. Problems are collected, not thrown one by one: a build lists them all.

export interface DeckProblem {
  /** The file the problem is in, relative to the repository root (a deck or a diagram source). */
  file: string;
  /** 1-based line in that file; 0 when the problem is about the file as a whole. */
  line: number;
  /** The marker line as written (`@code solutions/…#push`), when the problem is about one. */
  marker?: string;
  reason: string;
}

export function formatProblem({ file, line, marker, reason }: DeckProblem): string {
  return `${file}${line > 0 ? `:${line}` : ''}: ${marker ? `${marker}: ` : ''}${reason}`;
}

/** Thrown by a build that found problems; its message lists every one of them. */
export class DeckBuildError extends Error {
  constructor(readonly problems: readonly DeckProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`the slides do not build (${count}):\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`);
    this.name = 'DeckBuildError';
  }
}

/** A problem found by a helper that does not know where it was called from; the caller adds that. */
export class MarkerFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MarkerFailure';
  }
}
