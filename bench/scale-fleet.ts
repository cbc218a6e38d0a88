// Several load generators (bench/scale-load.ts) driven as one crowd: the peers are spread over enough
// processes that none holds more than PEERS_PER_PROCESS connections (one process may open at most
// `ulimit -n` files; the tracker itself holds all of them, so the crowd stays below that too). Every
// dropped connection any generator reports is kept, and `check()` fails loudly on the first: a
// benchmark that went on would measure a shrinking population without saying so.
import { startChild, type Child } from './bench-tools.ts';

/** Connections one generator holds at most (well below the 20,000 open files a process may have here). */
export const PEERS_PER_PROCESS = 8_000;
const ANSWER_WITHIN_MS = 60 * 60_000;

export interface Drop {
  username: string;
  at: number;
  error: string | null;
  last: string;
}

export interface Fanout {
  reached: number;
  loginMs: number;
  firstMs: number;
  p50Ms: number;
  lastMs: number;
  /** Lines the crowd had received once the marker's presence reached everyone. */
  lines: number;
}

interface Generator {
  child: Child;
  /** Lines already answered (waitFor scans from the start). */
  used: number;
}

export class LoadFleet {
  readonly drops: Drop[] = [];

  private constructor(private readonly generators: Generator[]) {
    // Drops are read from each generator's output on its own, whatever the commands wait for.
    for (const { child } of generators) {
      let rest = '';
      child.process.stdout?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.includes('"event":"dropped"')) this.drops.push(JSON.parse(line) as Drop);
      });
    }
  }

  /** Starts enough generators for `largest` peers (at least one), each ready to take commands. */
  static async start(root: string, port: number, largest: number, perProcess = PEERS_PER_PROCESS): Promise<LoadFleet> {
    const count = Math.max(1, Math.ceil(largest / perProcess));
    const generators = Array.from({ length: count }, () => ({ child: startChild(process.execPath, ['--import', 'tsx', 'bench/scale-load.ts', '--port', String(port)], { cwd: root }), used: 0 }));
    await Promise.all(generators.map((g) => g.child.waitFor((line) => line.includes('"ready"'), 30_000)));
    return new LoadFleet(generators);
  }

  get size(): number {
    return this.generators.length;
  }

  /** Lines the crowd had received when the last grow ended. */
  linesReceived = 0;

  /** Registers users u0 … u(to−1) not online yet, spread over the generators; the slowest one's time. */
  async grow(to: number, batch: number): Promise<number> {
    const perGenerator = Math.max(1, Math.ceil(batch / this.generators.length));
    this.generators.forEach((g, offset) => this.command(g, { cmd: 'grow', to, batch: perGenerator, offset, stride: this.generators.length }));
    const answers = await Promise.all(this.generators.map((g) => this.answer(g, 'grown')));
    this.check();
    this.linesReceived = answers.reduce((sum, a) => sum + Number(a.lines ?? 0), 0);
    return Math.max(...answers.map((a) => Number(a.ms)));
  }

  /** Logs `name` in from one generator and times its presence reaching every peer of every generator. */
  async marker(name: string): Promise<Fanout> {
    this.generators.forEach((g) => this.command(g, { cmd: 'watch', name }));
    await Promise.all(this.generators.map((g) => this.answer(g, 'watching')));
    const [first] = this.generators;
    if (!first) throw new Error('no generator');
    this.command(first, { cmd: 'marker', name });
    const [marked, ...arrivals] = await Promise.all([this.answer(first, 'marked'), ...this.generators.map((g) => this.answer(g, 'arrivals'))]);
    this.check();
    const began = Number(marked?.began);
    const times = arrivals.flatMap((a) => (a.times as number[]).map((t) => t - began)).sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    const lines = arrivals.reduce((sum, a) => sum + Number(a.lines ?? 0), 0);
    return { reached: times.length, loginMs: Number(marked?.loginMs), firstMs: at(0), p50Ms: at(0.5), lastMs: at(1), lines };
  }

  /** Throws, naming each dropped peer with the cause its generator saw, if any peer was lost. */
  check(): void {
    if (this.drops.length === 0) return;
    const shown = this.drops.slice(0, 10).map((d) => `  ${d.username}: ${d.error ?? 'closed by the tracker'}; last line: ${d.last || '(none)'}`);
    throw new Error(`${this.drops.length} peer(s) lost their connection:\n${shown.join('\n')}${this.drops.length > 10 ? '\n  …' : ''}`);
  }

  stop(): void {
    for (const { child } of this.generators) {
      child.process.stdin?.end();
      setTimeout(() => child.stop(), 5_000).unref();
    }
  }

  private command(generator: Generator, command: Record<string, unknown>): void {
    generator.child.lines.splice(0, generator.used);
    generator.used = 0;
    generator.child.write(`${JSON.stringify(command)}\n`);
  }

  private async answer(generator: Generator, event: string): Promise<Record<string, unknown>> {
    const line = await generator.child.waitFor((l) => l.includes(`"event":"${event}"`) || l.includes('"failed"'), ANSWER_WITHIN_MS);
    generator.used = Math.max(generator.used, generator.child.lines.indexOf(line) + 1);
    if (line.includes('"failed"')) throw new Error(`load generator: ${line}`);
    return JSON.parse(line) as Record<string, unknown>;
  }
}

