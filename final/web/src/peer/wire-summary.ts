// A few words for a protocol line, for the sequence diagram's arrows: the fields that matter for each
// message type, the rest left to the full line in the list view.
import type { WireEntry } from '../../../shared/peer-page-messages.ts';
import { bytes, shortHash } from '../common/format.ts';

type Fields = Record<string, unknown>;

const LONGEST = 48;

export function summary(entry: WireEntry): string {
  if (entry.type === 'data') return `${entry.frames ?? 1} frame${entry.frames === 1 ? '' : 's'} · ${bytes(entry.bytes ?? 0)}`;
  let fields: Fields;
  try {
    fields = JSON.parse(entry.text) as Fields;
  } catch {
    return entry.text.slice(0, LONGEST);
  }
  const s = (key: string) => (fields[key] === undefined ? '' : String(fields[key]));
  switch (entry.type) {
    case 'register':
    case 'login':
      return `${s('username')} · port ${s('port')}`;
    case 'welcome':
      return fields.session ? `session ${s('session')}` : `${s('username')} @ ${s('host')}:${s('port')}`;
    case 'hello':
      return fields.server ? `${s('server')} v${s('version')}` : `from ${s('from')} · ticket ${s('ticket').slice(0, 6)}…`;
    case 'presence':
      return `${s('username')} ${s('event')}`;
    case 'roster':
      return Array.isArray(fields.users) ? (fields.users as Fields[]).map((u) => String(u.username)).join(', ') : '';
    case 'lookup':
      return s('username');
    case 'peer_info':
      return `${s('username')} @ ${s('host')}:${s('port')}`;
    case 'incoming':
      return `from ${s('from')} · ${s('session')}`;
    case 'chat':
      return clip(`“${s('text')}”`);
    case 'offer':
      return `${s('name')} · ${bytes(Number(fields.size ?? 0))}`;
    case 'file_ok':
      return `sha256 ${shortHash(s('sha256'))}`;
    case 'error':
      return `${s('code')}: ${s('message')}`;
    case 'share':
      return Array.isArray(fields.files) ? `${(fields.files as unknown[]).length} file(s)` : '';
    case 'whohas':
    case 'shared':
    case 'get':
    case 'session_ended':
    case 'session_started':
    case 'close_session':
    case 'decline':
    case 'cancel':
    case 'bye':
    default:
      return clip(
        Object.entries(fields)
          .filter(([key]) => key !== 'type' && key !== 'id')
          .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
          .join(' '),
      );
  }
}

function clip(text: string): string {
  return text.length > LONGEST ? `${text.slice(0, LONGEST - 1)}…` : text;
}
