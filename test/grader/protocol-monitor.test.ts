// The protocol monitor on scripted conversations: silent on correct ones, whatever the chunking, and
// naming the right rule for each breach.
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Direction } from '#kit/protocol/messages.ts';
import { ChatLineMonitor } from '../../grader/engine/monitor/chat-line-monitor.ts';
import { ConnectionMonitor } from '../../grader/engine/monitor/connection-monitor.ts';
import { ProtocolWatch } from '../../grader/engine/monitor/protocol-watch.ts';
import { StepLog } from '../../grader/engine/step-log.ts';

type Turn = ['grader' | 'program', string | Buffer] | ['program-fin'];

const HELLO = '{"type":"hello","server":"sharing-is-caring","version":1,"question":"new or returning?","options":["register","login"]}';
const REGISTER = (id: unknown) => JSON.stringify({ type: 'register', username: 'alice', password: 'correct horse', port: 5555, id });
const WELCOME = (id?: unknown) => JSON.stringify({ type: 'welcome', username: 'alice', host: '127.0.0.1', port: 5555, ...(id === undefined ? {} : { id }) });

/** Plays the turns (each a line unless it is a Buffer) and returns the rule broken, if any. */
function judge(received: Direction, turns: Turn[], chunk = Infinity): string | undefined {
  const watch = new ProtocolWatch(1, new StepLog());
  const monitor = new ConnectionMonitor(received, 'a connection', watch);
  for (const turn of turns) {
    if (turn[0] === 'program-fin') {
      monitor.observeProgramEnd();
      continue;
    }
    const bytes = typeof turn[1] === 'string' ? Buffer.from(`${turn[1]}\n`) : turn[1];
    for (let at = 0; at < bytes.length; at += chunk) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + chunk));
      if (turn[0] === 'grader') monitor.observeSent(piece);
      else monitor.observeReceived(piece);
    }
  }
  return watch.first?.rule;
}

describe('a tracker, judged by what it answers a scripted client', () => {
  const good: Turn[] = [
    ['program', HELLO],
    ['grader', REGISTER(0)],
    ['grader', '{"type":"ping","id":"0"}'],
    ['program', WELCOME(0)],
    ['program', '{"type":"pong","id":"0"}'],
    ['program', '{"type":"presence","event":"joined","username":"bob","since":"2026-01-01T10:00:00.000Z"}'],
    ['grader', 'not json'],
    ['program', '{"type":"error","code":"BAD_JSON","message":"the line is not valid JSON"}'],
    ['grader', '{"type":"list","id":7}'],
    ['program', '{"type":"error","code":"SLOW_DOWN","message":"slow down","re":"list","id":7,"retry_after_ms":100}'],
    ['grader', '{"type":"error","code":"INTERNAL","message":"a stray error"}'],
    ['grader', '{"type":"logout","id":"bye"}'],
    ['program', '{"type":"ok","re":"logout","id":"bye"}'],
    ['program', '{"type":"error","code":"TIMEOUT","message":"too slow"}'],
  ];

  test.each([Infinity, 1, 7])('a correct conversation in chunks of %s bytes breaks nothing', (chunk) => {
    expect(judge('tracker-to-peer', good, chunk)).toBeUndefined();
  });

  test.each<[string, Turn[]]>([
    ['id-echo', [['program', HELLO], ['grader', REGISTER(5)], ['program', WELCOME()]]],
    ['id-echo', [['program', HELLO], ['grader', REGISTER(5)], ['program', WELCOME('5')]]],
    ['id-echo', [['program', HELLO], ['grader', REGISTER('')], ['program', WELCOME()]]],
    ['replies-in-order', [['program', HELLO], ['grader', REGISTER(1)], ['grader', '{"type":"ping","id":2}'], ['program', '{"type":"pong","id":2}']]],
    ['one-answer-per-request', [['program', HELLO], ['grader', REGISTER(1)], ['program', WELCOME(1)], ['program', WELCOME(1)]]],
    ['one-answer-per-request', [['program', HELLO], ['grader', '{"type":"error","code":"INTERNAL","message":"x"}'], ['program', '{"type":"error","code":"BAD_MESSAGE","message":"x","field":"type","re":"error"}']]],
    ['error-names-message', [['program', HELLO], ['grader', '{"type":"list","id":3}'], ['program', '{"type":"error","code":"WRONG_STATE","message":"log in first","id":3}']]],
    ['id-echo', [['program', HELLO], ['grader', '{"type":"list","id":3}'], ['program', '{"type":"error","code":"WRONG_STATE","message":"log in first","re":"list"}']]],
    ['ok-names-request', [['program', HELLO], ['grader', '{"type":"logout"}'], ['program', '{"type":"ok","re":"login"}']]],
    ['hello-first', [['program', WELCOME()]]],
    ['push-to-logged-in', [['program', HELLO], ['program', '{"type":"presence","event":"left","username":"bob"}']]],
    ['valid-utf8', [['program', HELLO], ['program', Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a])]]],
    ['json-object', [['program', HELLO], ['program', '[1,2]']]],
    ['valid-message', [['program', HELLO], ['grader', REGISTER(1)], ['program', '{"type":"welcome","username":"Alice!","host":"127.0.0.1","port":5555,"id":1}']]],
    ['line-too-long', [['program', HELLO], ['program', Buffer.alloc(70_000, 0x61)]]],
  ])('%s is named', (rule, turns) => {
    expect(judge('tracker-to-peer', turns)).toBe(rule);
    expect(judge('tracker-to-peer', turns, 3)).toBe(rule);
  });

  test('TOO_MANY_CONNECTIONS may come instead of hello', () => {
    expect(judge('tracker-to-peer', [['program', '{"type":"error","code":"TOO_MANY_CONNECTIONS","message":"full"}']])).toBeUndefined();
  });
});

