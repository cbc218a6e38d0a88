// The final app in the student edition runs on the student's own labs (package.json's #labs/* points
// at labs/ there). On the starters, npm start shows what the tracker needs instead of crashing; as the
// student finishes labs (the references copied in), a browser peer logs in on the student's tracker,
// and what still waits for a later lab says so on the page.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { logInThroughPage } from '../../final/demo/auto-login.ts';
import type { ToDashboard } from '../../final/shared/dashboard-snapshot.ts';
import type { ToPage } from '../../final/shared/peer-page-messages.ts';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { writeStudentEdition } from '../../grader/workflow/student-edition.ts';
import { isRunning, startProgram, type Started } from '../final/final-processes.ts';
import { firstLiveMessage } from './first-live-message.ts';
import { removeFolder, shareNodeModules, temporaryFolder } from './kit-copy.ts';

let parent: string;
let edition: string;
const started: Started[] = [];

beforeAll(() => {
  parent = temporaryFolder('edition-app');
  edition = join(parent, 'sharing-is-caring');
  writeStudentEdition(REPO_ROOT, edition, { withGit: false });
  shareNodeModules(edition);
});

afterAll(async () => {
  await Promise.all(started.map((program) => program.stop()));
  removeFolder(parent);
});

async function start(script: string, args: string[]): Promise<Started> {
  const program = await startProgram(join(edition, script), [...args, '--json']);
  started.push(program);
  return program;
}

/** The student finished these labs: their references take the starters' place. */
function finish(...labs: string[]): void {
  for (const lab of labs) cpSync(join(REPO_ROOT, 'solutions', lab), join(edition, 'labs', lab), { recursive: true });
}

function events(program: Started): Array<Record<string, unknown>> {
  return program
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the final app in the student edition', () => {
  test('npm start on the starters: the tracker says it needs Lab 02, step 7, the pages run, Ctrl+C stops all', async () => {
    const demo = await start('final/demo.ts', ['--port', '0', '--ui-port', '0', '--data', join(parent, 'demo')]);
    expect(events(demo)).toContainEqual(expect.objectContaining({ event: 'lab_needed', program: 'tracker', lab: '02', step: 7, file: 'labs/02-tracker-auth/database.ts', part: 'the tracker' }));
    expect(demo.ready.tracker).toBeNull();

    const { snapshot } = await firstLiveMessage<ToDashboard>(demo.ready.dashboard as string);
    expect(snapshot.tracker.port).toBeNull();
    expect(snapshot.needs).toEqual([expect.objectContaining({ lab: '02', step: 7, file: 'labs/02-tracker-auth/database.ts' })]);
    expect(snapshot.slides).toBe(false);
    for (const page of Object.values(demo.ready.peers as Record<string, string>)) expect((await fetch(page)).status).toBe(200);

    const pids = demo.ready.pids as number[];
    expect(pids).toHaveLength(5); // the tracker and four peers: without a database, no relay is started
    expect(await demo.stop()).toBe(0);
    expect(pids.filter(isRunning)).toEqual([]);
  }, 60_000);

  test("with Labs 01–02 done, a page logs in on the student's tracker, then says the peer needs Lab 03", async () => {
    finish('01-two-peers', '02-tracker-auth');
    const tracker = await start('final/tracker/main.ts', ['--port', '0', '--ui-port', '0', '--db', join(parent, 'tracker-02.db'), '--scrypt-n', '1024']);
    const peer = await start('final/peer/main.ts', ['--tracker', `127.0.0.1:${tracker.ready.port as number}`, '--ui-port', '0']);
    const login = await logInThroughPage(peer.ready.ui as string, 'alice', 'alice-password-1', 'new');
    login.close();
    const ended = async (): Promise<Array<Record<string, unknown>>> => {
      for (;;) {
        const { snapshot } = (await firstLiveMessage<ToPage>(peer.ready.ui as string)) as Extract<ToPage, { kind: 'snapshot' }>;
        if (snapshot.events.some((event) => event.event === 'cycle_ended')) return snapshot.events;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const seen = await ended();
    expect(seen).toContainEqual(expect.objectContaining({ event: 'lab_needed', lab: '03', step: 6, file: 'labs/03-roster-and-direct/peer-app.ts', part: 'the peer once logged in' }));
    expect(seen).toContainEqual({ event: 'cycle_ended', how: 'unfinished' });
  }, 60_000);

  test("with Labs 01–03 done, a page logs in on the student's tracker and shows what waits for Lab 04", async () => {
    finish('03-roster-and-direct');
    const tracker = await start('final/tracker/main.ts', ['--port', '0', '--ui-port', '0', '--db', join(parent, 'tracker.db'), '--scrypt-n', '1024']);
    // Only Lab 06 waits at the start: its relay (started beside the tracker) and its rooms (made with
    // the tracker's features). The tracker runs without them.
    const needs = events(tracker).filter((event) => event.event === 'lab_needed');
    expect(needs.map((need) => need.file).sort()).toEqual(['labs/06-rooms-and-relay/relay-server.ts', 'labs/06-rooms-and-relay/rooms-feature.ts']);
    expect(tracker.ready.port).toEqual(expect.any(Number));
    expect(tracker.ready.relay).toBeNull();
    const shared = join(parent, 'shared');
    mkdirSync(shared);
    const peer = await start('final/peer/main.ts', ['--tracker', `127.0.0.1:${tracker.ready.port as number}`, '--ui-port', '0', '--shared', shared, '--downloads', join(parent, 'downloads')]);

    const login = await logInThroughPage(peer.ready.ui as string, 'alice', 'alice-password-1', 'new');
    login.close();
    // Logged in, the peer reads its shared folder with Lab 04's starter, and the inspector frames the
    // tracker's lines with Lab 04's frame reader: the page gets both needs, also a page opened now.
    const lab04Needs = async (): Promise<Array<Record<string, unknown>>> => {
      for (;;) {
        const { snapshot } = (await firstLiveMessage<ToPage>(peer.ready.ui as string)) as Extract<ToPage, { kind: 'snapshot' }>;
        const needs = snapshot.events.filter((event) => event.event === 'lab_needed' && event.lab === '04');
        if (needs.length >= 2) return needs;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    expect(await lab04Needs()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ step: 4, file: 'labs/04-file-transfer/shared-folder.ts', part: 'your shared files' }),
        expect.objectContaining({ step: 1, file: 'labs/04-file-transfer/frame-reader.ts', part: 'the protocol inspector' }),
      ]),
    );
    expect(events(peer)).toContainEqual(expect.objectContaining({ event: 'logged_in', username: 'alice' }));
    expect(events(tracker)).toContainEqual(expect.objectContaining({ event: 'registered', username: 'alice' }));
  }, 60_000);
});
