// Lab 04's checks of the tracker's file index (README step 4), played by scripted peers.
import type { CheckContext } from '../../engine/check-context.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { connectClient, logout, registerMessage, startTracker } from '../02-tracker-auth/tracker-harness.ts';

const PUSHES = ['presence', 'incoming', 'session_ended', 'ping'];
const A = { name: 'a.txt', size: 5, sha256: '8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8' };
const B = { name: 'b.pdf', size: 1024, sha256: '5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef' };

async function online(ctx: CheckContext, port: number, name: string, listen: number): Promise<JsonParty> {
  const client = await connectClient(ctx, port, name);
  await client.request(registerMessage(name, undefined, listen), 'welcome', { username: name }, { why: 'logged in first', skip: PUSHES });
  return client;
}

export const indexChecks: CheckDefinition[] = [
  {
    id: 'index.lists',
    step: 4,
    title: 'whohas lists the peers that shared a file, with where they listen, its size and hash',
    hint: 'keep, per online user, the files of their last share; whohas looks each name up across users',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const bob = await online(ctx, port, 'bob', 6002);
      await alice.request({ type: 'share', files: [A, B] }, 'shared', { count: 2 }, { why: 'share announces the files a peer holds (assignment A3\'s UPDATE, see docs/COURSE.md)', skip: PUSHES });
      await bob.request({ type: 'whohas', names: ['a.txt'] }, 'holders', { files: [{ name: 'a.txt', holders: [{ username: 'alice', host: '127.0.0.1', port: 6001, ...{ size: A.size, sha256: A.sha256 } }] }] }, { why: 'whohas answers who holds each file and where to dial them', skip: PUSHES });
    },
  },
  {
    id: 'index.unknown',
    step: 4,
    title: 'a file nobody shares gets error NO_SUCH_FILE in its holders entry',
    hint: 'an entry with no holder is {name, error: "NO_SUCH_FILE"}; the other names are still answered',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const bob = await online(ctx, port, 'bob', 6002);
      await alice.request({ type: 'share', files: [A] }, 'shared', { count: 1 }, { why: 'alice shares a.txt', skip: PUSHES });
      await bob.request({ type: 'whohas', names: ['nope.txt', 'a.txt'] }, 'holders', { files: [{ name: 'nope.txt', error: 'NO_SUCH_FILE' }, { name: 'a.txt', holders: [{ username: 'alice', host: '127.0.0.1', port: 6001, size: A.size, sha256: A.sha256 }] }] }, { why: 'assignment A3 asks for an error code when a file does not exist (see docs/COURSE.md)', skip: PUSHES });
    },
  },
  {
    id: 'index.forgets',
    step: 4,
    title: 'the files of a peer that leaves are forgotten',
    hint: 'when a user leaves (logout or lost connection), drop their shared list',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const carol = await online(ctx, port, 'carol', 6003);
      const bob = await online(ctx, port, 'bob', 6002);
      await alice.request({ type: 'share', files: [A] }, 'shared', { count: 1 }, { why: 'alice shares a.txt', skip: PUSHES });
      await carol.request({ type: 'share', files: [B] }, 'shared', { count: 1 }, { why: 'carol shares b.pdf', skip: PUSHES });
      await logout(alice);
      carol.socket.reset();
      await bob.expect('presence', { event: 'left', username: 'carol' }, { why: 'the tracker notices carol is gone', skip: PUSHES });
      const again = await connectClient(ctx, port, 'alice again');
      await again.request({ type: 'login', username: 'alice', password: 'correct horse battery', port: 6001 }, 'welcome', { username: 'alice' }, { why: 'alice comes back, but has not shared anything yet', skip: PUSHES });
      const why = 'a peer that left cannot serve its files, and when it comes back its old list may be stale';
      await bob.request({ type: 'whohas', names: ['a.txt', 'b.pdf'] }, 'holders', { files: [{ name: 'a.txt', error: 'NO_SUCH_FILE' }, { name: 'b.pdf', error: 'NO_SUCH_FILE' }] }, { why, skip: PUSHES });
    },
  },
  {
    id: 'index.replace-append',
    step: 4,
    title: 'share replaces the list; share with append: true adds to it',
    hint: 'without append, the new list replaces the old one entirely',
    async run(ctx) {
      const { port } = await startTracker(ctx);
      const alice = await online(ctx, port, 'alice', 6001);
      const bob = await online(ctx, port, 'bob', 6002);
      const why = 'a peer re-announces its folder after files were deleted or added';
      await alice.request({ type: 'share', files: [A] }, 'shared', { count: 1 }, { why, skip: PUSHES });
      await alice.request({ type: 'share', files: [B], append: true }, 'shared', { count: 2 }, { why, skip: PUSHES });
      await alice.request({ type: 'share', files: [B] }, 'shared', { count: 1 }, { why, skip: PUSHES });
      await bob.request({ type: 'whohas', names: ['a.txt'] }, 'holders', { files: [{ name: 'a.txt', error: 'NO_SUCH_FILE' }] }, { why, skip: PUSHES });
    },
  },
];
