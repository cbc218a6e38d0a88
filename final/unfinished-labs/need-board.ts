// The needs one process has met, each once: the process prints each new one, and its page (the
// dashboard, the peer's page) shows them all, also to a page opened later.
import { EventEmitter } from 'node:events';
import { sameNeed, type LabNeed } from '../shared/lab-need.ts';
import { needOfError } from './need-of-error.ts';

export class NeedBoard extends EventEmitter<{ need: [LabNeed] }> {
  private readonly needs: LabNeed[] = [];

  /** Records a need; true when it is new (and then announced). */
  report(need: LabNeed): boolean {
    if (this.needs.some((known) => sameNeed(known, need))) return false;
    this.needs.push(need);
    this.emit('need', need);
    return true;
  }

  /** Records the need behind an error; false when the error is not a need (the caller handles it). */
  reportError(error: unknown, part?: string): boolean {
    const need = needOfError(error, part);
    if (need) this.report(need);
    return need !== undefined;
  }

  list(): LabNeed[] {
    return [...this.needs];
  }
}
