// Tells an unfinished step of a lab from any other failure: a starter's method throws
// "TODO (README step N): what it would do", and the stack says which lab file threw it. Anything else
// (a bug in finished code, a full disk) is not a need and goes on as the error it is.
import type { LabNeed } from '../shared/lab-need.ts';

const TODO = /^TODO \(README step (\d+)\)(?::\s*([\s\S]*))?$/;
// A stack frame in a lab folder, as Node prints it: "at f (/…/labs/02-tracker-auth/database.ts:9:9)".
const LAB_FRAME = /^\s*at .*?[/\\](labs[/\\](\d\d)-[\w-]+[/\\][^\s:()]+)/;

/** The need behind an error thrown by a starter's unfinished method, or undefined for any other error. */
export function needOfError(error: unknown, part?: string): LabNeed | undefined {
  if (!(error instanceof Error)) return undefined;
  const todo = TODO.exec(error.message);
  if (!todo) return undefined;
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const frame = LAB_FRAME.exec(line);
    if (!frame?.[1] || !frame[2]) continue;
    return { lab: frame[2], step: Number(todo[1]), todo: todo[2]?.trim() || 'not written yet', file: frame[1].replaceAll('\\', '/'), ...(part ? { part } : {}) };
  }
  return undefined;
}
