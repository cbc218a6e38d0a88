// A student's program run as a child process: its JSON events, its stderr, its exit, and a stdin to
// type into. Every expectation either returns quickly or fails with what the program did instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { BORROW_REGISTER } from './borrow.ts';
import { fail, withHint } from './check-failure.ts';
import { sameData } from './same-data.ts';
import { showText } from './show-bytes.ts';
import type { StepLog } from './step-log.ts';
import { Watch } from './watch.ts';

export interface ProgramEvent {
  event: string;
  [field: string]: unknown;
}

export interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LaunchOptions {
  /** The program's file, absolute. */
  file: string;
  /** How steps and messages name the file, e.g. labs/01-two-peers/peer.ts. */
  shownFile: string;
  args: string[];
  cwd: string;
  /** The tsx loader, as a URL for node --import. */
  tsxImport: string;
  label: string;
  log: StepLog;
  /** The check's one watch: any change anywhere wakes every wait. */
  watch: Watch;
  /** Earlier labs taken from the reference: [student folder URL, reference folder URL] pairs. */
  borrow?: Array<[string, string]>;
  /** The largest file the program may write, as `ulimit -f` sets it: a disk that fills up. */
  fileSizeLimitBytes?: number;
}

/** `ulimit -f` counts in blocks of 512 bytes (POSIX sh: dash on Debian, bash as sh on macOS). */
const ULIMIT_BLOCK_BYTES = 512;

export const READY_TIMEOUT_MS = 10_000;
export const EVENT_TIMEOUT_MS = 5_000;
const STDERR_KEEP_BYTES = 16_384;

export class StudentProgram {
  readonly label: string;
  readonly events: ProgramEvent[] = [];
  /** Lines that were not JSON events (debug prints): shown, never graded. */
  readonly otherLines: string[] = [];
  exit: ProgramExit | undefined;
  private readonly child: ChildProcess;
  private readonly log: StepLog;
  private readonly watch: Watch;
  private stderr = '';
  private stdoutRest = '';
  // Per event name, how many events of that name the check has already consumed.
  private readonly consumed = new Map<string, number>();

