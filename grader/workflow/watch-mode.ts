// `npm run grade -- NN --watch`: grades the lab again each time a file of the labs is saved, and
// shows one screen: the progress bar and the first failing check with its hint. q quits, h shows the
// next hint, r grades again. Each grading runs in a child process of its own group, so quitting (even
// in the middle of a check) stops every program the checks started.
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
  const { lab, output } = options;
  const memory = emptyProgress();
  let round = 0;
  let grading: ChildProcess | undefined;
  let pendingReason: string | undefined;
  let latest: LabResult | undefined;
  let settle: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  let quitting = false;

  return new Promise((finish) => {
    const grade = (reason: string) => {
      if (quitting) return;
      if (grading) {
        pendingReason = reason;
        return;
      }
      round += 1;
      const thisRound = round;
      output.write(options.interactive ? `\n  grading (${reason})…\n` : `grading ${thisRound} (${reason})…\n`);
      const child = spawn(
        process.execPath,
        ['--import', TSX_IMPORT, join(options.kitRoot, 'grader', 'cli.ts'), lab.id, '--json', '--seed', String(options.seed), ...options.passOn],
        { cwd: options.kitRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
      );
      grading = child;
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('close', (code) => {
        grading = undefined;
        if (quitting) return;
        showResult(thisRound, reason, stdout, stderr, code);
        if (pendingReason !== undefined) {
          const next = pendingReason;
          pendingReason = undefined;
          grade(next);
        }
      });
    };

    const showResult = (thisRound: number, reason: string, stdout: string, stderr: string, code: number | null) => {
      let screen: string;
      try {
        latest = labResultsFromJson(stdout, options.labs).results[0];
        const nextLab = options.labs[options.labs.indexOf(lab) + 1]?.id;
        const info = { round: thisRound, reason, seed: options.seed, color: options.color, passOn: options.passOn, ...(nextLab ? { nextLab } : {}) };
        screen = latest ? renderWatchScreen(latest, info) : '';
      } catch {
        latest = undefined;
        screen = `The grader itself failed (exit code ${code}):\n${stderr.trim() || stdout.trim()}\n`;
      }
      const heading = options.interactive ? CLEAR_SCREEN : `\n── grade ${thisRound} · ${reason} ──\n`;
      // Each grading writes its report over the last one (same labs, same seed).
      const report = reportPath(options.kitRoot, [lab.id], options.seed);
      const link = existsSync(report) ? renderReportLink(report, options.kitRoot, 'open it in a browser: it shows this grading') : '';
      output.write(`${heading}${screen}${link}\n  watching ${shown(options.labsRoot, options.kitRoot)}/ · q quit · h next hint · r grade again\n`);
    };

    const showHint = () => {
      const failing = latest && firstFailingCheckOf(lab, latest);
      if (!failing) {
        output.write(latest ? '\n  Every check passes: no hint needed.\n' : '\n  No result yet: a hint needs a grading first.\n');
        return;
      }
      const progress = options.own ? readProgress(options.kitRoot) : memory;
      const failureHint = latest?.checks.find((c) => c.id === failing.id)?.failure?.hint;
      const hint = askHint(progress, lab, failing, hintLevels(lab, failing, options.labsRoot, failureHint));
      if (options.own) writeProgress(options.kitRoot, progress);
      output.write('\n' + renderHints(lab, failing, hint, 'Press h again'));
    };

    const onChange = (file: string) => {
      if (!CODE_FILE.test(file) || file.split(/[\\/]/).some((part) => part.startsWith('.') || part === 'node_modules')) return;
      changed.add(file);
      clearTimeout(settle);
      // Editors save in bursts (write, rename, touch): grade once the burst is over.
      settle = setTimeout(() => {
        const files = [...changed].map((f) => shown(join(options.labsRoot, f), options.kitRoot));
        changed.clear();
        grade(`after a change to ${files[0]}${files.length > 1 ? ` and ${files.length - 1} more` : ''}`);
      }, SETTLE_MS);
    };

    const watchers = watchTree(options.labsRoot, onChange);
    const stopKeys = listenForKeys(options.input, (key) => {
      if (key === 'q' || key === '\u0003') void quit();
      else if (key === 'h') showHint();
      else if (key === 'r') grade('you asked');
    });
    const onSignal = () => void quit();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    const quit = async () => {
      if (quitting) return;
      quitting = true;
      clearTimeout(settle);
      for (const watcher of watchers) watcher.close();
      stopKeys();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (grading) await stopGroup(grading);
      output.write('\n  stopped watching.\n');
      finish();
    };

    grade('first run');
  });
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
  const style: ReportStyle = {
    color: info.color,
    verbose: false,
    seed: info.seed,
    command: 'npm run grade --',
    replayFlags: info.passOn.filter((flag, i) => flag === '--dir' || info.passOn[i - 1] === '--dir').join(' '),
  };
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
