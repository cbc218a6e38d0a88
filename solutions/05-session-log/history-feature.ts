// History on the peer: its own transcript of every chat (--history-db), shown again when the same
// two users meet, and /history, the tracker's log of this user's past sessions.
import type { ChatSession, PeerContext, PeerFeatureFactory } from '#kit/peer/peer-feature.ts';
import type { PastSession } from '#kit/protocol/messages.ts';
import { Transcript } from './transcript.ts';

/** How much of the earlier conversation is shown when a session starts. */
const REPLAYED_MESSAGES = 50;

export function historyFeature(): PeerFeatureFactory {
  return (peer) => {
    const transcript = openTranscript(peer);
    // A failing disk costs the transcript, never the chat: these run inside the peer's own handlers.
    const safely = <T>(what: string, use: (t: Transcript) => T): T | undefined => {
      try {
        return transcript ? use(transcript) : undefined;
      } catch (error) {
        peer.out.emit('error', { code: 'DISK_ERROR', message: `${what}: ${(error as Error).message}` });
        return undefined;
      }
    };
    const keep = (session: ChatSession, from: string, text: string) =>
      safely('the message was not kept', (t) => t.add(peer.me, session.with, session.id, from, text));
    return {
      help: ['/history              your past sessions, from the tracker\'s log'],
      commands: { '/history': () => showHistory(peer) },
      chatSent: (session, text) => keep(session, peer.me, text),
      chatReceived: (session, text) => keep(session, session.with, text),
      sessionStarted(session) {
        const earlier = safely('the earlier conversation cannot be read', (t) => t.latest(peer.me, session.with, REPLAYED_MESSAGES)) ?? [];
        if (earlier.length === 0) return;
        const lines = earlier.map((m) => `  ${m.at.slice(0, 16).replace('T', ' ')}  ${m.from}: ${m.text}`);
        peer.out.emit('chat_history', { with: session.with, messages: earlier }, [`── earlier with ${session.with}:`, ...lines].join('\n'));
      },
    };
  };
}

function openTranscript(peer: PeerContext): Transcript | undefined {
  if (peer.options.historyDb === undefined) return undefined;
  try {
    return new Transcript(peer.options.historyDb);
  } catch (error) {
    peer.out.emit('error', { code: 'DISK_ERROR', message: `cannot open ${peer.options.historyDb}: ${(error as Error).message}; chat is not kept` });
    return undefined;
  }
}

async function showHistory(peer: PeerContext): Promise<void> {
  const reply = await peer.tracker.request({ type: 'history' });
  if (reply.type !== 'history') {
    const code = reply.type === 'error' ? reply.code : 'INTERNAL';
    return peer.out.emit('error', { code, message: reply.type === 'error' ? reply.message : `unexpected reply ${reply.type}` });
  }
  const lines = reply.sessions.map((s) => describe(peer.me, s));
  const human = [lines.length > 0 ? 'Your past sessions, newest first:' : 'No past sessions yet.', ...lines, ...(reply.truncated ? ['  … older sessions left out'] : [])];
  peer.out.emit('history', { sessions: reply.sessions, truncated: reply.truncated }, human.join('\n'));
}

function describe(me: string, s: PastSession): string {
  const other = s.peers.find((name) => name !== me) ?? s.peers[1];
  const counts = Object.entries(s.messages).map(([name, n]) => `${name === me ? 'you' : name} sent ${n}`).join(', ');
  const files = s.files.length > 0 ? `, ${s.files.length} file report(s)` : '';
  return `  ${s.started_at.slice(0, 16).replace('T', ' ')} → ${s.ended_at.slice(11, 16)}  with ${other}  ${s.reason}${s.by ? ` by ${s.by === me ? 'you' : s.by}` : ''}  ${counts || 'no reports'}${files}`;
}
