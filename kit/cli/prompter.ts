// Asks a person for answers, one line at a time: on a terminal with a visible question (and no echo
// for passwords); on a pipe (the grader) with a `prompt` event saying which answer it waits for.
import { createInterface, type Interface } from 'node:readline';
import { Writable, type Readable } from 'node:stream';
import type { PeerEvents } from '../protocol/events.ts';
import type { Output } from './output.ts';

export class Prompter {
  private readonly lines: string[] = [];
  private readonly waiting: Array<(line: string | undefined) => void> = [];
  private ended = false;
  private muted = false;
  private readonly reader: Interface;

  constructor(
    input: Readable,
    private readonly out: Output<Pick<PeerEvents, 'prompt'>>,
    private readonly terminal = Boolean((input as { isTTY?: boolean }).isTTY) && !out.json,
  ) {
    // Echo goes through this stream so that a password can be typed without showing it.
    const echo = new Writable({
      write: (chunk, _encoding, done) => {
        if (!this.muted) process.stdout.write(chunk);
        done();
      },
    });
    this.reader = createInterface({ input, output: this.terminal ? echo : undefined, terminal: this.terminal });
    this.reader.on('line', (line) => this.deliver(line));
    this.reader.on('close', () => {
      this.ended = true;
      for (const wake of this.waiting.splice(0)) wake(undefined);
    });
  }

  /** Asks one question; undefined when the input has ended (Ctrl+D, or the pipe closed). */
  async ask(field: PeerEvents['prompt']['field'], question: string, { hidden = false } = {}): Promise<string | undefined> {
    // People see the question itself; --json gets an event naming the answer awaited.
    if (this.out.json) this.out.emit('prompt', { field, question });
    else process.stdout.write(`${question} `);
    this.muted = hidden && this.terminal;
    const answer = await this.nextLine();
    if (this.muted) process.stdout.write('\n');
    this.muted = false;
    return answer;
  }

  /** The next line typed, for programs that read commands after the questions. */
  nextLine(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.reader.close();
  }

  /**
   * Prints a line above what the person is typing, then redraws their prompt and half-typed line,
   * so incoming messages never garble the input.
   */
  writeAbove(text: string): void {
    if (!this.terminal) return void process.stdout.write(text);
    process.stdout.write('\r\x1b[2K' + text);
    this.reader.prompt(true);
  }

  /** The prompt shown while commands are typed (terminals only). */
  setCommandPrompt(prompt: string): void {
    this.reader.setPrompt(prompt);
    if (this.terminal) this.reader.prompt(true);
  }

  private deliver(line: string): void {
    const wake = this.waiting.shift();
    if (wake) wake(line);
    else this.lines.push(line);
  }
}
