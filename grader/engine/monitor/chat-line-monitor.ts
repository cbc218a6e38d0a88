// Judges what a Lab 01 peer sends on its chat connection (docs/PROTOCOL.md §2.1): lines of valid
// UTF-8 within the line limit, and nothing at all after the line `exit`.
import { showBytes } from '../show-bytes.ts';
import type { ProtocolWatch } from './protocol-watch.ts';
import type { MonitorRule } from './rules.ts';
import { WireReader } from './wire-reader.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const EXIT = Buffer.from('exit');

export class ChatLineMonitor {
  private readonly fromProgram: WireReader;
  /** The grader's lines are only recorded (for the failure's picture), never judged. */
  private readonly fromGrader: WireReader;
  private saidExit = false;
  private judging = true;

  constructor(
    private readonly connection: string,
    private readonly watch: ProtocolWatch,
  ) {
    this.fromProgram = new WireReader({
      line: (bytes) => {
        this.line(bytes);
        return 0;
      },
      overlong: (first) =>
        this.breach('line-too-long', '§2', 'no line longer than 65536 bytes', `${showBytes(first)}… and no "\\n" within 65536 bytes`, 'the other peer reports LINE_TOO_LONG and closes the connection'),
    });
    this.fromGrader = new WireReader({
      line: (bytes) => {
        this.watch.record(this.connection, 'grader', bytes.toString('utf8'));
        return 0;
      },
      overlong: () => {},
    });
  }

  observeReceived(bytes: Buffer): void {
    if (this.saidExit && bytes.length > 0) {
      this.breach('nothing-after-exit', '§2.1', 'nothing after the line exit', `${showBytes(bytes)} after "exit\\n"`, 'exit promises "I will send nothing more": the other peer ignores what follows, so it is lost');
      return;
    }
    this.fromProgram.feed(bytes);
  }

  observeSent(bytes: Buffer): void {
    this.fromGrader.feed(bytes);
  }

  observeProgramEnd(): void {}

  private line(bytes: Buffer): void {
    this.watch.record(this.connection, 'program', bytes.toString('utf8'));
    if (this.saidExit) {
      this.breach('nothing-after-exit', '§2.1', 'nothing after the line exit', `${showBytes(bytes)} after "exit\\n"`, 'exit promises "I will send nothing more": the other peer ignores what follows, so it is lost');
      return;
    }
    try {
      UTF8.decode(bytes);
    } catch {
      this.breach('valid-utf8', '§1 Conventions', 'valid UTF-8 in every line', showBytes(bytes), 'the other peer decodes invalid bytes to U+FFFD: the message arrives changed');
      return;
    }
    if (bytes.equals(EXIT)) this.saidExit = true;
  }

  private breach(rule: MonitorRule, section: string, expected: string, got: string, why: string): void {
    if (!this.judging) return;
    this.judging = false;
    this.fromProgram.stop();
    this.watch.report({ rule, section, connection: this.connection, expected, got, why });
  }
}
