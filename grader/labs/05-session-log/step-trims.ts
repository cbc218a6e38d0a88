// Lab 05 cut back to README steps (see grader/engine/step-trim.ts): what a student has written by
// then, so that every check of that step and the ones before passes without a later step's code.
//
// Steps 2 to 4 ask for no code of this lab: they verify step 1's listeners and the Lab 03 code under
// every kind of teardown. A student's program at the end of step 1, 2 or 3 is the one at the end of
// step 4, so there is one trim for the four of them, through step 4 (a trim through step 1, 2 or 3
// would pass every check of the next step too, and prove nothing about it).
import type { TextEdit } from '../../engine/mutant.ts';
import type { StepTrim } from '../../engine/step-trim.ts';

/**
 * Before step 5: nothing settles the log at start (no interruptAll, no session_ended for the sessions
 * a killed tracker left active) or at close(), and a report is taken only for a session this run's
 * table holds (none of an earlier run's).
 */
const NO_RESTART: TextEdit[] = [
  {
    file: 'session-log-feature.ts',
    find: "    for (const id of log.interruptAll(new Date())) {\n      tracker.out.emit('session_ended', { session: id, reason: 'interrupted' }, `session ${id} was interrupted by the last stop`);\n    }\n",
    replace: '',
  },
  {
    file: 'session-log-feature.ts',
    find: '      close() {\n        // Stopping hangs up on every peer, which would end each session as "lost": it was not.\n        write(() => log.interruptAll(new Date()));\n        stopping = true;\n      },\n',
    replace: '',
  },
  {
    file: 'session-log-feature.ts',
    find: `    sessions.report = (id, username, report) => {
      if (tableReport(id, username, report)) return true;
      const row = endedInLog.get(id);
      if (!row || (row.caller !== username && row.callee !== username)) return false;
      sessions.emit('reported', endedSession(row), username, report);
      return true;
    };
`,
    replace: '',
  },
  {
    file: 'session-log.ts',
    find: '    return this.interruptActive.all(at.toISOString()).map((row) => row.id);',
    replace: "    throw new Error(`TODO (README step 5): interrupt what was active at ${at.toISOString()}`);",
  },
];

export const sessionLogStepTrims: StepTrim[] = [
  {
    throughStep: 4,
    missing: 'restart recovery, goodbyes when the tracker is lost, the transcript and /history',
    starterFiles: ['farewell-feature.ts', 'history-feature.ts', 'transcript.ts'],
    edits: NO_RESTART,
  },
  { throughStep: 5, missing: 'the transcript and /history', starterFiles: ['history-feature.ts', 'transcript.ts'] },
];
