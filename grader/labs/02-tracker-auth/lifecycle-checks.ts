// Lab 02's checks of how the tracker stops (PROTOCOL §9.1): Ctrl+C or a SIGTERM closes every
// connection and the database, and the process exits 0.
import { shuffled } from '../../engine/inputs/shuffled.ts';
import { drawUsernames } from '../../engine/inputs/usernames.ts';
import type { JsonParty } from '../../engine/json-party.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { connectClient, FAST_HASHING, loginMessage, registerUser, startTracker } from './tracker-harness.ts';

export const lifecycleChecks: CheckDefinition[] = [
  {
    id: 'tracker.stops',
    // Step 7: it logs users in again after the restart, which needs the table kept across starts.
    step: 7,
    title: 'Ctrl+C or SIGTERM stops the tracker: every connection closed, exit code 0, and the accounts kept',
    hint: 'close() destroys every open socket (keep them in a Set) before it closes the server: server.close() alone waits for the clients to leave',
    async run(ctx) {
      const run = await startTracker(ctx, FAST_HASHING);
      // Connections in both states: logged in, and greeted only.
      const names = drawUsernames(ctx.random, ctx.random.int(1, 3));
      const clients: JsonParty[] = [];
      for (const name of names) clients.push(await registerUser(ctx, run.port, name));
      for (let i = ctx.random.int(1, 2); i > 0; i -= 1) clients.push(await connectClient(ctx, run.port, `a greeted client ${i}`));
      const signal = ctx.random.pick(['SIGINT', 'SIGTERM'] as const);
      run.tracker.signal(signal);
      const why = `PROTOCOL §9.1: ${signal === 'SIGINT' ? 'Ctrl+C (SIGINT)' : 'SIGTERM'} stops the tracker: it closes every connection and its database and exits 0`;
      for (const client of shuffled(ctx.random, clients)) await client.socket.expectClosedByPeer({ why });
      await run.tracker.expectExit(0, { why });
      run.tracker.expectNoStackTrace(why);
      const again = await startTracker(ctx, FAST_HASHING, run.db);
      const back = await connectClient(ctx, again.port, `${names[0]}'s client, after the restart`);
      await back.request(loginMessage(names[0]!), 'welcome', { username: names[0] }, { why: 'a stop loses no account (README step 7)' });
    },
  },
  {
    id: 'tracker.logged-out',
    step: 9,
    title: 'the tracker prints logged_out with why each user left: logout, lost (FIN or reset) or timeout (silence)',
    hint: 'when a logged-in connection ends, print logged_out with reason logout after a logout, timeout when the heartbeat dropped it, and lost for anything else',
    timeoutMs: 20_000,
    async run(ctx) {
      const heartbeatMs = ctx.random.int(400, 700);
      const run = await startTracker(ctx, ['--heartbeat-timeout', String(heartbeatMs), ...FAST_HASHING]);
      const ways = shuffled(ctx.random, ['logout', 'FIN', 'reset', 'silence'] as const);
      const names = drawUsernames(ctx.random, ways.length);
      for (const [i, way] of ways.entries()) {
        const name = names[i]!;
        const client = await registerUser(ctx, run.port, name);
        if (way === 'logout') await client.request({ type: 'logout' }, 'ok', { re: 'logout' }, { why: 'a logout is answered ok' });
        else if (way === 'FIN') client.socket.end();
        else if (way === 'reset') client.socket.reset();
        else ctx.note(`${name} says nothing for longer than --heartbeat-timeout (${heartbeatMs} ms)`);
        const reason = { logout: 'logout', FIN: 'lost', reset: 'lost', silence: 'timeout' }[way];
        await run.tracker.expectEvent('logged_out', { username: name, reason }, { why: `PROTOCOL §9.3: ${name} left by ${way}, so logged_out says ${reason}; the operator reads from it why people leave`, timeoutMs: heartbeatMs * 3 + 2_000 });
      }
    },
  },
];
