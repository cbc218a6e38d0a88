// Flag parsing that turns every mistake into one clear sentence and exit code 2, so no program of
// the kit ever greets a student with a stack trace for a typo.
import { parseArgs } from 'node:util';

/** A mistake in how the program was started: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type FlagSpec = { type: 'string' | 'boolean'; short?: string };
export type FlagSpecs = Record<string, FlagSpec>;
type FlagValues<S extends FlagSpecs> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : string;
};

/** Parses argv strictly: unknown flags, missing values and stray words are usage errors. */
export function parseFlags<S extends FlagSpecs>(argv: readonly string[], specs: S): FlagValues<S> {
  try {
    const { values } = parseArgs({ args: [...argv], options: specs, strict: true, allowPositionals: false });
    return values as FlagValues<S>;
  } catch (error) {
    throw new UsageError(plainParseError(error));
  }
}

// node:util words its errors for programmers ("Option '--x <value>' argument missing"); keep the gist.
function plainParseError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(text);
  if (unknown) return `unknown flag ${unknown[1]}`;
  const positional = /Unexpected argument '([^']+)'/.exec(text);
  if (positional) return `unexpected word "${positional[1]}" (flags start with --)`;
  const missing = /Option '(--[\w-]+)/.exec(text);
  if (missing && /argument missing/.test(text)) return `${missing[1]} needs a value`;
  return text.split('\n')[0] ?? text;
}

/** A TCP/UDP port number; 0 means "let the operating system choose" where allowed. */
export function parsePort(flag: string, value: string, { allowZero = false } = {}): number {
  const min = allowZero ? 0 : 1;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > 65535) {
    throw new UsageError(`${flag} must be a port number from ${min} to 65535 (got "${value}")`);
  }
  return Number(value);
}

/** A positive whole number of milliseconds (timeouts, cooldowns). */
export function parseMilliseconds(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 2 ** 31 - 1) {
    throw new UsageError(`${flag} must be a whole number of milliseconds, at least 1 (got "${value}")`);
  }
  return Number(value);
}

export interface HostPort {
  host: string;
  port: number;
}

/** `HOST:PORT`, `[IPv6]:PORT`; the port must be 1–65535 because it is dialled. */
export function parseHostPort(flag: string, value: string): HostPort {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d+)$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  if (!match || !host) {
    throw new UsageError(`${flag} must look like HOST:PORT, for example 127.0.0.1:5555 (got "${value}")`);
  }
  return { host, port: parsePort(flag, match[3] ?? '') };
}

/**
 * Runs a program's main function: usage errors print the sentence and the usage text and exit 2;
 * anything else unexpected prints one line (not a stack trace) and exits 1.
 */
export async function runProgram(usage: string, main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${usage.trim()}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
