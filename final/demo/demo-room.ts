// Lab 06 in the demo: carol makes a room and dan (behind a NAT) joins it; alice and bob join it as soon
// as they log in, through their own pages, as they would by typing the code. Then carol opens a session
// with dan: nobody can dial dan, so it goes through the relay, sealed end to end, and the dashboard
// shows it with the bytes the relay carried.
import { WebSocket } from 'ws';
import type { FromPage, ToPage } from '../shared/peer-page-messages.ts';
import type { AutoLogin } from './auto-login.ts';

const STEP_WITHIN_MS = 15_000;
export const DEMO_ROOM_TOPIC = 'Sharing is Caring demo';

export interface DemoRoom {
  code: string;
  /** alice's and bob's pages, watched to join them when they log in. */
  close(): void;
}

/** carol's room, with dan in it and a relayed session between them. */
export async function stageRoom(carol: AutoLogin, dan: AutoLogin, othersPages: string[]): Promise<DemoRoom> {
  const made = carol.next('room_joined', STEP_WITHIN_MS);
  carol.send({ action: 'room_new', topic: DEMO_ROOM_TOPIC });
  const code = String((await made).code);
  const danIn = dan.next('room_joined', STEP_WITHIN_MS);
  dan.send({ action: 'room_join', code });
  await danIn;
  const relayed = carol.next('session_started', STEP_WITHIN_MS, (event) => event.with === 'dan');
  carol.send({ action: 'connect', to: 'dan' });
  await relayed;
  carol.send({ action: 'chat', to: 'dan', text: 'Hi dan! Nobody can dial you, so this chat goes through the relay, sealed: the relay only sees ciphertext.' });
  carol.send({ action: 'room_say', code, text: `Welcome to the room! Ask it who has a file: dan and I answer.` });
  const watchers = othersPages.map((page) => joinOnLogin(page, code));
  return { code, close: () => watchers.forEach((socket) => socket.close()) };
}

/** Joins the room each time this page's peer logs in. */
function joinOnLogin(pageUrl: string, code: string): WebSocket {
  const origin = pageUrl.replace(/\/$/, '');
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/live`, { origin });
  const send = (message: FromPage) => socket.send(JSON.stringify(message));
  socket.on('error', () => {}); // the page's process stopping ends the watch, nothing more
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ToPage;
    if (message.kind === 'event' && message.event.event === 'logged_in') send({ action: 'room_join', code });
  });
  return socket;
}
