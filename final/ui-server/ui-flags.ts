// The final app's programs take the lab programs' flags unchanged, plus where their web page is
// served: --ui-port and --ui-host, and --present (presentation mode: large type; the browser peer
// also slows its transfers to a pace people can watch). Those are taken out first; the rest goes to the lab's parser,
// so every lab flag keeps its meaning and its error messages.
import { parsePort, UsageError } from '#kit/cli/flags.ts';

export interface UiAddress {
  host: string;
  port: number;
  /** Presentation mode (--present). */
  present?: boolean;
}

/** The two flags' lines for a usage text whose descriptions start after `column` characters of flag. */
export const UI_USAGE = (page: string, defaultPort: number, column: number) => `
  ${'--ui-port N'.padEnd(column)}port of the ${page} (default ${defaultPort}; 0 lets the system choose)
  ${'--ui-host ADDR'.padEnd(column)}address the ${page} listens on (default 127.0.0.1: this machine only)
  ${'--present'.padEnd(column)}presentation mode: large type on the ${page}${page === 'page' ? ', transfers slowed so people can watch them' : ''}`;

export function takeUiFlags(argv: readonly string[], defaultPort: number): { ui: UiAddress; rest: string[] } {
  const ui: UiAddress = { host: '127.0.0.1', port: defaultPort };
  const rest: string[] = [];
  for (let at = 0; at < argv.length; at += 1) {
    const arg = argv[at] ?? '';
    if (arg === '--present') {
      ui.present = true;
      continue;
    }
    const [flag, inline] = arg.startsWith('--ui-') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--ui-port' && flag !== '--ui-host') {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++at];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    if (flag === '--ui-port') ui.port = parsePort('--ui-port', value, { allowZero: true });
    else ui.host = value;
  }
  return { ui, rest };
}
