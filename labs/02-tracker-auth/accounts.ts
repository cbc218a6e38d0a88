// Lab 02 starter: registration and login (README steps 3, 5 and 6).
import type { Lockout } from './lockout.ts';
import type { UserStore } from './user-store.ts';

export type AuthOutcome =
  | { ok: true }
  | { ok: false; code: 'USERNAME_TAKEN' | 'AUTH_FAILED' }
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
    // TODO (step 6): LOCKED while this.lockout says so; count failures; a success resets them.
    void [this.lockout, password];
    throw new Error(`TODO (README step 5): log ${username} in`);
  }
}