describe('a peer on its tracker connection, judged by the scripted tracker', () => {
  const loggedIn: Turn[] = [['grader', HELLO], ['program', REGISTER('r')], ['grader', WELCOME('r')]];

  test('asking, answering pings and leaving after the ok breaks nothing', () => {
    const turns: Turn[] = [...loggedIn, ['program', '{"type":"list"}'], ['grader', '{"type":"ping","id":9}'], ['program', '{"type":"pong","id":9}'], ['grader', '{"type":"roster","users":[]}'], ['program', '{"type":"logout","id":1}'], ['grader', '{"type":"ok","re":"logout","id":1}'], ['program-fin']];
    expect(judge('peer-to-tracker', turns)).toBeUndefined();
  });

  test.each<[string, Turn[]]>([
    ['wrong-state', [['grader', HELLO], ['program', '{"type":"list"}']]],
    ['wrong-state', [...loggedIn, ['program', REGISTER(2)]]],
    ['id-echo', [...loggedIn, ['grader', '{"type":"ping","id":9}'], ['program', '{"type":"pong"}']]],
    ['logout-waits-for-ok', [...loggedIn, ['program', '{"type":"logout"}'], ['program-fin']]],
  ])('%s is named', (rule, turns) => {
    expect(judge('peer-to-tracker', turns)).toBe(rule);
  });
});

describe('a peer on a direct connection', () => {
  const hello = '{"type":"hello","from":"bob","ticket":"zhLPilOWSqqHDsJUmHFsnQ","id":4}';

  test('a data frame whose bytes look like lines is skipped whole', () => {
    const frame = Buffer.concat([Buffer.from('{"type":"data","xfer":"k3","len":12}\n'), Buffer.from('\n{oops\n[1]\n\n')]);
    const turns: Turn[] = [['grader', hello], ['program', '{"type":"welcome","session":"s-1","username":"alice","id":4}'], ['program', frame], ['program', '{"type":"chat","text":"after"}']];
    expect(judge('peer-to-peer', turns)).toBeUndefined();
    expect(judge('peer-to-peer', turns, 5)).toBeUndefined();
  });

  test.each<[string, Turn[]]>([
    ['id-echo', [['grader', hello], ['program', '{"type":"welcome","session":"s-1","username":"alice"}']]],
    ['id-echo', [['grader', '{"type":"ping","id":"p"}'], ['program', '{"type":"pong"}']]],
    ['one-answer-per-request', [['program', '{"type":"pong","id":1}']]],
    ['error-names-message', [['grader', hello], ['program', '{"type":"error","code":"BAD_TICKET","message":"no"}']]],
    ['error-names-message', [['grader', hello], ['program', '{"type":"error","code":"WRONG_STATE","message":"no","re":"offer"}']]],
    ['id-echo', [['grader', '{"type":"offer","xfer":"k1","name":"a.txt","size":1,"sha256":"' + 'a'.repeat(64) + '","id":8}'], ['program', '{"type":"accept","xfer":"k1"}']]],
  ])('%s is named', (rule, turns) => {
    expect(judge('peer-to-peer', turns)).toBe(rule);
  });
});

