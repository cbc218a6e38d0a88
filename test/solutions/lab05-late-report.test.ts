// A report that comes after a restart (docs/PROTOCOL.md §3.3 close_session: "If it has already ended,
// the tracker only records your report"): the Lab 05 reference tracker is killed under an active
// session, starts again on the same database, and takes each peer's late close_session with ok.
import { once } from 'node:events';
import { afterEach, expect, test } from 'vitest';
import { JsonLines, ofType } from '../json-lines.ts';
import { PASSWORD, startReferenceTracker, stopTracker, type TrackerRun } from '../hardening/tracker-process.ts';

const runs: TrackerRun[] = [];
const clients: JsonLines[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  // Newest first: the restarted tracker runs in the folder of the one before it.
  for (const run of runs.splice(0).reverse()) await stopTracker(run);
});

async function logIn(run: TrackerRun, username: string, type: 'register' | 'login'): Promise<JsonLines> {
  const client = await JsonLines.dial(run.port);
  clients.push(client);
  await client.next(ofType('hello'));
  expect(await client.request({ type, username, password: PASSWORD, port: 5555 })).toMatchObject({ type: 'welcome' });
  return client;
}

test('a session the restart ended as interrupted takes both late reports, and only its peers\'', async () => {
  const first = await startReferenceTracker();
  runs.push(first);
  const alice = await logIn(first, 'alice', 'register');
  const bob = await logIn(first, 'bob', 'register');
  await logIn(first, 'carol', 'register');
  const info = await alice.request({ type: 'lookup', username: 'bob' });
  const session = info.session as string;
  expect(await alice.request({ type: 'session_started', session })).toMatchObject({ type: 'ok' });
  expect(await bob.request({ type: 'session_started', session })).toMatchObject({ type: 'ok' });
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');

  const again = await startReferenceTracker([], first.dir);
  runs.push(again);
  const report = { type: 'close_session', session, messages_sent: 3, files: [] };
  const carol = await logIn(again, 'carol', 'login');
  expect(await carol.request(report)).toMatchObject({ type: 'error', code: 'NO_SUCH_SESSION', re: 'close_session' });
  const aliceAgain = await logIn(again, 'alice', 'login');
  expect(await aliceAgain.request(report)).toEqual({ type: 'ok', re: 'close_session', id: expect.anything() });
  const bobAgain = await logIn(again, 'bob', 'login');
  expect(await bobAgain.request({ ...report, messages_sent: 2 })).toMatchObject({ type: 'ok', re: 'close_session' });
  expect(await aliceAgain.request({ type: 'close_session', session: 's-never-was', messages_sent: 0, files: [] })).toMatchObject({ type: 'error', code: 'NO_SUCH_SESSION' });

  const history = await aliceAgain.request({ type: 'history' });
  expect(history.sessions).toEqual([expect.objectContaining({ session, reason: 'interrupted', messages: { alice: 3, bob: 2 } })]);
});
