// "New or returning?", then a username and a password: the questions the tracker asks every peer, in
// one card. Errors are shown as the tracker words them; a locked account counts down to its retry.
import { h, fill } from '../common/dom.ts';
import type { LoginMode } from '../../../shared/peer-page-messages.ts';
import type { PeerStore } from './peer-store.ts';

export class LoginView {
  private mode: LoginMode = 'new';
  private readonly username = h('input', { attrs: { id: 'login-username', name: 'username', autocomplete: 'username', spellcheck: 'false', autocapitalize: 'none', required: '', maxlength: '32' } });
  private readonly password = h('input', { attrs: { id: 'login-password', name: 'password', type: 'password', autocomplete: 'new-password', required: '', maxlength: '128' } });
  private readonly newButton = h('button', { class: 'segment', text: 'I\'m new here', attrs: { type: 'button', id: 'mode-new' }, on: { click: () => this.choose('new') } });
  private readonly returningButton = h('button', { class: 'segment', text: 'I\'m returning', attrs: { type: 'button', id: 'mode-returning' }, on: { click: () => this.choose('returning') } });
  private readonly submit = h('button', { class: 'button primary wide', attrs: { type: 'submit', id: 'login-submit' } });
  private readonly problem = h('div', { class: 'form-error', attrs: { role: 'alert', id: 'login-error' } });
  private readonly note = h('p', { class: 'form-note', attrs: { id: 'login-note' } });
  private readonly where = h('p', { class: 'login-where' });
  private countdown: number | undefined;
  private lastUsername = '';

  constructor(
    root: HTMLElement,
    private readonly store: PeerStore,
    private readonly send: (mode: LoginMode, username: string, password: string) => boolean,
  ) {
    const form = h(
      'form',
      { class: 'login-card card', attrs: { novalidate: '' }, on: { submit: (event) => this.submitted(event) } },
      h('div', { class: 'login-logo', attrs: { 'aria-hidden': 'true' } }),
      h('h1', { text: 'Sharing is Caring' }),
      this.where,
      h('p', { class: 'question', text: 'New or returning?' }),
      h('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': 'New or returning' } }, this.newButton, this.returningButton),
      h('label', { attrs: { for: 'login-username' } }, h('span', { text: 'Username' }), this.username, h('small', { text: '3–32 characters: a–z, 0–9, _ and -, starting with a letter' })),
      h('label', { attrs: { for: 'login-password' } }, h('span', { text: 'Password' }), this.password, h('small', { text: 'At least 8 characters. Sent to the tracker, which keeps only a scrypt hash.' })),
      this.problem,
      this.submit,
      this.note,
    );
    fill(root, form);
    this.username.addEventListener('input', () => this.render());
    this.choose('new');
  }

  render(): void {
    const { login } = this.store;
    this.where.textContent = `Tracker ${login.tracker}${this.store.listening ? ` · this peer listens on ${this.store.listening}` : ''}`;
    const lockedFor = login.authError?.until === undefined ? 0 : login.authError.until - Date.now();
    this.problem.textContent = login.authError ? describe(login.authError.code, login.authError.message, lockedFor, login.authError.attemptsLeft) : '';
    this.problem.hidden = !login.authError;
    this.note.textContent = login.note ?? '';
    this.note.hidden = !login.note;
    // A lock holds one username's logins only: registering, or another name, may go ahead.
    const locked = lockedFor > 0 && this.mode === 'returning' && this.username.value.trim() === this.lastUsername;
    this.submit.disabled = login.waiting || locked;
    this.submit.textContent = login.waiting ? 'Talking to the tracker…' : this.mode === 'new' ? 'Create account' : 'Log in';
    clearTimeout(this.countdown);
    if (lockedFor > 0) this.countdown = window.setTimeout(() => this.render(), 1_000);
  }

  private choose(mode: LoginMode): void {
    this.mode = mode;
    this.newButton.setAttribute('aria-pressed', String(mode === 'new'));
    this.returningButton.setAttribute('aria-pressed', String(mode === 'returning'));
    this.password.autocomplete = mode === 'new' ? 'new-password' : 'current-password';
    this.render();
  }

  private submitted(event: SubmitEvent): void {
    event.preventDefault();
    const username = this.username.value.trim();
    if (!username || !this.password.value) return void (username ? this.password : this.username).focus();
    if (!this.send(this.mode, username, this.password.value)) return;
    this.lastUsername = username;
    this.store.login.waiting = true;
    this.store.login.authError = undefined;
    this.store.login.note = undefined;
    this.render();
  }
}

function describe(code: string, message: string, lockedFor: number, attemptsLeft: number | undefined): string {
  if (code === 'LOCKED') return lockedFor > 0 ? `Locked after too many failed logins. Try again in ${Math.ceil(lockedFor / 1000)} s.` : 'The lock is over: try again.';
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  if (code === 'USERNAME_TAKEN') return `${sentence}. If it is yours, choose “I'm returning”.`;
  if (code === 'AUTH_FAILED' && attemptsLeft !== undefined) return `${sentence}. ${attemptsLeft === 1 ? '1 try' : `${attemptsLeft} tries`} left before this username is locked.`;
  return sentence;
}
