// A mutant is a reference solution with one deliberate bug, written as an exact text edit so that no
// broken copy of a solution is ever kept in the repository.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Mutant {
  /** Short name of the bug, e.g. "one-message-per-chunk". */
  name: string;
  /** What the broken code does, for people. */
  bug: string;
  /** The check that must catch it. */
  caughtBy: string;
  /**
   * How the check must fail: 'expectation' (one of the check's own expectations, the default) or
   * 'protocol' (the protocol monitor saw the breach). Never a crash at start, the check's time bound
   * or a grader bug: those say nothing about the behaviour the check is about.
   */
  by?: 'expectation' | 'protocol';
  /** With by 'protocol': the monitor's rule that must be the one broken (e.g. "id-echo"). */
  rule?: string;
  /** File inside the lab's folder. */
  file: string;
  /** Exact text of the reference that the bug replaces; it must occur exactly once. */
  find: string;
  replace: string;
  /**
   * What the machine must have for the check to see this bug: 'second-loopback-address' (a socket on
   * 127.0.0.2, which Linux has and macOS has not). Elsewhere the proof leaves the mutant out.
   */
  needs?: 'second-loopback-address';
  /** Further edits of the same bug, in this or other files of the lab. */
  also?: Array<{ file?: string; find: string; replace: string }>;
}

/**
 * Copies the whole solutions tree into `into` (later labs import earlier ones, so the copy must be
 * whole) and applies the mutant to it. Returns the folder that holds the lab folders.
 */
export function materializeMutant(solutionsRoot: string, labSlug: string, mutant: Mutant, into: string): string {
  rmSync(into, { recursive: true, force: true });
  cpSync(solutionsRoot, into, { recursive: true });
  const edits = [{ file: mutant.file, find: mutant.find, replace: mutant.replace }, ...(mutant.also ?? []).map((edit) => ({ ...edit, file: edit.file ?? mutant.file }))];
  applyTextEdits(join(into, labSlug), edits, `mutant ${mutant.name}`);
  return into;
}

export interface TextEdit {
  /** File inside the lab's folder. */
  file: string;
  /** Exact text that is replaced; it must occur exactly once. */
  find: string;
  replace: string;
}

/** Applies exact text edits to the files of a lab folder; `what` names the variant in errors. */
export function applyTextEdits(labDir: string, edits: readonly TextEdit[], what: string): void {
  for (const edit of edits) {
    const path = join(labDir, edit.file);
    const source = readFileSync(path, 'utf8');
    const occurrences = source.split(edit.find).length - 1;
    if (occurrences !== 1) {
      throw new Error(`${what}: expected the text to occur once in ${edit.file}, found ${occurrences} (the reference changed: update it)`);
    }
    writeFileSync(path, source.replace(edit.find, () => edit.replace));
  }
}