  constructor(private readonly options: LaunchOptions) {
    this.label = options.label;
    this.log = options.log;
    this.watch = options.watch;
    const borrow = options.borrow?.length ? ['--import', BORROW_REGISTER] : [];
    // Batch grading bounds each program's JavaScript heap (GRADE_PROGRAM_HEAP_MB), so one runaway
    // program cannot take the memory of every other student's grading.
    const heapMb = process.env.GRADE_PROGRAM_HEAP_MB;
    const heap = heapMb && /^\d+$/.test(heapMb) ? [`--max-old-space-size=${heapMb}`] : [];
    const node = [process.execPath, ...heap, '--import', options.tsxImport, ...borrow, options.file, ...options.args];
    // Node ignores SIGXFSZ, so a write past the limit fails with EFBIG instead of killing the program.
    const limit = options.fileSizeLimitBytes;
    const command = limit === undefined ? node : ['/bin/sh', '-c', `ulimit -f ${Math.ceil(limit / ULIMIT_BLOCK_BYTES)} && exec "$@"`, 'sh', ...node];
    this.child = spawn(command[0]!, command.slice(1), {
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1', GRADE_BORROW: JSON.stringify(options.borrow ?? []) },
    });
    // Decoded across chunks: a pipe cuts a long event anywhere, also inside a multi-byte character.
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => this.takeStdout(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEEP_BYTES);
      this.watch.changed();
    });
    this.child.stdin?.on('error', () => {}); // the program may exit before reading what we typed
    this.child.on('error', (error) => {
      this.stderr += `\n(could not start: ${error.message})`;
      this.exit ??= { code: null, signal: null };
      this.watch.changed();
    });
    this.child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.watch.changed();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** One line on how the program is doing, added to every failure of the check. */
  state(): string {
    if (!this.exit) return `${this.label}: still running`;
    const last = this.stderrTail(1)[0];
    return `${this.label}: exited with ${describeExit(this.exit)}${last ? ` (last stderr line: ${last})` : ''}`;
  }

  commandLine(): string {
    const limit = this.options.fileSizeLimitBytes;
    const shell = limit === undefined ? [] : [`ulimit -f ${Math.ceil(limit / ULIMIT_BLOCK_BYTES)} &&`];
    return [...shell, 'tsx', this.options.shownFile, ...this.options.args].join(' ');
  }

  stderrTail(lines = 12): string[] {
    return this.stderr.trimEnd().split('\n').filter(Boolean).slice(-lines);
  }

  /** A stack trace on stderr means something the network did crashed the program. */
  printedStackTrace(): boolean {
    return /^\s+at .+(\(|:\d+:\d+)/m.test(this.stderr) || /Unhandled 'error' event/.test(this.stderr);
  }

  /** Waits for the ready event: the program's promise that it can be talked to now. */
  async ready(timeoutMs = READY_TIMEOUT_MS): Promise<ProgramEvent> {
    const found = await this.watch.until(() => this.nextEvent('ready') ?? (this.exit ? null : undefined), timeoutMs);
    if (found) {
      this.take('ready');
      this.log.add(`${this.label} is ready`, [`event: ${JSON.stringify(found)}`]);
      return found;
    }
    const started = `the ready event (${this.commandLine()})`;
    if (this.exit) {
      fail({
        expected: started,
        got: `${this.label} exited with ${describeExit(this.exit)} before printing it${this.tellOutput()}`,
        why: 'the grader can only talk to your program once it says it is ready, and it never did',
        kind: 'start',
      });
    }
    fail({
      expected: started,
      got: `nothing within ${timeoutMs / 1000} s; ${this.label} is still running${this.tellOutput()}`,
      why: 'the grader waits for the ready event instead of guessing when your program is listening',
      kind: 'start',
    });
  }

  /**
   * Expects the next event called `name` (other events may come between) to have these fields.
   * Fails at once on the wrong fields, or when the time is up, with what came instead.
   */
  expectEvent(name: string, fields: Record<string, unknown> = {}, options: { timeoutMs?: number; why?: string; skipOthers?: boolean; hint?: string } = {}): Promise<ProgramEvent> {
    const { hint, ...rest } = options;
    return hint === undefined ? this.expectEventNow(name, fields, rest) : withHint(hint, () => this.expectEventNow(name, fields, rest));
  }

  private async expectEventNow(name: string, fields: Record<string, unknown>, { timeoutMs = EVENT_TIMEOUT_MS, why = '', skipOthers = false }): Promise<ProgramEvent> {
    const expected = `${this.label} to print the event ${describeExpected(name, fields)}`;
    const matches = (event: ProgramEvent) => Object.entries(fields).every(([key, value]) => sameValue(event[key], value));
    // skipOthers: events of this name that do not match (progress updates) are passed over.
    const probe = () => {
      for (let next = this.nextEvent(name); next; next = this.nextEvent(name)) {
        if (!skipOthers || matches(next)) return next;
        this.take(name);
      }
      return this.exit ? null : undefined;
    };
    const found = await this.watch.until(probe, timeoutMs);
    if (!found) {
      fail({
        expected,
        got: `${found === null ? `${this.label} exited with ${describeExit(this.exit)} first` : `no ${name} event within ${timeoutMs / 1000} s`}${this.tellRecent()}`,
        why,
      });
    }
    this.take(name);
    const wrong = Object.entries(fields).filter(([key, value]) => !sameValue(found[key], value));
    if (wrong.length > 0) fail({ expected, got: `${describeEvent(found)}${this.tellRecent()}`, why });
    this.log.add(`${this.label} printed ${describeEvent(found)}`);
    return found;
  }

  /** Fails if the program printed an event of this name after the ones consumed so far. */
  expectNoEvent(name: string, why: string): void {
    const extra = this.nextEvent(name);
    if (extra) fail({ expected: `no ${name} event from ${this.label}`, got: describeEvent(extra), why });
  }

  expectExit(code: number, { hint, ...options }: { timeoutMs?: number; why?: string; hint?: string } = {}): Promise<void> {
    return hint === undefined ? this.expectExitNow(code, options) : withHint(hint, () => this.expectExitNow(code, options));
  }

  private async expectExitNow(code: number, { timeoutMs = EVENT_TIMEOUT_MS, why = '' }): Promise<void> {
    const exit = await this.watch.until(() => this.exit, timeoutMs);
    const expected = `${this.label} to exit with code ${code}`;
    if (!exit) fail({ expected, got: `still running after ${timeoutMs / 1000} s${this.tellRecent()}`, why });
    if (exit.code !== code) fail({ expected, got: `${describeExit(exit)}${this.tellOutput()}`, why });
    this.log.add(`${this.label} exited with code ${code}`);
  }

  expectNoStackTrace(why: string): void {
    if (this.printedStackTrace()) {
      fail({ expected: `${this.label} to report the problem in one line`, got: `a stack trace on stderr:\n${this.stderrTail().join('\n')}`, why });
    }
  }

  /** Types a line into the program's standard input, as a person at the keyboard would. */
  type(line: string): void {
    this.log.add(`typed ${showText(line)} into ${this.label}`);
    this.child.stdin?.write(`${line}\n`);
  }

  /** Closes standard input: Ctrl+D. */
  closeInput(): void {
    this.log.add(`closed the input of ${this.label} (Ctrl+D)`);
    this.child.stdin?.end();
  }

  /** Sends a signal, as Ctrl+C (SIGINT), a shutdown (SIGTERM) or a crash (SIGKILL) would. */
  signal(signal: NodeJS.Signals): void {
    this.log.add(`sent ${signal} to ${this.label}`);
    this.child.kill(signal);
  }

  /** Waits for the program to end, whatever the code; fails if it does not. */
  async expectEnd({ timeoutMs = EVENT_TIMEOUT_MS, why = '' } = {}): Promise<ProgramExit> {
    const exit = await this.watch.until(() => this.exit, timeoutMs);
    if (!exit) fail({ expected: `${this.label} to end`, got: `still running after ${timeoutMs / 1000} s`, why });
    this.log.add(`${this.label} ended with ${describeExit(exit)}`);
    return exit;
  }

  /** Stops the program, politely first; bounded in time. */
  async stop(): Promise<void> {
    if (this.exit || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const exited = await this.watch.until(() => this.exit, 1_000);
    if (!exited) {
      this.child.kill('SIGKILL');
      await this.watch.until(() => this.exit, 1_000);
    }
  }

  private takeStdout(text: string): void {
    const lines = (this.stdoutRest + text).split('\n');
    this.stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      const event = parseEvent(line);
      if (event) this.events.push(event);
      else if (line.trim()) this.otherLines.push(line);
    }
    this.watch.changed();
  }

  private nextEvent(name: string): ProgramEvent | undefined {
    const skip = this.consumed.get(name) ?? 0;
    return this.events.filter((e) => e.event === name)[skip];
  }

  private take(name: string): void {
    this.consumed.set(name, (this.consumed.get(name) ?? 0) + 1);
  }

  private tellRecent(): string {
    const recent = this.events.slice(-6).map(describeEvent);
    const said = recent.length > 0 ? `\n${this.label}'s last events:\n  ${recent.join('\n  ')}` : `\n${this.label} printed no events`;
    return said + this.tellOther() + this.tellStderr();
  }

  private tellOutput(): string {
    return this.tellRecent();
  }

  private tellOther(): string {
    const other = this.otherLines.slice(-4);
    return other.length > 0 ? `\nother output:\n  ${other.join('\n  ')}` : '';
  }

  private tellStderr(): string {
    const tail = this.stderrTail();
    return tail.length > 0 ? `\nstderr (last lines):\n  ${tail.join('\n  ')}` : '';
  }
}

function parseEvent(line: string): ProgramEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === 'object' && typeof (value as ProgramEvent).event === 'string') return value as ProgramEvent;
  } catch {
    // not an event: a debug print that happens to start with "{"
  }
  return undefined;
}

function sameValue(actual: unknown, expected: unknown): boolean {
  return sameData(actual, expected);
}

export function describeEvent(event: ProgramEvent): string {
  const text = JSON.stringify(event);
  return text.length > 300 ? `${text.slice(0, 200)}…(${text.length} characters)` : text;
}

function describeExpected(name: string, fields: Record<string, unknown>): string {
  const text = JSON.stringify({ event: name, ...fields });
  return text.length > 300 ? `${text.slice(0, 200)}…` : text;
}

function describeExit(exit: ProgramExit | undefined): string {
  if (!exit) return 'no exit';
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
