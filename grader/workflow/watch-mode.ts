// `npm run grade -- NN --watch`: grades the lab again each time a file of the labs is saved, and
// shows one screen: the progress bar and the first failing check with its hint. q quits, h shows the
// next hint, r grades again. After a save, the check that failed first is graded alone before the
// rest, so its verdict comes in about a second. Each grading runs in a child process of its own group,
// so quitting (even in the middle of a check) stops every program the checks started.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { progressBar } from '../engine/progress-bar.ts';
import { reportPath } from '../engine/html-report/report-files.ts';
import { renderFailure, renderReportLink, type ReportStyle } from '../engine/report.ts';
import { TSX_IMPORT } from '../engine/run-lab.ts';
import type { LabDefinition, LabResult } from '../engine/types.ts';
import { askHint, firstFailingCheck, hintLevels, renderHints } from './hints.ts';
import { labResultsFromJson } from './json-results.ts';
import { listenForKeys, type KeyInput } from './key-input.ts';
import { emptyProgress, readProgress, writeProgress } from './progress-store.ts';

export interface WatchOptions {
  kitRoot: string;
  lab: LabDefinition;
  labs: LabDefinition[];
  /** The folder holding the lab folders; all of it is watched, since a lab runs the labs before it. */
  labsRoot: string;
  /** Flags every grading repeats, e.g. ["--dir", "PATH"] or ["--only", "framing"]. */
  passOn: string[];
  seed: number;
  color: boolean;
  /** The student's own labs: hint asks are remembered in the progress file, else only while watching. */
  own: boolean;
  input: KeyInput;
  output: NodeJS.WritableStream;
  /** A terminal: the screen is cleared for each grading and keys act without Enter. */
  interactive: boolean;
}

const SETTLE_MS = 150;
const CODE_FILE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;
const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

export function runWatchMode(options: WatchOptions): Promise<void> {
  return new Promise((finish) => new WatchSession(options, finish).start());
}

/** What one grading child was asked: the whole lab, or only the check that failed last time. */
type Pass = { kind: 'whole lab' } | { kind: 'recheck'; checkId: string };

/**
 * One watch session. After a save, the check that failed first last time is graded alone before
 * the rest (`--only`), so its verdict is on screen in about a second; then the whole lab.
 */
class WatchSession {
  private readonly memory = emptyProgress();
  private round = 0;
  private grading: ChildProcess | undefined;
  /** A change seen while a grading ran: grade again once it is over. */
  private pendingReason: string | undefined;
  private latest: LabResult | undefined;
  private settle: NodeJS.Timeout | undefined;
  private readonly changed = new Set<string>();
  private quitting = false;
  private watchers: FSWatcher[] = [];
  private stopKeys: () => void = () => {};
  private readonly onSignal = () => void this.quit();

  constructor(
    private readonly options: WatchOptions,
    private readonly finish: () => void,
  ) {}

  start(): void {
    this.watchers = watchTree(this.options.labsRoot, (file) => this.onChange(file));
    this.stopKeys = listenForKeys(this.options.input, (key) => {
      if (key === 'q' || key === '\u0003') void this.quit();
      else if (key === 'h') this.showHint();
      else if (key === 'r') this.grade('you asked');
    });
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    this.grade('first run');
  }

  private grade(reason: string): void {
    if (this.quitting) return;
    if (this.grading) {
      this.pendingReason = reason;
      return;
    }
    this.round += 1;
    const failing = this.latest && !this.options.passOn.includes('--only') ? firstFailingCheckOf(this.options.lab, this.latest) : undefined;
    this.run(failing ? { kind: 'recheck', checkId: failing.id } : { kind: 'whole lab' }, this.round, reason);
  }

