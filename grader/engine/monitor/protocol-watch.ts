// The protocol monitor of one check: every JSON-lines connection the grader takes part in reports
// here, and the first breach of docs/PROTOCOL.md that any of them saw fails the check.
// Rules across two connections (a ticket's `incoming` before its `peer_info`, §3.2) are not judged:
// two TCP connections have no common order (the kernel may deliver the later write first, measured
// with the reference), which is why the protocol gives the callee TICKET_GRACE_MS.
import { createRandom, deriveSeed, type Random } from '../seeded-random.ts';
import type { StepLog } from '../step-log.ts';
import type { WireRecord } from '../types.ts';
import type { Violation } from './violation.ts';

/** Bounds of the record of one check: a 20 MB transfer is thousands of frames. */
const MAX_WIRE_RECORDS = 5_000;
const MAX_RECORD_CHARS = 300;

export class ProtocolWatch {
  /** The first breach seen; later ones are usually its consequences. */
  first: Violation | undefined;
  /** Resolves with the first breach, so the engine can end the check at once. */
  readonly breached: Promise<Violation>;
  /** Randomness of its own (request ids, probes), so the check's own stream is not shifted. */
  readonly random: Random;
  private resolveBreach!: (violation: Violation) => void;

  constructor(
    seed: number,
    private readonly log: StepLog,
  ) {
    this.random = createRandom(deriveSeed(seed, 'protocol monitor'));
    this.breached = new Promise((resolve) => {
      this.resolveBreach = resolve;
    });
  }

  /** What each monitored connection judges when a check ends (answers still owed). */
  private readonly atEnd: Array<() => void> = [];

  onCheckEnd(judge: () => void): void {
    this.atEnd.push(judge);
  }

  /** The check is over: let every connection judge what it still waits for. */
  checkEnded(): void {
    for (const judge of this.atEnd) judge();
  }

  /** Every line that crossed a monitored connection, in time order (for the failure's picture). */
  readonly wire: WireRecord[] = [];

  /** Records one line; long lines are cut, the record keeps their length. */
  record(connection: string, from: WireRecord['from'], text: string): void {
    if (this.wire.length >= MAX_WIRE_RECORDS) return;
    const shown = text.length > MAX_RECORD_CHARS ? `${text.slice(0, MAX_RECORD_CHARS)}…(${text.length} characters)` : text;
    this.wire.push({ atMs: this.log.now(), connection, from, text: shown });
  }

  report(violation: Violation): void {
    const last = [...this.wire].reverse().find((record) => record.connection === violation.connection && record.from === 'program');
    if (last && !this.first) last.breach = violation.rule;
    if (this.first) return;
    this.first = violation;
    this.log.add(`the protocol monitor saw a breach of docs/PROTOCOL.md ${violation.section} on ${violation.connection}`, [violation.got]);
    this.resolveBreach(violation);
  }
}
