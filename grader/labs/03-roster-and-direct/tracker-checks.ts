// Lab 03's checks of the tracker (README steps 1, 2, 3 and 5): the roster, presence, lookups with
// tickets, and the set of active sessions, played by scripted peers.
import net from 'node:net';
import { setTimeout as pause } from 'node:timers/promises';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import type { Message } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { logout, PASSWORD, registerMessage, startTracker } from '../02-tracker-auth/tracker-harness.ts';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import { online, opts, startSession } from './tracker-moves.ts';

function usernames(roster: Message): string[] {
  return Array.isArray(roster.users) ? roster.users.map((u: { username?: unknown }) => String(u.username)) : [];
}

/** How long roster.leaves gives the tracker to notice a reset connection. */
const NOTICE_MS = 3_000;

/** How many users roster.pages puts online: one more than a page. */
const CROWD = 501;
const ROSTER_PAGE = 500;

/**
 * Registers `count` users on plain sockets (not recorded: 501 transcripts would drown the story),
 * a few at a time, each staying online; resolves when every one got its welcome.
 */
async function crowd(ctx: CheckContext, port: number, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `user${String(i).padStart(4, '0')}`);
  const sockets: net.Socket[] = [];
  ctx.defer(() => { for (const socket of sockets) socket.destroy(); });
  const one = (name: string) => new Promise<void>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    sockets.push(socket);
    let seen = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      seen += chunk;
      if (seen.includes('"welcome"')) { seen = ''; resolve(); socket.removeAllListeners('data'); socket.resume(); }
      else if (seen.includes('"error"')) reject(new Error(`${name}: ${seen.trim().split('\n').pop() ?? ''}`));
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`${name}: the tracker closed the connection before welcome`)));
    socket.write(`${JSON.stringify(registerMessage(name, PASSWORD, 7000))}\n`);
  });
  for (let i = 0; i < names.length; i += 25) {
    try {
      await Promise.all(names.slice(i, i + 25).map(one));
    } catch (error) {
      fail({ expected: `${count} users registered and logged in`, got: String(error), why: 'roster.pages needs more users online than fit one page' });
    }
  }
  ctx.note(`the grader registered ${count} users (${names[0]} … ${names.at(-1)}) on plain connections; they stay online`);
  return names;
}

