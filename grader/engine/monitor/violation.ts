// One breach of docs/PROTOCOL.md seen on the wire, told the way every failure is: the rule and its
// section, the exact bytes, and what it breaks on the other side.
import type { MonitorRule } from './rules.ts';

export interface Violation {
  /** Stable name of the rule, e.g. "id-echo"; mutants and the MUST table refer to it. */
  rule: MonitorRule;
  /** Where the rule is written, e.g. "§2.2". */
  section: string;
  /** Which connection, in the check's words ("alice's client"). */
  connection: string;
  /** What the rule requires, in one sentence. */
  expected: string;
  /** What was sent instead, with the exact bytes. */
  got: string;
  /** Why it matters to the program at the other end. */
  why: string;
}
