// Lab 02 starter: registration and login (README steps 3, 5 and 6).
import type { Lockout } from './lockout.ts';
import type { UserStore } from './user-store.ts';

export type AuthOutcome =
  | { ok: true }
  | { ok: false; code: 'USERNAME_TAKEN' }
  /** attemptsLeft: how many more failed logins the username can take before it is locked (step 6). */
  | { ok: false; code: 'AUTH_FAILED'; attemptsLeft?: number }
  | { ok: false; code: 'LOCKED'; retryAfterMs: number };

export class Accounts {
  constructor(
    private readonly users: UserStore,
    private readonly lockout: Lockout,
    private readonly scryptN: number,
  ) {}

  async register(username: string, password: string): Promise<AuthOutcome> {
    // TODO (step 3): USERNAME_TAKEN if the name exists; otherwise hash the password (passwords.ts)
    //   and create the user. Two connections may register the same name at once: let the
    //   database's primary key decide which one wins.
    void [this.users, this.scryptN, password];
    throw new Error(`TODO (README step 3): register ${username}`);
  }

  async login(username: string, password: string): Promise<AuthOutcome> {
    // TODO (step 5): AUTH_FAILED for an unknown user and for a wrong password alike.
    // TODO (step 6): LOCKED while this.lockout says so, without checking the password; a success
    //   resets the count; a failure is counted (unknown names too) and answered AUTH_FAILED with
    //   attemptsLeft, except the one that reaches the limit: that one is LOCKED for the whole lock.
    void [this.lockout, password];
    throw new Error(`TODO (README step 5): log ${username} in`);
  }
}
