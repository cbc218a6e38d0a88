// How a /get ended for each name, read from the peer's events: a download_attempt that worked, as many
// failed attempts as there were holders, or an error naming the file (PROTOCOL §5.7, §9.4).
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { describeEvent, type ProgramEvent, type StudentProgram } from '../../engine/student-program.ts';
import type { FailureSource } from './holder-server.ts';

/** Name → whether a download_attempt of it succeeded, once every name has ended; fails otherwise. */
export async function untilEachNameEnds(ctx: CheckContext, peer: StudentProgram, names: string[], holders: FailureSource, timeoutMs: number, holdersPerName = 1): Promise<Map<string, boolean>> {
  const ended = (name: string): boolean | undefined => {
    const mine = peer.events.filter((e) => e.name === name);
    if (mine.some((e) => e.event === 'download_attempt' && e.ok === true)) return true;
    const failed = mine.filter((e) => e.event === 'download_attempt').length;
    if (failed >= holdersPerName || mine.some((e) => e.event === 'error')) return false;
    return undefined;
  };
  const all = await ctx.watch.until(() => (names.every((name) => ended(name) !== undefined) || peer.exit || holders.failed ? true : undefined), timeoutMs);
  holders.throwIfFailed();
  const open = names.filter((name) => ended(name) === undefined);
  if (!all || open.length > 0) {
    fail({
      expected: `for every file of the /get, a download_attempt that worked, ${holdersPerName} that failed, or an error with its name`,
      got: `nothing final for ${open.map((name) => JSON.stringify(name)).join(', ')}${peer.exit ? ' (your peer exited)' : ` within ${timeoutMs / 1000} s`}; its last events: ${lastEvents(peer.events)}`,
      why: 'a person who typed /get must learn what became of each file (assignment A3, see docs/COURSE.md: print the unsuccessful attempts)',
    });
  }
  ctx.note(`your peer finished every file of the /get: ${names.filter((name) => ended(name)).length} downloaded, ${names.filter((name) => !ended(name)).length} not`);
  return new Map(names.map((name) => [name, ended(name) === true]));
}

function lastEvents(events: ProgramEvent[]): string {
  return events.slice(-6).map(describeEvent).join(' | ') || 'none';
}