export const trackerChecks: CheckDefinition[] = [
  {
    id: 'roster.lists',
    step: 1,
    title: 'list answers every logged-in user, oldest login first, with since and busy',
    hint: 'build the roster from the peers that are online now; sort by login time',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      await online(ctx, port, 'bob', 6002);
      const roster = await alice.request({ type: 'list' }, 'roster', {}, opts('list is how a peer learns who is online (\\GET_CLIENT_LIST)'));
      const users = roster.users as Array<Record<string, unknown>>;
      if (JSON.stringify(usernames(roster)) !== '["alice","bob"]' || users.some((u) => u.busy !== false)) {
        fail({ expected: 'users alice then bob, both busy: false', got: JSON.stringify(roster), why: 'the roster lists whoever is logged in now, in login order; nobody is in a session yet' });
      }
    },
  },
  {
    id: 'roster.leaves',
    step: 1,
    title: 'users who logged out or lost their connection are not in the roster',
    hint: 'remove a user from the online set both on logout and when the socket closes',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const bob = await online(ctx, port, 'bob', 6002);
      const carol = await online(ctx, port, 'carol', 6003);
      // Asked once while everyone is there: a tracker that keeps a roster it built must update it.
      await alice.request({ type: 'list' }, 'roster', {}, opts('list while alice, bob and carol are online'));
      await logout(bob);
      carol.socket.reset();
      // The tracker learns of the reset when carol's socket closes, a moment later: alice asks again
      // until then (presence left, which says that moment, is Step 2's).
      const why = 'a roster that lists people who left sends others to dial a dead port';
      const until = performance.now() + NOTICE_MS;
      for (let ask = 1; ; ask += 1) {
        const roster = await alice.request({ type: 'list' }, 'roster', {}, opts(ask === 1 ? 'list after two users left' : 'list again'));
        if (JSON.stringify(usernames(roster)) === '["alice"]') break;
        if (performance.now() > until) fail({ expected: `only alice in the roster within ${NOTICE_MS / 1000} s`, got: JSON.stringify(roster), why });
        await pause(100);
      }
    },
  },
  {
    id: 'roster.pages',
    step: 1,
    title: 'with more than 500 online, list sends pages of at most 500 from offset, with total',
    hint: 'sort everyone as usual, then reply with the slice from offset (at most 500) and total = how many are online',
    timeoutMs: 60_000,
    async run(ctx) {
      const { port } = await startTracker(ctx, ['--scrypt-n', '1024', '--max-per-ip', '2000']);
      const names = await crowd(ctx, port, CROWD - 1);
      const probe = await online(ctx, port, 'zoe', 6001);
      const everyone = [...names, 'zoe'];
      const first = await probe.request({ type: 'list' }, 'roster', {}, opts('the first page: no offset means offset 0'));
      const second = await probe.request({ type: 'list', offset: ROSTER_PAGE }, 'roster', {}, opts('the second page starts where the first ended'));
      const why = 'a roster line of 10,000 users would not fit in 64 KiB: a peer pages with offset until it has total users';
      for (const [label, page, size] of [['first', first, ROSTER_PAGE], ['second', second, 1]] as const) {
        const count = Array.isArray(page.users) ? page.users.length : -1;
        if (count !== size || page.total !== CROWD) {
          fail({ expected: `the ${label} page: ${size} users and total ${CROWD}`, got: `${count} users, total ${JSON.stringify(page.total)}`, why });
        }
      }
      const union = [...usernames(first), ...usernames(second)];
      const missing = everyone.filter((name) => !union.includes(name));
      if (union.length !== CROWD || new Set(union).size !== CROWD || missing.length > 0) {
        fail({ expected: `the two pages together: all ${CROWD} users, each exactly once`, got: `${union.length} entries, ${new Set(union).size} different; missing: ${missing.slice(0, 5).join(', ') || 'none'}`, why });
      }
      if (usernames(second)[0] !== 'zoe') {
        fail({ expected: 'zoe, the last to log in, alone on the second page', got: JSON.stringify(second.users), why: 'pages follow the roster order, oldest login first' });
      }
    },
  },
  {
    id: 'presence.joined',
    step: 2,
    title: 'a login is pushed to every other peer as presence joined, not to the user itself',
    hint: 'after the welcome, send presence joined to every online peer except the new one',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const bob = await online(ctx, port, 'bob', 6002);
      const joined = await alice.expect('presence', { event: 'joined', username: 'bob' }, { why: 'peers learn who arrives without polling' });
      if (typeof joined.since !== 'string') fail({ expected: 'presence joined with since', got: JSON.stringify(joined), why: 'since says when the user logged in' });
      await bob.request({ type: 'ping' }, 'pong', {}, { why: 'bob gets no presence about himself: the next thing he receives is the pong' });
    },
  },
  {
    id: 'presence.left',
    step: 2,
    title: 'a logout or a lost connection is pushed to the others as presence left',
    hint: 'whatever ends a logged-in connection (logout, close, reset), tell the others',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const bob = await online(ctx, port, 'bob', 6002);
      const carol = await online(ctx, port, 'carol', 6003);
      await logout(bob);
      await alice.expect('presence', { event: 'left', username: 'bob' }, { why: 'bob logged out', skip: ['presence', 'ping'] });
      carol.socket.reset();
      await alice.expect('presence', { event: 'left', username: 'carol' }, { why: "carol's connection was reset: she is gone too", skip: ['presence', 'ping'] });
    },
  },
  {
    id: 'lookup.ticket',
    step: 3,
    title: 'a lookup tells the callee to expect the caller, and answers with address and the same ticket',
    hint: 'make a random ticket and session id, push incoming to the callee first, then reply peer_info',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const bob = await online(ctx, port, 'bob', 6002);
      const info = await alice.request({ type: 'lookup', username: 'bob' }, 'peer_info', { username: 'bob', host: '127.0.0.1', port: 6002 }, opts('peer_info says where bob listens (\\GET_CLIENT_INFO)'));
      await bob.expect('incoming', { from: 'alice', ticket: info.ticket, session: info.session }, { why: 'bob can only check alice\'s ticket if the tracker told him about it', skip: ['presence', 'ping'] });
    },
  },
  {
    id: 'lookup.errors',
    step: 3,
    title: 'unknown, offline and self lookups get NO_SUCH_USER, USER_OFFLINE and SELF_LOOKUP',
    hint: 'tell the three apart: no account at all, an account that is not online, yourself',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      await logout(await online(ctx, port, 'bob', 6002));
      const why = 'each case needs a different answer for the user: check the name, wait for them, or pick someone else';
      await alice.request({ type: 'lookup', username: 'nobody' }, 'error', { code: 'NO_SUCH_USER' }, opts(why));
      await alice.request({ type: 'lookup', username: 'bob' }, 'error', { code: 'USER_OFFLINE' }, opts(why));
      await alice.request({ type: 'lookup', username: 'alice' }, 'error', { code: 'SELF_LOOKUP' }, opts(why));
    },
  },
  {
    id: 'lookup.fresh-tickets',
    step: 3,
    title: 'every lookup issues a new ticket and session id',
    hint: 'crypto.randomBytes(16).toString("base64url") for each ticket; never reuse one',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const carol = await online(ctx, port, 'carol', 6003);
      await online(ctx, port, 'bob', 6002);
      const first = await alice.request({ type: 'lookup', username: 'bob' }, 'peer_info', {}, opts('a first lookup'));
      const second = await alice.request({ type: 'lookup', username: 'bob' }, 'peer_info', {}, opts('a second lookup'));
      const third = await carol.request({ type: 'lookup', username: 'bob' }, 'peer_info', {}, opts('another caller'));
      const tickets = new Set([first.ticket, second.ticket, third.ticket]);
      const sessions = new Set([first.session, second.session, third.session]);
      if (tickets.size !== 3 || sessions.size !== 3) {
        fail({ expected: 'three different tickets and session ids', got: `tickets ${[...tickets].join(', ')}; sessions ${[...sessions].join(', ')}`, why: 'a ticket that can be predicted or reused lets anyone who saw one pose as its caller' });
      }
    },
  },
  {
    id: 'sessions.active',
    step: 5,
    title: 'a session is active once both peers confirmed, listed by sessions, and makes both busy',
    hint: 'keep pending sessions apart from active ones; only the second session_started makes it active',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const bob = await online(ctx, port, 'bob', 6002);
      const info = await alice.request({ type: 'lookup', username: 'bob' }, 'peer_info', {}, opts('alice looks bob up'));
      await bob.expect('incoming', { session: info.session }, { why: 'bob is told', skip: ['presence', 'ping'] });
      await alice.request({ type: 'session_started', session: info.session }, 'ok', {}, opts('alice confirms'));
      await alice.request({ type: 'sessions' }, 'sessions', { active: [] }, opts('one confirmation is not enough: bob has not confirmed'));
      await bob.request({ type: 'session_started', session: info.session }, 'ok', {}, opts('bob confirms'));
      const listed = await alice.request({ type: 'sessions' }, 'sessions', {}, opts('now both confirmed'));
      const active = listed.active as Array<Record<string, unknown>>;
      if (active.length !== 1 || active[0]?.session !== info.session || JSON.stringify(active[0]?.peers) !== '["alice","bob"]') {
        fail({ expected: `one active session ${String(info.session)} with peers ["alice","bob"]`, got: JSON.stringify(listed), why: 'the tracker keeps track of every active session (assignment A1, see docs/COURSE.md)' });
      }
      const roster = await alice.request({ type: 'list' }, 'roster', {}, opts('the roster shows who is busy'));
      if ((roster.users as Array<Record<string, unknown>>).some((u) => u.busy !== true)) {
        fail({ expected: 'alice and bob busy: true', got: JSON.stringify(roster), why: 'busy tells others that a user is already in a session' });
      }
    },
  },
  {
    id: 'sessions.not-yours',
    step: 5,
    title: "confirming somebody else's session gets NO_SUCH_SESSION",
    hint: 'a session can only be confirmed by one of its two peers',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      await online(ctx, port, 'bob', 6002);
      const carol = await online(ctx, port, 'carol', 6003);
      const info = await alice.request({ type: 'lookup', username: 'bob' }, 'peer_info', {}, opts('alice looks bob up'));
      await carol.request({ type: 'session_started', session: info.session }, 'error', { code: 'NO_SUCH_SESSION' }, opts('carol is not part of this session'));
    },
  },
  {
    id: 'sessions.close',
    step: 5,
    title: 'close_session ends it: ok, the other peer gets session_ended, nobody is busy',
    hint: 'end the active session, tell the other peer with session_ended (reason closed, by who closed)',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const bob = await online(ctx, port, 'bob', 6002);
      const session = await startSession(alice, bob);
      await alice.request({ type: 'close_session', session, messages_sent: 2, files: [] }, 'ok', { re: 'close_session' }, opts('alice closes the session'));
      await bob.expect('session_ended', { session, reason: 'closed', by: 'alice' }, { why: 'bob must learn that alice closed it (\\CLOSE_SESSION)', skip: ['presence', 'ping'] });
      await alice.request({ type: 'sessions' }, 'sessions', { active: [] }, opts('a closed session leaves the active set'));
    },
  },
  {
    id: 'sessions.peer-leaves',
    step: 5,
    title: "a peer who logs out, closes or vanishes ends its sessions, and the other peer is told why",
    hint: 'when a user leaves for any reason, end each of their sessions: reason disconnected after a logout, lost otherwise (a FIN without logout, a reset)',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      // One partner per way of leaving (§3.2 session_ended: disconnected after logout, lost otherwise), in a drawn order.
      const ways = shuffled(ctx.random, ['logout', 'end', 'reset'] as const);
      const partners = drawUsernames(ctx.random, 4).filter((name) => name !== 'alice').slice(0, 3);
      const sessions: string[] = [];
      for (const [i, way] of ways.entries()) {
        const name = partners[i]!;
        const partner = await online(ctx, port, name, 6002 + i);
        const session = await startSession(alice, partner, 'alice', name);
        sessions.push(session);
        if (way === 'logout') await partner.request({ type: 'logout' }, 'ok', { re: 'logout' }, opts('a logout is answered ok'));
        if (way === 'reset') partner.socket.reset();
        else partner.socket.end();
        const reason = way === 'logout' ? 'disconnected' : 'lost';
        const how = { logout: 'logged out', end: 'closed its connection without logout', reset: "reset its connection" }[way];
        await alice.expect('session_ended', { session, reason, by: name }, { why: `${name} ${how}: the session ends with reason ${reason} (PROTOCOL §5.5), and alice must not wait for ${name}'s answers`, skip: ['presence', 'ping'] });
      }
      await alice.request({ type: 'sessions' }, 'sessions', { active: [] }, opts('the active set no longer holds any of them'));
    },
  },
];

