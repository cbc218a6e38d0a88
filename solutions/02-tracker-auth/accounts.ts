// Registration and login: the user store, password hashing and the lockout working together.
import { hashPassword, verifyPassword } from './passwords.ts';
import type { Lockout } from './lockout.ts';
import type { UserStore } from './user-store.ts';

export type AuthOutcome =
  | { ok: true }
  | { ok: false; code: 'USERNAME_TAKEN' }
  /** attemptsLeft: how many more failed logins the username can take before it is locked (step 6). */
  | { ok: false; code: 'AUTH_FAILED'; attemptsLeft?: number }
  | { ok: false; code: 'LOCKED'; retryAfterMs: number };

export class Accounts {
  // Unknown users are checked against this hash, so a wrong name costs as long as a wrong password
  // and the reply time cannot tell whether an account exists.
  private decoy: Promise<string> | undefined;
  // The last login of each username still being checked (see login).
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    private readonly users: UserStore,
    private readonly lockout: Lockout,
    private readonly scryptN: number,
  ) {}

  async register(username: string, password: string): Promise<AuthOutcome> {
    if (this.users.exists(username)) return { ok: false, code: 'USERNAME_TAKEN' };
    const hash = await hashPassword(password, this.scryptN);
    // Another connection may have taken the name while we were hashing: the database decides.
    return this.users.create(username, hash) ? { ok: true } : { ok: false, code: 'USERNAME_TAKEN' };
  }

  async login(username: string, password: string): Promise<AuthOutcome> {
    // One username's logins are checked one after another: guesses sent in parallel over many
    // connections each see the failures before them, so the lock stops them after the 3rd.
    const turn = (this.turns.get(username) ?? Promise.resolve()).then(() => this.checkLogin(username, password));
    const settled = turn.then(() => {}, () => {});
    this.turns.set(username, settled);
    void settled.then(() => {
      if (this.turns.get(username) === settled) this.turns.delete(username);
    });
    return turn;
  }

  // #region login
  private async checkLogin(username: string, password: string): Promise<AuthOutcome> {
    const locked = this.lockout.lockedFor(username);
    if (locked > 0) return { ok: false, code: 'LOCKED', retryAfterMs: locked };
    const stored = this.users.passwordHash(username);
    this.decoy ??= hashPassword('not a password of anyone', this.scryptN);
    const matches = await verifyPassword(password, stored ?? (await this.decoy));
    if (stored !== undefined && matches) {
      this.lockout.recordSuccess(username);
      return { ok: true };
    }
    // Unknown or not, the name is counted and told the same: attemptsLeft says nothing about who exists.
    const attemptsLeft = this.lockout.recordFailure(username);
    if (attemptsLeft > 0) return { ok: false, code: 'AUTH_FAILED', attemptsLeft };
    // The failure that reaches the limit is answered LOCKED at once: the whole lock is still to wait.
    return { ok: false, code: 'LOCKED', retryAfterMs: this.lockout.lockedFor(username) };
  }
  // #endregion login
}
