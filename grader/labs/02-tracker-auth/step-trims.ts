// Lab 02 cut back to each README step (see grader/engine/step-trim.ts): what a student has written by
// then, so that every check of that step and the ones before passes without a later step's code.
// Steps 1–7 are all about the tracker: the client's files (step 8) stay as the starter hands them out.
import type { TextEdit } from '../../engine/mutant.ts';
import type { StepTrim } from '../../engine/step-trim.ts';

/** Step 8's files: the terminal client. */
const CLIENT_FILES = ['login-flow.ts', 'client.ts'];

/** Before step 9: no FRAME_TOO_LARGE (the decoder's error escapes), no timers, no rate limit. */
const NO_ROBUSTNESS: TextEdit[] = [
  {
    file: 'tracker-connection.ts',
    find: `    try {
      lines = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof LineTooLongError)) throw error;
      this.sendError('FRAME_TOO_LARGE', error.message);
      return this.closeSoon();
    }
    this.watchPartialLine();
`,
    replace: '    lines = this.decoder.push(chunk);\n',
  },
  { file: 'tracker-connection.ts', find: '      if (this.overRate()) {\n        this.queueSlowDown(line);\n        continue;\n      }\n', replace: '' },
  { file: 'tracker-connection.ts', find: "    this.armTimer(this.context.options.handshakeTimeoutMs, 'no login');\n", replace: '' },
  { file: 'tracker-connection.ts', find: "    if (this.state === 'online') this.armTimer(this.context.options.heartbeatTimeoutMs, 'nothing heard (not even a ping)');\n", replace: '' },
  {
    file: 'tracker-connection.ts',
    find: "    this.context.online.set(username, this);\n    this.armTimer(this.context.options.heartbeatTimeoutMs, 'nothing heard (not even a ping)');\n",
    replace: '    this.context.online.set(username, this);\n',
  },
];

/** Before step 7: the first openDatabase that "Where to start" asks for: the folder and the file, no journal settings. */
const FIRST_OPEN_DATABASE: TextEdit = { file: 'database.ts', find: "  db.pragma('journal_mode = WAL');\n  db.pragma('synchronous = FULL');\n  db.pragma('busy_timeout = 5000');\n", replace: '' };

/** Before step 7: a request that fails is not answered (DISK_ERROR; step 9 adds INTERNAL): its error escapes. */
const NO_FAILURE_REPLY: TextEdit = { file: 'tracker-connection.ts', find: '        .catch((error: unknown) => this.sendFailure(error, echoOfLine(line)))\n', replace: '' };

/** Before step 7: the journal settings, a table made at every start, only the primary key's error taken for a taken name, no DISK_ERROR. */
const NO_STORE_RULES: TextEdit[] = [
  FIRST_OPEN_DATABASE,
  NO_FAILURE_REPLY,
  { file: 'user-store.ts', find: 'CREATE TABLE IF NOT EXISTS users', replace: 'CREATE TABLE users' },
  { file: 'user-store.ts', find: "      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;\n      throw error;\n", replace: '      return false;\n' },
];

/** Before step 6: no budget of failed attempts per connection. */
const NO_ATTEMPT_BUDGET: TextEdit = { file: 'tracker-connection.ts', find: '    if (this.failedAttempts >= MAX_ATTEMPTS_PER_CONNECTION) {', replace: '    if (false) {' };

/** Before step 6: no lock per username (lockout.ts as handed out, never called), so no attempts_left, no budget per connection. */
const NO_LOCKOUT: TextEdit[] = [
  NO_ATTEMPT_BUDGET,
  { file: 'accounts.ts', find: "    const locked = this.lockout.lockedFor(username);\n    if (locked > 0) return { ok: false, code: 'LOCKED', retryAfterMs: locked };\n", replace: '' },
  { file: 'accounts.ts', find: '      this.lockout.recordSuccess(username);\n', replace: '' },
  {
    file: 'accounts.ts',
    find: `    // Unknown or not, the name is counted and told the same: attemptsLeft says nothing about who exists.
    const attemptsLeft = this.lockout.recordFailure(username);
    if (attemptsLeft > 0) return { ok: false, code: 'AUTH_FAILED', attemptsLeft };
    // The failure that reaches the limit is answered LOCKED at once: the whole lock is still to wait.
    return { ok: false, code: 'LOCKED', retryAfterMs: this.lockout.lockedFor(username) };
`,
    replace: "    return { ok: false, code: 'AUTH_FAILED' };\n",
  },
];

