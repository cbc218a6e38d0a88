// A typed line is a command (/list, or \GET_CLIENT_LIST of assignment A2, see docs/COURSE.md) or chat text.
export type Typed = { kind: 'command'; name: string; rest: string } | { kind: 'text'; text: string } | { kind: 'empty' };

// Assignment A2's commands, and what they are called here.
const ALIASES: Record<string, string> = {
  '\\help': '/help',
  '\\get_client_list': '/list',
  '\\get_client_info': '/info',
  '\\send_file': '/send',
  '\\close_session': '/close',
  '\\disconnect_client': '/quit',
};

export function parseTyped(line: string): Typed {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (!trimmed.startsWith('/') && !trimmed.startsWith('\\')) return { kind: 'text', text: line };
  const [word = '', ...rest] = trimmed.split(/\s+/);
  const lower = word.toLowerCase();
  return { kind: 'command', name: ALIASES[lower] ?? lower, rest: trimmed.slice(word.length).trim() || rest.join(' ') };
}