describe('at the end of a check, with the connection still open', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Plays the turns, lets `laterMs` pass, and ends the check. */
  function judgeAtEnd(received: Direction, turns: Array<['grader' | 'program', string]>, laterMs: number): string | undefined {
    vi.useFakeTimers({ toFake: ['performance'] });
    const watch = new ProtocolWatch(1, new StepLog());
    const monitor = new ConnectionMonitor(received, 'a connection', watch);
    watch.onCheckEnd(() => monitor.observeCheckEnd());
    for (const [from, line] of turns) (from === 'grader' ? monitor.observeSent(Buffer.from(`${line}\n`)) : monitor.observeReceived(Buffer.from(`${line}\n`)));
    vi.advanceTimersByTime(laterMs);
    watch.checkEnded();
    return watch.first?.rule;
  }

  test.each<[Direction, Array<['grader' | 'program', string]>]>([
    ['peer-to-peer', [['grader', '{"type":"ping","id":3}']]],
    ['peer-to-peer', [['grader', '{"type":"hello","from":"bob","ticket":"zhLPilOWSqqHDsJUmHFsnQ","id":4}']]],
    ['tracker-to-peer', [['program', HELLO], ['grader', '{"type":"ping","id":"x"}']]],
    ['peer-to-tracker', [['grader', HELLO], ['grader', '{"type":"ping"}']]],
  ])('a request still unanswered 3 s later is named answer-missing (%s)', (received, turns) => {
    expect(judgeAtEnd(received, turns, 3_500)).toBe('answer-missing');
  });

  test('an answer that may still be on its way, a chat and an answered request break nothing', () => {
    expect(judgeAtEnd('peer-to-peer', [['grader', '{"type":"ping","id":3}']], 2_000)).toBeUndefined();
    expect(judgeAtEnd('peer-to-peer', [['grader', '{"type":"chat","text":"hi"}']], 10_000)).toBeUndefined();
    expect(judgeAtEnd('peer-to-peer', [['grader', '{"type":"ping","id":3}'], ['program', '{"type":"pong","id":3}']], 10_000)).toBeUndefined();
  });
});

describe('a Lab 01 peer on its chat connection', () => {
  function judgeChat(chunks: Array<string | Buffer>): string | undefined {
    const watch = new ProtocolWatch(1, new StepLog());
    const monitor = new ChatLineMonitor('the chat', watch);
    for (const chunk of chunks) monitor.observeReceived(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return watch.first?.rule;
  }

  test('lines, "\\r", empty lines and a last exit break nothing, whatever the chunks', () => {
    expect(judgeChat(['hi\r\n', '', 'caf', Buffer.from([0xc3]), Buffer.from([0xa9, 0x0a]), '\n', 'exit', '\n'])).toBeUndefined();
  });

  test.each<[string, Array<string | Buffer>]>([
    ['nothing-after-exit', ['exit\nmore\n']],
    ['nothing-after-exit', ['exit\n', 'x']],
    ['valid-utf8', [Buffer.from([0x61, 0xff, 0x0a])]],
    ['line-too-long', [Buffer.alloc(65_537, 0x61)]],
  ])('%s is named', (rule, chunks) => {
    expect(judgeChat(chunks)).toBe(rule);
  });
});

describe('a relay, judged by its first line on each connection (§3.6)', () => {
  const JOIN = '{"type":"relay_join","token":"s-1.caller.1767225630000.tB6tM3YbW0Cz2l9nQ7u4eXpJk1sRfVhA5dGyHiLoNqE"}';
  const raw = Buffer.from('not a line {"type":"nonsense"}\n\xff\xfe and more\n', 'latin1');

  test.each([1, 7, Infinity])('is silent on a pairing followed by raw bytes both ways (chunks of %s)', (chunk) => {
    const turns: Turn[] = [['grader', JOIN], ['grader', raw], ['program', '{"type":"relay_paired","session":"s-1"}'], ['program', raw], ['grader', raw]];
    expect(judge('relay-to-peer', turns, chunk)).toBeUndefined();
  });

  test('names a refusal without the field a BAD_MESSAGE needs', () => {
    expect(judge('relay-to-peer', [['grader', '{"type":"relay_join"}'], ['program', '{"type":"error","code":"BAD_MESSAGE","message":"no token"}']])).toBe('valid-message');
  });

  test('names a message the relay may not send', () => {
    expect(judge('relay-to-peer', [['grader', JOIN], ['program', '{"type":"welcome","username":"x","host":"h","port":1}']])).toBe('valid-message');
  });
});