/** Before step 5: nothing says ALREADY_ONLINE. */
const NO_ALREADY_ONLINE: TextEdit = { file: 'tracker-connection.ts', find: "    if (this.context.online.has(username)) throw new RequestError('ALREADY_ONLINE', `${username} is already logged in on another connection`);\n", replace: '' };

/** Before step 5: login is the starter's TODO, and nothing says ALREADY_ONLINE. */
const NO_LOGIN: TextEdit[] = [
  NO_ALREADY_ONLINE,
  {
    file: 'accounts.ts',
    find: '  async login(username: string, password: string): Promise<AuthOutcome> {\n',
    replace: '  async login(username: string, password: string): Promise<AuthOutcome> {\n    throw new Error(`TODO (README step 5): log ${username} in`);\n',
  },
];

/** Before step 4: the password stored as it was typed (passwords.ts as handed out). */
const NO_HASHING: TextEdit[] = [{ file: 'accounts.ts', find: 'const hash = await hashPassword(password, this.scryptN);', replace: 'const hash = password;' }];

export const trackerAuthStepTrims: StepTrim[] = [
  {
    throughStep: 1,
    missing: 'everything but the listening socket and a first openDatabase',
    starterFiles: ['tracker-connection.ts', 'accounts.ts', 'passwords.ts', 'lockout.ts', 'user-store.ts', ...CLIENT_FILES],
    edits: [FIRST_OPEN_DATABASE],
  },
  {
    throughStep: 2,
    missing: 'registration, hashing, login, lockout, the store, the client, robustness',
    // The connection's register and login reach the starter's Accounts, which throws its TODO.
    starterFiles: ['accounts.ts', 'passwords.ts', 'lockout.ts', 'user-store.ts', ...CLIENT_FILES],
    edits: [FIRST_OPEN_DATABASE, NO_FAILURE_REPLY, NO_ALREADY_ONLINE, NO_ATTEMPT_BUDGET, ...NO_ROBUSTNESS],
  },
  {
    throughStep: 3,
    missing: 'hashing, login, lockout, the store\'s rules, the client, robustness',
    starterFiles: ['passwords.ts', 'lockout.ts', ...CLIENT_FILES],
    edits: [...NO_HASHING, ...NO_LOGIN, ...NO_LOCKOUT, ...NO_STORE_RULES, ...NO_ROBUSTNESS],
  },
  { throughStep: 4, missing: 'login, lockout, the store\'s rules, the client, robustness', starterFiles: ['lockout.ts', ...CLIENT_FILES], edits: [...NO_LOGIN, ...NO_LOCKOUT, ...NO_STORE_RULES, ...NO_ROBUSTNESS] },
  { throughStep: 5, missing: 'lockout, the store\'s rules, the client, robustness', starterFiles: ['lockout.ts', ...CLIENT_FILES], edits: [...NO_LOCKOUT, ...NO_STORE_RULES, ...NO_ROBUSTNESS] },
  { throughStep: 6, missing: 'the store\'s rules, the client, robustness', starterFiles: CLIENT_FILES, edits: [...NO_STORE_RULES, ...NO_ROBUSTNESS] },
  { throughStep: 7, missing: 'the client, robustness', starterFiles: CLIENT_FILES, edits: NO_ROBUSTNESS },
  { throughStep: 8, missing: 'robustness', edits: NO_ROBUSTNESS },
];
