// Lab 04's check of whohas with many holders (PROTOCOL §3.2 holders): at most MAX_HOLDERS_PER_FILE,
// oldest login first (not first share, not by name), never the asker, each with its own size, hash and
// port. Logins, shares and who asks are drawn; now and then a holder logs in again and goes last.
import { MAX_HOLDERS_PER_FILE } from '#kit/protocol/limits.ts';
import { createHash } from 'node:crypto';
import { shuffled } from '../../engine/inputs/shuffled.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { connectClient, loginMessage, logout, registerMessage, startTracker } from '../02-tracker-auth/tracker-harness.ts';

const PUSHES = ['presence', 'incoming', 'session_ended', 'ping'];
const POOL = ['yara', 'alice', 'moe', 'bob', 'zoe', 'carol', 'dev', 'kim', 'luz'];

interface Holder {
  username: string;
  port: number;
  client: JsonParty;
  file: { name: string; size: number; sha256: string };
}

export const holdersOrderChecks: CheckDefinition[] = [
  {
    id: 'index.holders-order',
    step: 4,
    title: `whohas lists at most ${MAX_HOLDERS_PER_FILE} holders, oldest login first, never the asker, each with its own copy`,
    hint: `keep the online users in login order (a new login goes last); list the holders of a name in that order, skip the asker, and stop at MAX_HOLDERS_PER_FILE (${MAX_HOLDERS_PER_FILE})`,
    hints: ['the order of shares or of names says nothing about who has been around longest: only the login does'],
    timeoutMs: 30_000,
    async run(ctx) {
      const { port } = await startTracker(ctx);
      // Always more holders than the cap, besides the asker (index.lists has one holder).
      const count = ctx.random.int(MAX_HOLDERS_PER_FILE + 2, POOL.length);
      const names = shuffled(ctx.random, POOL).slice(0, count);
      const name = ctx.random.pick(['report.pdf', 'notes.txt', 'Ünïcode ✓.md']);
      const holders: Holder[] = [];
      for (const [i, username] of names.entries()) {
        const client = await connectClient(ctx, port, username);
        const listen = 7000 + i;
        await client.request(registerMessage(username, undefined, listen), 'welcome', { username }, { why: 'logged in first', skip: PUSHES });
        // Most share the same bytes; some another version of the file, under the same name.
        const body = ctx.random.int(0, 3) === 0 ? `${username}'s own version` : 'the shared version';
        holders.push({ username, port: listen, client, file: { name, size: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex') } });
      }
      // Shares in another drawn order than the logins.
      for (const holder of shuffled(ctx.random, holders)) {
        await holder.client.request({ type: 'share', files: [holder.file] }, 'shared', { count: 1 }, { why: `${holder.username} shares ${name}`, skip: PUSHES });
      }
      // Sometimes one logs out and in again: a new login, so now the newest.
      if (ctx.random.int(0, 1) === 1) {
        const again = holders.splice(ctx.random.int(0, holders.length - 2), 1)[0]!;
        await logout(again.client);
        const client = await connectClient(ctx, port, `${again.username} again`);
        await client.request(loginMessage(again.username, undefined, again.port), 'welcome', { username: again.username }, { why: `${again.username} logs in again`, skip: PUSHES });
        await client.request({ type: 'share', files: [again.file] }, 'shared', { count: 1 }, { why: `${again.username} shares ${name} again`, skip: PUSHES });
        holders.push({ ...again, client });
      }
      const asker = ctx.random.pick(holders);
      const listed = holders.filter((h) => h !== asker).slice(0, MAX_HOLDERS_PER_FILE);
      ctx.note(`logins, oldest first: ${holders.map((h) => h.username).join(', ')}; ${asker.username} asks`);
      const why = `holders come oldest login first, at most ${MAX_HOLDERS_PER_FILE}, never the asker itself, each with the size and SHA-256 it shared (PROTOCOL §3.2 holders)`;
      await asker.client.request({ type: 'whohas', names: [name] }, 'holders', { files: [{ name, holders: listed.map((h) => ({ username: h.username, host: '127.0.0.1', port: h.port, size: h.file.size, sha256: h.file.sha256 })) }] }, { why, skip: PUSHES });
    },
  },
];
