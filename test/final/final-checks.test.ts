// The small rules the final app's servers apply to what pages send: which requests are trusted, what an
// upload may be called, and how page actions become terminal peer commands.
import { describe, expect, it } from 'vitest';
import { chatCommand, checkFileNames, checkLogin, checkRoomCode, pickCommand, roomGetCommand, roomNewCommand, roomSayCommand } from '../../final/peer/page-actions.ts';
import { relayPortBeside, takeRelayFlags } from '../../final/tracker/relay-flags.ts';
import { isRelayJoin, SealedAfterFirstLine } from '../../final/peer/relay-framing.ts';
import { uploadName } from '../../final/peer/upload-folder.ts';
import { isSameOrigin, isTrustedHost, policyFor } from '../../final/ui-server/same-origin.ts';
import { takeUiFlags } from '../../final/ui-server/ui-flags.ts';

describe('same-origin rules', () => {
  const policy = policyFor('127.0.0.1', () => 3001);

  it('trusts IP literals and localhost on our port only', () => {
    expect(isTrustedHost('127.0.0.1:3001', policy)).toBe(true);
    expect(isTrustedHost('localhost:3001', policy)).toBe(true);
    expect(isTrustedHost('[::1]:3001', policy)).toBe(true);
    expect(isTrustedHost('192.168.1.20:3001', policy)).toBe(true);
    expect(isTrustedHost('127.0.0.1:3002', policy)).toBe(false);
    expect(isTrustedHost('evil.example:3001', policy)).toBe(false); // a rebound name
    expect(isTrustedHost('127.0.0.1', policy)).toBe(false);
    expect(isTrustedHost(undefined, policy)).toBe(false);
  });

  it('trusts a page only from exactly its own origin', () => {
    expect(isSameOrigin('http://127.0.0.1:3001', '127.0.0.1:3001', policy)).toBe(true);
    expect(isSameOrigin('http://localhost:3001', '127.0.0.1:3001', policy)).toBe(false);
    expect(isSameOrigin('https://127.0.0.1:3001', '127.0.0.1:3001', policy)).toBe(false);
    expect(isSameOrigin('null', '127.0.0.1:3001', policy)).toBe(false);
    expect(isSameOrigin(undefined, '127.0.0.1:3001', policy)).toBe(false);
    expect(isSameOrigin('http://evil.example:3001', 'evil.example:3001', policy)).toBe(false);
  });

  it('accepts the name given with --ui-host', () => {
    const named = policyFor('demo.lab', () => 3000);
    expect(isSameOrigin('http://demo.lab:3000', 'demo.lab:3000', named)).toBe(true);
    expect(isTrustedHost('other.lab:3000', named)).toBe(false);
  });
});

describe('upload names', () => {
  it('keeps a plain name, with runs of spaces made single (as /send reads its path)', () => {
    expect(uploadName(encodeURIComponent('holiday   photo.jpg '))).toBe('holiday photo.jpg');
    expect(uploadName(encodeURIComponent('<img src=x onerror=alert(1)>.txt'))).toBe('<img src=x onerror=alert(1)>.txt');
  });

  it('refuses paths, control characters, dot names and bad encodings', () => {
    for (const name of ['../etc/passwd', 'a\\b', '..', '.', '', 'nul\u0000byte', 'line\nbreak']) expect(uploadName(encodeURIComponent(name))).toBeUndefined();
    expect(uploadName('%E0%A4%A')).toBeUndefined();
    expect(uploadName(encodeURIComponent('x'.repeat(256)))).toBeUndefined();
  });
});

describe('page actions', () => {
  it('turns a chat into /to, one line, within the size limit', () => {
    expect(chatCommand('bob', 'hi\nthere')).toEqual({ ok: true, value: '/to bob hi there' });
    expect(chatCommand('bob', '/quit')).toEqual({ ok: true, value: '/to bob /quit' });
    expect(chatCommand('Bob!', 'hi').ok).toBe(false);
    expect(chatCommand('bob', '   ').ok).toBe(false);
    expect(chatCommand('bob', 'x'.repeat(16_385)).ok).toBe(false);
  });

  it('checks file names for a search or /get', () => {
    expect(checkFileNames([' a.txt', 'a.txt', 'b.pdf'])).toEqual({ ok: true, value: ['a.txt', 'b.pdf'] });
    expect(checkFileNames(['../x']).ok).toBe(false);
    expect(checkFileNames(['a,b.txt']).ok).toBe(false);
    expect(checkFileNames([]).ok).toBe(false);
    expect(checkFileNames('a.txt').ok).toBe(false);
  });

  it('keeps each login answer to one line', () => {
    expect(checkLogin({ action: 'login', mode: 'new', username: 'alice', password: 'secret password' }).ok).toBe(true);
    expect(checkLogin({ action: 'login', mode: 'new', username: 'alice\n/quit', password: 'secret password' }).ok).toBe(false);
    expect(checkLogin({ action: 'login', mode: 'maybe' as 'new', username: 'alice', password: 'secret password' }).ok).toBe(false);
  });
});

