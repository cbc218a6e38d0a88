// Logs a demo peer in through its own page's WebSocket, as a person would with the login form: as new
// in a fresh data folder, as returning in one that knows the name (and the other way if that fails).
// On a student's labs that cannot log in yet, it gives up at once with what they need.
import { WebSocket } from 'ws';
import { needText, type LabNeed } from '../shared/lab-need.ts';
import type { FromPage, LoginMode, PeerEvent, ToPage } from '../shared/peer-page-messages.ts';

const LOGIN_WITHIN_MS = 15_000;

export interface AutoLogin {
  /** Resolves once the peer has announced its shared files to the tracker. */
  shared: Promise<void>;
  /** An action, as the page would send it. */
  send(message: FromPage): void;
  /** The next event of this name the peer reports (that `matches`), or a rejection after `withinMs`. */
  next(event: string, withinMs: number, matches?: (event: PeerEvent) => boolean): Promise<PeerEvent>;
  close(): void;
}

/** The peer's labs cannot log in yet: the message says what they need. */
export class LoginNeedsLabs extends Error {
  override readonly name = 'LoginNeedsLabs';
}

export function logInThroughPage(pageUrl: string, username: string, password: string, first: LoginMode): Promise<AutoLogin> {
  const origin = pageUrl.replace(/\/$/, '');
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/live`, { origin });
  const send = (message: FromPage) => socket.send(JSON.stringify(message));
  let sharedDone: () => void = () => {};
  const shared = new Promise<void>((resolve) => (sharedDone = resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`${username} did not log in within ${LOGIN_WITHIN_MS / 1000} s`), LOGIN_WITHIN_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      socket.terminate();
      reject(new Error(why));
    };
    let switched = false;
    let need: LabNeed | undefined;
    socket.on('error', (error) => fail(error.message));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as ToPage;
      if (message.kind === 'snapshot') return send({ action: 'login', mode: first, username, password });
      if (message.kind !== 'event') return;
      const event: PeerEvent = message.event;
      if (event.event === 'auth_error' && (event.code === 'AUTH_FAILED' || event.code === 'USERNAME_TAKEN') && !switched) {
        switched = true;
        return send({ action: 'login', mode: first === 'new' ? 'returning' : 'new', username, password });
      }
      if (event.event === 'auth_error') return fail(`${username} could not log in: ${String(event.message)}`);
      if (event.event === 'lab_needed') need = event as unknown as LabNeed;
      if (event.event === 'cycle_ended' && event.how === 'unfinished') {
        clearTimeout(timer);
        socket.terminate();
        return reject(new LoginNeedsLabs(need ? needText(need) : 'the labs cannot log in yet'));
      }
      if (event.event === 'logged_in') {
        clearTimeout(timer);
        resolve({ shared, send, next: (name, withinMs, matches) => nextEvent(socket, name, withinMs, matches), close: () => socket.close() });
      }
      if (event.event === 'shared') sharedDone();
    });
  });
}

/** The next live event of this name on a page's socket. */
export function nextEvent(socket: WebSocket, name: string, withinMs: number, matches: (event: PeerEvent) => boolean = () => true): Promise<PeerEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', listen);
      reject(new Error(`no ${name} within ${withinMs / 1000} s`));
    }, withinMs);
    const listen = (data: unknown) => {
      const message = JSON.parse(String(data)) as ToPage;
      if (message.kind !== 'event' || message.event.event !== name || !matches(message.event)) return;
      clearTimeout(timer);
      socket.off('message', listen);
      resolve(message.event);
    };
    socket.on('message', listen);
  });
}
