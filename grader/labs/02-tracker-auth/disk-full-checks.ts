// Lab 02's check of a tracker whose database stops growing (PROTOCOL §7: DISK_ERROR, "a file or the
// database cannot be read or written"): the tracker runs under a file-size limit (`ulimit -f`), as on
// a full disk. A registration the database could not store is DISK_ERROR, never USERNAME_TAKEN
// (the name is free) and never a welcome; the tracker lives on, and the accounts it did store still log in.
import { fail } from '../../engine/check-failure.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { connectClient, loginMessage, registerMessage, startTracker } from './tracker-harness.ts';

const PUSHES = ['presence', 'incoming', 'session_ended', 'ping'];
/** More registrations than any limit below leaves room for: rows, their index and the journal. */
const MAX_REGISTRATIONS = 120;

export const diskFullChecks: CheckDefinition[] = [
  {
    id: 'register.disk-full',
    step: 7,
    title: 'a database that cannot grow: the registration it could not store is DISK_ERROR (not USERNAME_TAKEN), and the tracker lives on',
    hint: 'tell a taken name (the primary key refused the row) apart from every other database error: only the first is USERNAME_TAKEN; any other failure is DISK_ERROR, and the connection stays usable',
    hints: ['catch the error of the insert and look at its code (SQLITE_CONSTRAINT_PRIMARYKEY for a taken name); SQLITE_FULL, SQLITE_IOERR and the rest mean the disk'],
    timeoutMs: 60_000,
    async run(ctx) {
      const limitKiB = ctx.random.pick([48, 64, 96]);
      const { port } = await startTracker(ctx, [], undefined, { fileSizeLimitBytes: limitKiB * 1024 });
      ctx.note(`your tracker runs under a file-size limit of ${limitKiB} KiB (ulimit -f): a write that grows its database past it fails, as on a full disk`);
      const why = 'a registration the database could not store is DISK_ERROR (PROTOCOL §7): the name is free, so USERNAME_TAKEN would send the user off to pick another one for nothing, and a welcome would promise an account that is not there';
      const stored: string[] = [];
      let client: JsonParty = await connectClient(ctx, port, 'a registering client');
      for (let i = 1; ; i += 1) {
        if (i > MAX_REGISTRATIONS) fail({ expected: `DISK_ERROR within ${MAX_REGISTRATIONS} registrations`, got: `all ${MAX_REGISTRATIONS} welcomed under a ${limitKiB} KiB limit`, why: 'accounts are kept in the SQLite database (README step 7), which has to grow for each one' });
        const username = `user${String(i).padStart(3, '0')}`;
        client.send(registerMessage(username));
        const answer = await client.expectOneOf(['welcome', 'error'], {}, { why, skip: PUSHES });
        if (answer.type === 'welcome') {
          stored.push(username);
          // One account per connection: log out by leaving, so the next one registers afresh.
          client.socket.destroy();
          client = await connectClient(ctx, port, 'a registering client');
          continue;
        }
        if (answer.code !== 'DISK_ERROR') fail({ expected: `error DISK_ERROR for ${username}, a free name`, got: JSON.stringify(answer), why });
        ctx.note(`${stored.length} accounts were stored before the database was full`);
        break;
      }
      const still = 'a full disk fails the writes, not the tracker: it keeps answering, and the accounts it stored still log in';
      await client.request({ type: 'ping' }, 'pong', {}, { why: still, skip: PUSHES });
      if (stored.length > 0) {
        const earlier = ctx.random.pick(stored);
        const again = await connectClient(ctx, port, `${earlier} again`);
        await again.request(loginMessage(earlier), 'welcome', { username: earlier }, { why: still, skip: PUSHES });
      }
    },
  },
];
