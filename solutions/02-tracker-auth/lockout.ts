// Three consecutive failed logins lock a username for a cooldown. Kept in memory: a restart gives an
// attacker a fresh three tries, which is acceptable next to the cost of scrypt per guess.
import { LOCKOUT_FAILURES } from '#kit/protocol/limits.ts';

// Failures are counted for names that do not exist too (so the reply cannot tell them apart); this
// bound keeps someone trying random names from growing the table without end.
const MAX_TRACKED_NAMES = 10_000;

interface Record {
  failures: number;
  lockedUntil: number;
}

export class Lockout {
  private readonly records = new Map<string, Record>();

  constructor(
    private readonly cooldownMs: number,
    private readonly limit: number = LOCKOUT_FAILURES,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the username may try again; 0 when it is not locked. */
  lockedFor(username: string): number {
    const record = this.records.get(username);
    if (!record || record.lockedUntil === 0) return 0;
    const left = record.lockedUntil - this.now();
    if (left > 0) return left;
    this.records.delete(username); // the cooldown is over: a fresh start
    return 0;
  }

  // #region record-failure
  /**
   * Counts a failure and returns how many more the username can take before it is locked. The one
   * that reaches the limit starts the lock and returns 0.
   */
  recordFailure(username: string): number {
    const record = this.records.get(username) ?? { failures: 0, lockedUntil: 0 };
    this.records.delete(username); // re-insert: the map's order is then oldest activity first
    record.failures += 1;
    if (record.failures >= this.limit) record.lockedUntil = this.now() + this.cooldownMs;
    this.records.set(username, record);
    if (this.records.size > MAX_TRACKED_NAMES) this.records.delete(this.records.keys().next().value as string);
    return Math.max(0, this.limit - record.failures);
  }
  // #endregion record-failure

  /** A successful login: the count starts again. */
  recordSuccess(username: string): void {
    this.records.delete(username);
  }
}
