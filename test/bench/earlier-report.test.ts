// A lab measured by an earlier run keeps its row and section in the report of a run that does not
// measure it, marked as carried over, and a lab this run measures is never taken from the old text.
import { describe, expect, it } from 'vitest';
import { earlierLabs, type EarlierLab } from '../../bench/mutation/earlier-report.ts';
import { renderReport } from '../../bench/mutation/report.ts';

/** The carried-over lab's row as the report prints it. */
function renderedRow(lab: EarlierLab): string {
  const header = { command: 'c', tool: 't', seed: 1, sampleSize: 100, concurrency: 1, checkConcurrency: 3, finished: true };
  return renderReport(header, [], [lab]).split('\n').find((line) => line.startsWith('| 02 '))!;
}

const OLD = [
  '# Mutation score of the grader',
  '',
  'Regenerate with `npm run mutation-score -- 02 03` (this run finished).',
  '',
  '| lab | generated |',
  '| --- | ---: |',
  '| 02 Tracker and accounts | 715 |',
  '| 03 Roster and direct chat | 686 |',
  '',
  '## Lab 02: Tracker and accounts',
  '',
  '- two survivors',
  '',
  '## Lab 03: Roster and direct chat',
  '',
  '- none',
].join('\n');

describe('earlierLabs', () => {
  it('carries over the labs this run does not measure, with the command that measured them', () => {
    const [lab, ...more] = earlierLabs(OLD, ['03']);
    expect(more).toEqual([]);
    expect(lab!.labId).toBe('02');
    expect(lab!.row).toBe('| 02 Tracker and accounts | 715 |');
    expect(lab!.section[0]).toBe('## Lab 02: Tracker and accounts');
    expect(lab!.section.join('\n')).toContain('`npm run mutation-score -- 02 03`');
    expect(lab!.section.join('\n')).toContain('- two survivors');
    expect(lab!.section.join('\n')).not.toContain('Lab 03');
  });

  it('keeps the run that measured a lab when it is carried over twice', () => {
    const once = ['Regenerate with `npm run mutation-score -- 04`.', '| 02 Tracker and accounts | 715 |', ...earlierLabs(OLD, ['03'])[0]!.section].join('\n');
    const twice = earlierLabs(once, ['04'])[0]!;
    expect(twice.command).toBe('npm run mutation-score -- 02 03');
    expect(twice.section.filter((line) => line.startsWith('_Carried over'))).toHaveLength(1);
    expect(renderedRow(twice)).toBe('| 02 Tracker and accounts (earlier run) | 715 |');
    expect(renderedRow({ ...twice, row: renderedRow(twice) })).toBe('| 02 Tracker and accounts (earlier run) | 715 |');
  });

  it('carries nothing over for labs this run measures, or a lab without its row', () => {
    expect(earlierLabs(OLD, ['02', '03'])).toEqual([]);
    expect(earlierLabs(OLD.replace('| 02 Tracker and accounts | 715 |', ''), ['03'])).toEqual([]);
  });
});