  private run(pass: Pass, round: number, reason: string): void {
    const { options } = this;
    const only = pass.kind === 'recheck' ? ['--only', pass.checkId] : [];
    const what = pass.kind === 'recheck' ? `${pass.checkId} first, the check that failed last time` : reason;
    options.output.write(options.interactive ? `\n  grading (${what})…\n` : `grading ${round} (${what})…\n`);
    const child = spawn(
      process.execPath,
      ['--import', TSX_IMPORT, join(options.kitRoot, 'grader', 'cli.ts'), options.lab.id, '--json', '--seed', String(options.seed), ...options.passOn, ...only],
      { cwd: options.kitRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    this.grading = child;
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => {
      this.grading = undefined;
      if (this.quitting) return;
      if (pass.kind === 'recheck') {
        this.showRecheck(pass.checkId, round, reason, stdout, stderr, code);
        // A save during the re-check starts over with the newest code; else the rest of the lab.
        if (this.pendingReason === undefined) return this.run({ kind: 'whole lab' }, round, reason);
      } else {
        this.showResult(round, reason, stdout, stderr, code);
      }
      if (this.pendingReason !== undefined) {
        const next = this.pendingReason;
        this.pendingReason = undefined;
        this.grade(next);
      }
    });
  }

  /** The re-checked check's verdict, on screen while the rest of the lab is graded. */
  private showRecheck(checkId: string, round: number, reason: string, stdout: string, stderr: string, code: number | null): void {
    const { options } = this;
    const heading = options.interactive ? CLEAR_SCREEN : `\n── grade ${round} · ${reason} · ${checkId} first ──\n`;
    let verdict: string;
    try {
      const result = labResultsFromJson(stdout, options.labs).results[0];
      const check = result?.checks.find((c) => c.id === checkId);
      if (!result || !check) throw new Error('no result for the check');
      verdict = check.passed
        ? `  ✓ ${checkId} passes now (it failed last time).\n`
        : renderFailure(result, check, this.style()).join('\n') + '\n';
    } catch {
      verdict = `The grader itself failed (exit code ${code}):\n${stderr.trim() || stdout.trim()}\n`;
    }
    options.output.write(`${heading}${verdict}\n  grading the other checks of Lab ${options.lab.id}…\n`);
  }

  private showResult(round: number, reason: string, stdout: string, stderr: string, code: number | null): void {
    const { options } = this;
    let screen: string;
    try {
      this.latest = labResultsFromJson(stdout, options.labs).results[0];
      const nextLab = options.labs[options.labs.indexOf(options.lab) + 1]?.id;
      const info = { round, reason, seed: options.seed, color: options.color, passOn: options.passOn, ...(nextLab ? { nextLab } : {}) };
      screen = this.latest ? renderWatchScreen(this.latest, info) : '';
    } catch {
      this.latest = undefined;
      screen = `The grader itself failed (exit code ${code}):\n${stderr.trim() || stdout.trim()}\n`;
    }
    const heading = options.interactive ? CLEAR_SCREEN : `\n── grade ${round} · ${reason} ──\n`;
    // Each grading writes its report over the last one (same labs, same seed).
    const report = reportPath(options.kitRoot, [options.lab.id], options.seed);
    const link = existsSync(report) ? renderReportLink(report, options.kitRoot, 'open it in a browser: it shows this grading') : '';
    options.output.write(`${heading}${screen}${link}\n  watching ${shown(options.labsRoot, options.kitRoot)}/ · q quit · h next hint · r grade again\n`);
  }

  private style(): ReportStyle {
    return watchReportStyle(this.options.seed, this.options.color, this.options.passOn);
  }

  private showHint(): void {
    const { lab, output, own, kitRoot, labsRoot } = this.options;
    const failing = this.latest && firstFailingCheckOf(lab, this.latest);
    if (!failing) {
      output.write(this.latest ? '\n  Every check passes: no hint needed.\n' : '\n  No result yet: a hint needs a grading first.\n');
      return;
    }
    const progress = own ? readProgress(kitRoot) : this.memory;
    const failureHint = this.latest?.checks.find((c) => c.id === failing.id)?.failure?.hint;
    const hint = askHint(progress, lab, failing, hintLevels(lab, failing, labsRoot, failureHint));
    if (own) writeProgress(kitRoot, progress);
    output.write('\n' + renderHints(lab, failing, hint, 'Press h again'));
  }

  private onChange(file: string): void {
    if (!CODE_FILE.test(file) || file.split(/[\\/]/).some((part) => part.startsWith('.') || part === 'node_modules')) return;
    this.changed.add(file);
    clearTimeout(this.settle);
    // Editors save in bursts (write, rename, touch): grade once the burst is over.
    this.settle = setTimeout(() => {
      const files = [...this.changed].map((f) => shown(join(this.options.labsRoot, f), this.options.kitRoot));
      this.changed.clear();
      this.grade(`after a change to ${files[0]}${files.length > 1 ? ` and ${files.length - 1} more` : ''}`);
    }, SETTLE_MS);
  }

  private async quit(): Promise<void> {
    if (this.quitting) return;
    this.quitting = true;
    clearTimeout(this.settle);
    for (const watcher of this.watchers) watcher.close();
    this.stopKeys();
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    if (this.grading) await stopGroup(this.grading);
    this.options.output.write('\n  stopped watching.\n');
    this.finish();
  }
}

export interface WatchScreenInfo {
  round: number;
  reason: string;
  seed: number;
  color: boolean;
  passOn: string[];
  /** The lab after this one, suggested once every check passes. */
  nextLab?: string;
}

/** One grading as watch mode shows it: progress, steps, and the first failing check in full. */
export function renderWatchScreen(result: LabResult, info: WatchScreenInfo): string {
  const style = watchReportStyle(info.seed, info.color, info.passOn);
  const bold = (text: string) => (info.color ? `\x1b[1m${text}\x1b[0m` : text);
  const passed = result.checks.filter((c) => c.passed).length;
  const lines = [bold(`Lab ${result.id} · ${result.title}`) + `   grade ${info.round}, ${info.reason}, at ${new Date().toLocaleTimeString('en-GB')}`];
  if (result.status === 'not-released') return [...lines, '  this lab is not released yet: nothing to grade'].join('\n') + '\n';
  lines.push(`  ${progressBar(passed, result.checks.length)} checks passed`);
  const now = Object.fromEntries(result.checks.map((c) => [c.id, c.passed]));
  const steps = [...new Set(result.checks.map((c) => c.step))].sort((a, b) => a - b);
  const passing = new Set(stepsPassingOf(steps, result, now));
  lines.push(`  steps ${steps.map((step) => `${step}${passing.has(step) ? '✓' : '✗'}`).join(' ')}`, '');
  const failing = result.checks.filter((c) => !c.passed);
  const first = [...failing].sort((a, b) => a.step - b.step)[0];
  if (!first) {
    lines.push(`  ✓ every check of Lab ${result.id} passes.${info.nextLab ? ` Next: npm run grade -- ${info.nextLab} --watch` : ''}`);
  } else {
    lines.push(...renderFailure(result, first, style));
    if (failing.length > 1) lines.push('', `  ${failing.length - 1} more failing after this one: ${failing.filter((c) => c !== first).map((c) => c.id).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

function watchReportStyle(seed: number, color: boolean, passOn: string[]): ReportStyle {
  return { color, verbose: false, seed, command: 'npm run grade --', replayFlags: passOn.filter((flag, i) => flag === '--dir' || passOn[i - 1] === '--dir').join(' ') };
}

function stepsPassingOf(steps: number[], result: LabResult, now: Record<string, boolean>): number[] {
  return steps.filter((step) => result.checks.filter((c) => c.step === step).every((c) => now[c.id] === true));
}

function firstFailingCheckOf(lab: LabDefinition, result: LabResult) {
  const passed = new Map(result.checks.map((c) => [c.id, c.passed]));
  // With --only, checks that did not run are not failing: only the ones that ran and failed count.
  return firstFailingCheck(lab, (id) => passed.get(id) ?? true);
}

// Recursive fs.watch is the cheap way; where the platform lacks it, one watcher per folder.
function watchTree(root: string, onChange: (file: string) => void): FSWatcher[] {
  try {
    return [watch(root, { recursive: true }, (_event, file) => file && onChange(file.toString()))];
  } catch {
    const watchers: FSWatcher[] = [];
    const add = (folder: string) => {
      watchers.push(watch(folder, (_event, file) => file && onChange(relative(root, join(folder, file.toString())))));
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') add(join(folder, entry.name));
      }
    };
    add(root);
    return watchers;
  }
}

// The grading child leads its own process group: signalling the group reaches every program it started.
function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 1_000);
    child.once('close', () => {
      clearTimeout(timer);
      kill('SIGKILL');
      done();
    });
    kill('SIGTERM');
  });
}

function shown(path: string, from: string): string {
  const rel = relative(from, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
