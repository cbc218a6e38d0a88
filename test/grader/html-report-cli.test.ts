// `npm run grade` writes an HTML report of each run under .work/reports/ and names it in its last line;
// --no-report writes none, --json keeps its output pure JSON, --open falls back to naming the file.
// The runs happen in a throwaway copy of the kit, so the real .work/reports/ is left alone.
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openInBrowser } from '../../grader/engine/html-report/open-in-browser.ts';
import { findReport, LATEST_REPORT, REPORTS_DIR, writeHtmlReport, writeHtmlReportOrWarn } from '../../grader/engine/html-report/report-files.ts';
import { materializeMutant } from '../../grader/engine/mutant.ts';
import { twoPeersMutants } from '../../grader/labs/01-two-peers/mutants.ts';
import { copyKit, removeFolder, runKitProgram, temporaryFolder } from '../workflow/kit-copy.ts';
import { reportOutline } from './report-outline.ts';

describe('npm run grade and its HTML report', () => {
  let kit: string;

  beforeAll(() => {
    kit = copyKit('html-report', { commit: false });
    const mutant = twoPeersMutants.find((m) => m.name === 'one-message-per-chunk')!;
    materializeMutant(join(kit, 'solutions'), '01-two-peers', mutant, join(kit, '.work', 'broken'));
  });

  afterAll(() => removeFolder(kit));

  const grade = (...args: string[]) => runKitProgram(kit, 'grader/cli.ts', ['01', '--dir', '.work/broken', '--only', 'framing.split', ...args], { timeoutMs: 60_000 });
  const report = (seed: number) => join(kit, REPORTS_DIR, `grade-01-${seed}.html`);

  it('writes the report of a failing run, with its diagram, and names it last', () => {
    const run = grade('--seed', '21');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('  HTML report: .work/reports/grade-01-21.html (--open opens it in your browser)');
    const html = readFileSync(report(21), 'utf8');
    expect(html).toContain('<details class="check failed"');
    expect(html).toMatch(/<svg[^>]*class="sequence-diagram"/);
    expect(html).toContain('class="step note alert"');
    // Read from the engine's live steps (the golden test reads recorded ones): who, through what, in order.
    const outline = reportOutline(html);
    expect(outline).toContain('lifelines: the grader | the grader\'s proxy | your peer');
    expect(outline).toMatch(/message: connects \(TCP\)\n.*message: connects \(TCP\)/);
    expect(outline).toMatch(/message: "hello world"\n.*message: "second line"\n.*message: ↳ 2 lines passed on\n.*note ✗: ✗ expected your peer to print/);
    expect(readFileSync(join(kit, REPORTS_DIR, LATEST_REPORT), 'utf8')).toBe(html);
  }, 90_000);

  it('writes none with --no-report', () => {
    const run = grade('--seed', '22', '--no-report');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).not.toContain('HTML report');
    expect(existsSync(report(22))).toBe(false);
  }, 90_000);

  it('keeps --json output pure JSON, and still writes the report', () => {
    const run = grade('--seed', '23', '--json');
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    expect(existsSync(report(23))).toBe(true);
  }, 90_000);

  it('writes --json FILE next to the human report, and reads a lab after --json as a lab', () => {
    const run = grade('--seed', '24', '--no-report', '--json', '.work/r.json');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('framing.split');
    const results = JSON.parse(readFileSync(join(kit, '.work', 'r.json'), 'utf8')) as { seed: number };
    expect(results.seed).toBe(24);
    const labAfter = runKitProgram(kit, 'grader/cli.ts', ['--dir', '.work/broken', '--only', 'framing.split', '--seed', '25', '--no-report', '--json', '01'], { timeoutMs: 60_000 });
    expect(() => JSON.parse(labAfter.stdout)).not.toThrow();
  }, 90_000);

  it('refuses --open with --no-report', () => {
    const run = grade('--open', '--no-report');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--open and --no-report cannot go together');
  }, 30_000);
});

describe('opening the report', () => {
  it('says why, when the opener is missing or fails, and nothing when it took the file', async () => {
    expect(await openInBrowser('r.html', { command: 'no-such-opener-for-the-report', args: [] })).toBe('there is no no-such-opener-for-the-report on this machine');
    expect(await openInBrowser('r.html', { command: 'false', args: [] })).toBe('false exited with code 1');
    expect(await openInBrowser('r.html', { command: 'true', args: [] })).toBeUndefined();
  });
});

describe('the report files', () => {
  let root: string;
  beforeAll(() => {
    root = temporaryFolder('reports');
  });
  afterAll(() => removeFolder(root));

  it('keeps the newest runs, and finds the one of a lab and seed', () => {
    const folder = join(root, REPORTS_DIR);
    mkdirSync(folder, { recursive: true });
    const old = new Date('2020-01-01');
    for (let seed = 1; seed <= 45; seed += 1) {
      writeFileSync(join(folder, `grade-02-${seed}.html`), 'old');
      utimesSync(join(folder, `grade-02-${seed}.html`), old, new Date(old.getTime() + seed * 1000));
    }
    const style = { color: false, verbose: false, seed: 99, command: 'npm run grade --', replayFlags: '' };
    const written = writeHtmlReport(root, [], ['01', '03'], { style, gradedAt: 'now', source: 'a test' });
    const runs = readdirSync(folder).filter((file) => file.startsWith('grade-'));
    expect(runs).toHaveLength(40);
    expect(runs).toContain('grade-01-03-99.html');
    expect(runs).not.toContain('grade-02-1.html');
    expect(runs).toContain('grade-02-45.html');
    expect(findReport(root, '03', 99)).toBe(written);
    expect(findReport(root, '02', 99)).toBeUndefined();
    expect(findReport(root, '02', 45)).toBe(join(folder, 'grade-02-45.html'));
    expect(findReport(root, '01', undefined)).toBeUndefined();
  });

  it('only warns when the report cannot be written, so the grading stands', () => {
    const blocked = join(root, 'blocked');
    mkdirSync(join(blocked, '.work'), { recursive: true });
    writeFileSync(join(blocked, REPORTS_DIR), 'a file where the folder should be');
    const warnings = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const style = { color: false, verbose: false, seed: 5, command: 'npm run grade --', replayFlags: '' };
      expect(writeHtmlReportOrWarn(blocked, [], ['01'], { style, gradedAt: 'now', source: 'a test' })).toBeUndefined();
      expect(String(warnings.mock.calls[0]?.[0])).toMatch(/^could not write the HTML report: /);
    } finally {
      warnings.mockRestore();
    }
  });
});
