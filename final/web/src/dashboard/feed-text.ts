// The tracker's events (docs/PROTOCOL.md §9.3) as sentences for the activity feed, and the final
// app's own: an unfinished lab step it met.
import { needText, type LabNeed } from '../../../shared/lab-need.ts';

type Tone = 'good' | 'bad' | 'plain';

export function describeEvent(event: string, fields: Record<string, unknown>): { text: string; tone: Tone } {
  const f = (key: string) => (fields[key] === undefined ? '' : String(fields[key]));
  switch (event) {
    case 'ready':
      return fields.port === null ? { text: 'dashboard started; the tracker is not running', tone: 'bad' } : { text: `tracker started on ${f('host')}:${f('port')}`, tone: 'plain' };
    case 'lab_needed':
      return { text: needText(fields as LabNeed), tone: 'bad' };
    case 'registered':
      return { text: `${f('username')} created an account`, tone: 'good' };
    case 'logged_in':
      return { text: `${f('username')} logged in from ${f('host')}`, tone: 'good' };
    case 'auth_failed':
      return { text: `login as ${f('username')} refused: ${f('code')}`, tone: 'bad' };
    case 'logged_out':
      return { text: `${f('username')} left (${f('reason')})`, tone: 'plain' };
    case 'session_started':
      return { text: `session ${Array.isArray(fields.peers) ? fields.peers.join(' ↔ ') : ''} started`, tone: 'good' };
    case 'session_ended':
      return { text: `session ${f('session')} ended: ${f('reason')}${fields.by ? ` by ${f('by')}` : ''}`, tone: 'plain' };
    case 'error':
      return { text: `${f('code')}: ${f('message')}`, tone: 'bad' };
    default:
      return { text: `${event} ${JSON.stringify(fields)}`, tone: 'plain' };
  }
}
