// The browser peer's page: log in, the roster, direct chats in tabs, rooms, files, history, and the
// protocol inspector. Everything it shows comes from its own peer process over /live; everything it does is an
// action that process turns into a terminal peer command.
import { byId, fill, h } from '../common/dom.ts';
import { LiveSocket, type LiveStatus } from '../common/live-socket.ts';
import { renderNeeds } from '../common/needs-banner.ts';
import { toast } from '../common/toasts.ts';
import type { FromPage, ToPage } from '../../../shared/peer-page-messages.ts';
import { avatar } from './avatar.ts';
import { FilesView } from './files-view.ts';
import { InspectorView } from './inspector-view.ts';
import { LoginView } from './login-view.ts';
import { PeerStore, type Part } from './peer-store.ts';
import { RosterView } from './roster-view.ts';
import { RoomsCard } from './rooms-card.ts';
import { HISTORY_TAB, SessionsView } from './sessions-view.ts';
import { upload } from './upload.ts';

const store = new PeerStore(render, (text) => toast(text));
const live = new LiveSocket<ToPage, FromPage>((message) => store.receive(message), showLiveStatus);

function send(message: FromPage): boolean {
  if (live.send(message)) return true;
  toast('The page lost its peer process: reconnecting…');
  return false;
}

const login = new LoginView(byId('login-screen'), store, (mode, username, password) => send({ action: 'login', mode, username, password }));
const roster = new RosterView(store, openChat);
const files = new FilesView(store, {
  search: (names) => send({ action: 'search', names }),
  get: (names) => {
    if (send({ action: 'get', names })) store.startDownloads(names);
  },
  share: () => send({ action: 'share' }),
});
const sessions = new SessionsView(
  store,
  {
    chat: (to, text) => send({ action: 'chat', to, text }),
    sendFiles,
    close: (username) => send({ action: 'close', with: username }),
    refreshHistory: () => send({ action: 'history' }),
  },
  {
    say: (code, text) => send({ action: 'room_say', code, text }),
    leave: (code) => void send({ action: 'room_leave', code }),
    ask: (code, name) => send({ action: 'room_get', code, name }),
    pick: (_code, n, name, udp) => {
      if (send({ action: 'pick', n, udp })) store.startDownloads([name]);
    },
  },
);
const rooms = new RoomsCard(store, {
  create: (topic) => send({ action: 'room_new', topic }),
  join: (code) => send({ action: 'room_join', code }),
});
const inspector = new InspectorView(store);
const disconnect = byId<HTMLButtonElement>('disconnect');
disconnect.addEventListener('click', () => send({ action: 'quit' }));
let historyAsked = false;

function render(parts: Set<Part>): void {
  if (parts.has('login')) {
    document.body.classList.toggle('present', store.present);
    login.render();
    showScreen();
  }
  if (parts.has('roster') || parts.has('sessions')) roster.render();
  if (parts.has('rooms')) rooms.render();
  if (parts.has('sessions') || parts.has('history') || parts.has('rooms')) {
    sessions.render();
    askHistoryOnce();
  }
  if (parts.has('files')) files.render();
  if (parts.has('downloads')) files.renderDownloads();
  if (parts.has('wire') || parts.has('connections') || parts.has('sessions')) inspector.render();
  if (parts.has('needs')) renderNeeds(byId('lab-needs'), store.needs, 'This peer');
}

function showScreen(): void {
  const inside = store.login.phase === 'in';
  byId('login-screen').hidden = inside;
  byId('app-screen').hidden = !inside;
  disconnect.hidden = !inside;
  const me = store.login.me;
  fill(byId('whoami'), ...(inside && me ? [avatar(me, 'small'), h('span', { class: 'me', text: me }), h('span', { class: 'muted', text: `tracker ${store.login.tracker}` })] : []));
  document.title = inside && me ? `${me} · Sharing is Caring` : 'Sharing is Caring · peer';
}

function openChat(username: string): void {
  const open = store.openSessionWith(username);
  if (open) return store.select(open.id);
  if (!send({ action: 'connect', to: username })) return;
  store.connecting = username;
  store.touch('roster');
}

async function sendFiles(to: string, chosen: File[]): Promise<void> {
  for (const file of chosen) {
    toast(`Sending ${file.name} to ${to}…`, 'info');
    const reply = await upload(file, store.maxUploadBytes);
    if (typeof reply === 'string') toast(reply);
    else send({ action: 'send', to, upload: reply.upload });
  }
}

// Lab 05's history comes from the tracker on request: ask when the History tab first opens.
function askHistoryOnce(): void {
  if (store.selected !== HISTORY_TAB || !store.historyAvailable || historyAsked) return;
  historyAsked = send({ action: 'history' });
}

function showLiveStatus(status: LiveStatus): void {
  const badge = byId('live-status');
  badge.className = `live-status ${status}`;
  badge.textContent = status === 'live' ? 'live' : status === 'connecting' ? 'connecting…' : 'reconnecting…';
  badge.title = status === 'live' ? 'Connected to this page\'s peer process' : 'Waiting for this page\'s peer process';
}
