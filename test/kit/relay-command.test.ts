// The relay's command line (docs/PROTOCOL.md §9.6), and the tracker's relay flags (§9.3): the secret
// comes from a file, one trailing newline left out, and every bad flag is one clear sentence (a
// UsageError, exit code 2 in the program).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { UsageError } from '#kit/cli/flags.ts';
import { DEFAULT_RELAY_PORT, MAX_RELAYED_SESSIONS } from '#kit/protocol/limits.ts';
import { parseRelayCommand } from '#kit/programs/relay-command.ts';
import { parseTrackerCommand } from '#kit/programs/tracker-command.ts';

const dir = mkdtempSync(join(tmpdir(), 'relay-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: string) => {
  writeFileSync(join(dir, name), bytes);
  return join(dir, name);
};

describe('parseRelayCommand', () => {
  test('reads the secret without its trailing newline, and fills in the defaults', () => {
    const command = parseRelayCommand(['--secret-file', file('crlf', 'sixteen bytes ok\r\n')]);
    expect(command).toMatchObject({ mode: 'run', port: DEFAULT_RELAY_PORT, host: '127.0.0.1', maxSessions: MAX_RELAYED_SESSIONS });
    expect(command.mode === 'run' && command.secret.toString()).toBe('sixteen bytes ok');
    const lf = parseRelayCommand(['--secret-file', file('lf', 'another secret, long enough\n'), '--port', '0', '--max-sessions', '3', '--pair-timeout-ms', '500']);
    expect(lf).toMatchObject({ port: 0, maxSessions: 3, pairTimeoutMs: 500 });
    expect(lf.mode === 'run' && lf.secret.toString()).toBe('another secret, long enough');
  });

  test.each([
    [[], /--secret-file PATH is required/],
    [['--secret-file', '/nonexistent/relay-secret'], /cannot read --secret-file/],
    [['--secret-file', file('short', 'too short\n')], /holds 9 bytes; a secret needs at least 16/],
    [['--secret-file', file('ok', 'x'.repeat(32)), '--max-sessions', '0'], /--max-sessions must be a whole number from 1 to 10000/],
    [['--secret-file', file('ok2', 'x'.repeat(32)), '--pair-timeout-ms', 'soon'], /--pair-timeout-ms must be a whole number of milliseconds/],
  ])('refuses %j with one sentence', (argv, message) => {
    expect(() => parseRelayCommand(argv)).toThrow(UsageError);
    expect(() => parseRelayCommand(argv)).toThrow(message);
  });
});

describe('the tracker\'s relay flags', () => {
  test('--relay with --relay-secret-file names the relay and reads its secret', () => {
    const command = parseTrackerCommand(['--relay', '127.0.0.1:9877', '--relay-secret-file', file('tracker', 'the shared relay secret\n')]);
    expect(command.mode === 'run' && { ...command.relay, secret: command.relay?.secret.toString() }).toEqual({ host: '127.0.0.1', port: 9877, secret: 'the shared relay secret' });
    expect(parseTrackerCommand([])).not.toHaveProperty('relay');
  });

  test.each([
    [['--relay', '127.0.0.1:9877'], /--relay and --relay-secret-file go together/],
    [['--relay-secret-file', file('alone', 'x'.repeat(20))], /--relay and --relay-secret-file go together/],
    [['--relay', 'nowhere', '--relay-secret-file', file('bad-address', 'x'.repeat(20))], /--relay must look like HOST:PORT/],
    [['--relay', '127.0.0.1:9877', '--relay-secret-file', file('tiny', 'short')], /--relay-secret-file .* holds 5 bytes/],
  ])('refuses %j with one sentence', (argv, message) => {
    expect(() => parseTrackerCommand(argv)).toThrow(UsageError);
    expect(() => parseTrackerCommand(argv)).toThrow(message);
  });
});