describe('--ui-port and --ui-host', () => {
  it('are taken out, and every other flag is left for the lab program', () => {
    expect(takeUiFlags(['--port', '9876', '--ui-port', '3005', '--ui-host=0.0.0.0', '--json'], 3000)).toEqual({ ui: { host: '0.0.0.0', port: 3005 }, rest: ['--port', '9876', '--json'] });
    expect(takeUiFlags([], 3000)).toEqual({ ui: { host: '127.0.0.1', port: 3000 }, rest: [] });
    expect(() => takeUiFlags(['--ui-port'], 3000)).toThrow('--ui-port needs a value');
    expect(() => takeUiFlags(['--ui-port', 'abc'], 3000)).toThrow('--ui-port must be a port number');
  });
});

describe('room actions from a page', () => {
  it('turns each into the /room command a person would type, one line each', () => {
    expect(roomNewCommand(undefined)).toEqual({ ok: true, value: '/room new' });
    expect(roomNewCommand('  study\ngroup ')).toEqual({ ok: true, value: '/room new study group' });
    expect(roomSayCommand('k7qm-3xpd-9fta', 'hi\r\nall')).toEqual({ ok: true, value: '/room say k7qm-3xpd-9fta hi all' });
    expect(roomGetCommand('K7QM3XPD9FTA', 'notes.txt')).toEqual({ ok: true, value: '/room get K7QM3XPD9FTA notes.txt' });
    expect(pickCommand(2)).toEqual({ ok: true, value: '/pick 2' });
    expect(pickCommand(3, true)).toEqual({ ok: true, value: '/pick 3 udp' });
  });

  it('refuses what would split a command, or could not be a code, a name or a number', () => {
    for (const code of ['', 'two words', 'a\nb', 42, 'x'.repeat(65)]) expect(checkRoomCode(code).ok).toBe(false);
    expect(roomNewCommand('t'.repeat(257)).ok).toBe(false);
    expect(roomSayCommand('k7qm-3xpd-9fta', '   ').ok).toBe(false);
    expect(roomGetCommand('k7qm-3xpd-9fta', '../etc/passwd').ok).toBe(false);
    for (const n of [0, -1, 1.5, '1', Number.NaN]) expect(pickCommand(n).ok).toBe(false);
    expect(pickCommand(1, 'udp').ok).toBe(false);
  });
});

describe('the relay beside the final tracker', () => {
  it('listens next to the tracker unless told otherwise', () => {
    expect(relayPortBeside(9876, undefined)).toBe(9877);
    expect(relayPortBeside(0, undefined)).toBe(0);
    expect(relayPortBeside(65_535, undefined)).toBe(0);
    expect(relayPortBeside(9876, 4000)).toBe(4000);
    expect(takeRelayFlags(['--port', '1', '--relay-port', '4000'])).toEqual({ relay: { run: true, port: 4000 }, rest: ['--port', '1'] });
    expect(takeRelayFlags(['--no-relay']).relay).toEqual({ run: false });
    expect(takeRelayFlags(['--relay', '10.0.0.1:9877', '--relay-secret-file', 's']).relay).toEqual({ run: false });
    expect(() => takeRelayFlags(['--no-relay', '--relay-port', '1'])).toThrow(/contradict/);
    expect(() => takeRelayFlags(['--relay-port'])).toThrow(/needs a value/);
  });

  it('reads a relay connection as one line, then sealed bytes it never tries to parse', () => {
    expect(isRelayJoin(Buffer.from('{"token":"t","type":"relay_join"}\n'))).toBe(true);
    expect(isRelayJoin(Buffer.from('{"type":"hello","from":"a"}\n'))).toBe(false);
    const reader = new SealedAfterFirstLine();
    expect(reader.push(Buffer.from('{"type":"relay_pa'))).toEqual([]);
    const frames = reader.push(Buffer.from('ired","session":"s"}\n\x00\x00\x00\x10\n\n'));
    expect(frames.map((f) => f.kind)).toEqual(['line', 'data']);
    expect(reader.push(Buffer.from('\n{"type":"x"}\n')).map((f) => f.kind)).toEqual(['data']);
  });
});
