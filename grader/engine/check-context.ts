// Everything a check can do, each action logged as a numbered step, and everything it starts
// remembered so the engine can stop it when the check ends, however it ends.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { fail } from './check-failure.ts';
import { ProtocolWatch } from './monitor/protocol-watch.ts';
import type { RelayRecorder } from './relayed-datagrams.ts';
import { startFaultProxy, type FaultPlan, type FaultProxy } from './fault-proxy.ts';
import type { Random } from './seeded-random.ts';
import { ScriptedServer, ScriptedSocket } from './scripted-socket.ts';
import { StepLog } from './step-log.ts';
import { StudentProgram, type LaunchOptions } from './student-program.ts';
import { Watch } from './watch.ts';

export interface ContextOptions {
  /** The folder that holds the lab folders being graded (labs/, solutions/, or a copy). */
  labsRoot: string;
  labSlug: string;
  random: Random;
  /** The check's own seed: the protocol monitor draws its request ids and probes from it. */
  seed: number;
  tsxImport: string;
  /** Where paths are shown relative to. */
  shownFrom: string;
  /** False only to measure what the protocol monitor and its probes cost (bench/grade-speed.ts). */
  monitor?: boolean;
  /** Earlier labs taken from the reference solutions (see borrow.ts). */
  borrow?: Array<[string, string]>;
}

export interface ProxyOptions {
  upstream?: FaultPlan;
  downstream?: FaultPlan;
  /** One line for the transcript: what the proxy does. */
  description: string;
}

export class CheckContext {
  readonly log = new StepLog();
  readonly random: Random;
  /** One watch for the whole check, so a wait on a socket also wakes when a program exits. */
  readonly watch = new Watch();
  /** Judges every connection the grader takes part in against docs/PROTOCOL.md. */
  readonly protocol: ProtocolWatch;
  /** The lossy UDP relays between two of the student's programs: a failed check's report draws them. */
  readonly relayed: RelayRecorder[] = [];
  private readonly programs: StudentProgram[] = [];
  private readonly cleanups: Array<() => Promise<void> | void> = [];

  constructor(private readonly options: ContextOptions) {
    this.random = options.random;
    this.protocol = new ProtocolWatch(options.seed, this.log);
  }

  /**
   * Starts one of the lab's programs with --json, in a fresh temporary folder. An absolute path runs
   * a probe of the grader's own instead (one that loads a module of the lab, see labFile).
   */
  async start(file: string, args: string[], label = 'your program', limits: Pick<LaunchOptions, 'fileSizeLimitBytes'> = {}): Promise<StudentProgram> {
    const path = isAbsolute(file) ? file : this.labFile(file);
    const shownFile = relative(this.options.shownFrom, path);
    if (!existsSync(path)) {
      fail({ expected: `the file ${shownFile}`, got: 'no such file', why: 'the grader runs this file as your program' });
    }
    const cwd = await mkdtemp(join(tmpdir(), 'grade-'));
    this.defer(() => rm(cwd, { recursive: true, force: true }));
    const program = new StudentProgram({
      file: path,
      shownFile,
      args: [...args, '--json'],
      cwd,
      tsxImport: this.options.tsxImport,
      label,
      log: this.log,
      watch: this.watch,
      ...(this.options.borrow ? { borrow: this.options.borrow } : {}),
      ...limits,
    });
    this.programs.push(program);
    this.defer(() => program.stop());
    this.log.add(`started ${label}: ${program.commandLine()}`);
    return program;
  }

  /** Where a file of the lab being graded is, for a probe that loads one of its modules. */
  labFile(file: string): string {
    return join(this.options.labsRoot, this.options.labSlug, file);
  }

  async connect(port: number, label = 'the grader'): Promise<ScriptedSocket> {
    const socket = await ScriptedSocket.connect(port, label, this.log, this.watch, this.monitored());
    this.defer(() => socket.destroy());
    return socket;
  }

  async listen(): Promise<ScriptedServer> {
    const server = await ScriptedServer.listen(this.log, this.watch, this.monitored());
    this.defer(() => server.close());
    return server;
  }

  private monitored(): ProtocolWatch | undefined {
    return this.options.monitor === false ? undefined : this.protocol;
  }

  /** A fault-injecting proxy in front of 127.0.0.1:port. */
  async proxy(port: number, options: ProxyOptions): Promise<FaultProxy> {
    const proxy = await startFaultProxy({
      target: { host: '127.0.0.1', port },
      upstream: options.upstream,
      downstream: options.downstream,
      random: this.random,
    });
    this.defer(() => proxy.close());
    this.log.add(`the grader put a proxy on 127.0.0.1:${proxy.port} in front of 127.0.0.1:${port}: ${options.description}`);
    return proxy;
  }

  /** How each program started by this check is doing: added to a failure. */
  programStates(): string[] {
    return this.programs.map((program) => program.state());
  }

  /** A fresh temporary folder, removed when the check ends. */
  async tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'grade-data-'));
    this.defer(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /**
   * Waits a stated time. Only for waiting out a duration the program itself announced (a lockout's
   * retry_after_ms, a timeout set by a flag), never to guess when something is ready.
   */
  async waitOut(ms: number, reason: string): Promise<void> {
    this.log.add(`waited ${(ms / 1000).toFixed(1)} s: ${reason}`);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Records a step that is neither an action on a socket nor a program event. */
  note(text: string, detail: string[] = []): void {
    this.log.add(text, detail);
  }

  defer(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  /** Stops everything the check started, newest first; never throws. */
  async cleanUp(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // cleaning up must go on: one stuck resource must not leave the others running
      }
    }
    this.cleanups.length = 0;
  }
}
