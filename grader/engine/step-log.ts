// The numbered story of one check: every action the grader took and every thing it saw.
import type { StepRecord } from './types.ts';

export class StepLog {
  readonly steps: StepRecord[] = [];
  private readonly began = performance.now();

  add(text: string, detail: string[] = []): void {
    this.steps.push({ n: this.steps.length + 1, atMs: this.now(), text, detail });
  }

  /** Milliseconds since the check began, the clock of every step and wire record. */
  now(): number {
    return Math.round(performance.now() - this.began);
  }
}
