// Lab 02 starter: three failures in a row lock a username for a while (README step 6).
import { LOCKOUT_FAILURES } from '#kit/protocol/limits.ts';

export class Lockout {
  constructor(
    private readonly cooldownMs: number,
    private readonly limit: number = LOCKOUT_FAILURES,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the username may try again; 0 when it is not locked. */
  lockedFor(username: string): number {
    // TODO (step 6)
    void [this.cooldownMs, this.limit, this.now];
    throw new Error(`TODO (README step 6): is ${username} locked?`);
  }

  /**
   * Counts a failure and returns how many more the username can take before it is locked. The one
   * that reaches the limit starts the lock and returns 0.
   */
  recordFailure(username: string): number {
    throw new Error(`TODO (README step 6): count a failure for ${username}, say how many are left`);
  }

  /** A successful login: the count starts again. */
  recordSuccess(username: string): void {
    throw new Error(`TODO (README step 6): reset ${username}`);
  }
}
