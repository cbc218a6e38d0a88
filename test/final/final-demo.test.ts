// npm start: the demo starts a tracker with its dashboard and relay and four peers with shared files,
// logs carol and dan in, stages the failover (her dataset.csv changed after she shared it), puts them
// in a room and opens a relayed session between them (nobody can dial dan), prints where to go, and
// Ctrl+C stops every program it started.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSnapshot, ToDashboard } from '../../final/shared/dashboard-snapshot.ts';
import { isRunning, startProgram, type Started } from './final-processes.ts';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function dashboardSnapshot(url: string): Promise<DashboardSnapshot> {
  const origin = url.replace(/\/$/, '');
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/live`, { origin });
    socket.on('message', (data) => {
      resolve((JSON.parse(String(data)) as ToDashboard).snapshot);
      socket.close();
    });
    socket.on('error', reject);
  });
}

describe('npm start', () => {
  let data: string;
  let demo: Started;

  beforeAll(async () => {
    data = join(mkdtempSync(join(tmpdir(), 'final-demo-')), 'demo');
    demo = await startProgram('final/demo.ts', ['--port', '0', '--ui-port', '0', '--data', data, '--json']);
  }, 45_000);

  afterAll(async () => {
    await demo?.stop();
    if (data) rmSync(join(data, '..'), { recursive: true, force: true });
  });

  it('starts the tracker, the dashboard and four peers, with carol and dan logged in and sharing', async () => {
    const peers = demo.ready.peers as Record<string, string>;
    expect(Object.keys(peers)).toEqual(['alice', 'bob', 'carol', 'dan']);
    for (const url of [demo.ready.dashboard as string, ...Object.values(peers)]) expect((await fetch(url)).status).toBe(200);
    expect(existsSync(join(data, 'tracker.db'))).toBe(true);
    const snapshot = await dashboardSnapshot(demo.ready.dashboard as string);
    expect(snapshot.online.map((row) => [row.username, row.sharedFiles])).toEqual([['carol', 2], ['dan', 1]]);
    // The staged fault: the same name and size as bob's, other bytes.
    const bob = join(data, 'bob', 'shared', 'dataset.csv');
    const carol = join(data, 'carol', 'shared', 'dataset.csv');
    expect(readFileSync(carol).length).toBe(readFileSync(bob).length);
    expect(sha256(carol)).not.toBe(sha256(bob));
    expect(snapshot.index.find((row) => row.name === 'dataset.csv')?.sha256).toBe(sha256(bob));
  });

  it('puts carol and dan in a room, and their session through the relay (dan cannot be dialled)', async () => {
    const snapshot = await dashboardSnapshot(demo.ready.dashboard as string);
    expect(snapshot.rooms).toMatchObject({ rooms: 1, members: [2] });
    expect(snapshot.rooms.messages).toBeGreaterThanOrEqual(1);
    expect(snapshot.relay.running).toBe(true);
    expect(snapshot.relayed.map((row) => [row.peers, row.state])).toEqual([[['carol', 'dan'], 'paired']]);
    expect(snapshot.active.map((row) => [row.peers, row.relayed])).toEqual([[['carol', 'dan'], true]]);
    // The room's code is told to the presenter, and shown nowhere on the dashboard.
    const code = demo.ready.room as string;
    expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
    expect(JSON.stringify(snapshot)).not.toContain(code);
  });

  it('stops every program on Ctrl+C', async () => {
    const pids = demo.ready.pids as number[];
    expect(pids).toHaveLength(6); // the tracker, its relay and four peers
    expect(await demo.stop()).toBe(0);
    expect(pids.filter(isRunning)).toEqual([]);
    expect(demo.output()).toContain('"event":"stopped"');
  });
});

describe('npm start, when the terminal goes', () => {
  const startDemo = async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'final-demo-gone-')), 'demo');
    return { data, demo: await startProgram('final/demo.ts', ['--port', '0', '--ui-port', '0', '--data', data, '--json']) };
  };
  /** Waits (bounded) until none of `pids` runs any more; returns those still running. */
  const gone = async (pids: number[], withinMs: number) => {
    for (const until = Date.now() + withinMs; Date.now() < until && pids.some(isRunning); ) await new Promise((resolve) => setTimeout(resolve, 100));
    return pids.filter(isRunning);
  };

  it('a closed terminal (SIGHUP) stops every program, as Ctrl+C does', async () => {
    const { data, demo } = await startDemo();
    try {
      const pids = demo.ready.pids as number[];
      demo.child.kill('SIGHUP');
      expect(await gone([demo.child.pid!, ...pids], 10_000)).toEqual([]);
      expect(demo.output()).toContain('"event":"stopped"');
    } finally {
      await demo.stop();
      rmSync(join(data, '..'), { recursive: true, force: true });
    }
  }, 60_000);

  it('a demo killed outright (SIGKILL) leaves no program behind to hold its ports', async () => {
    const { data, demo } = await startDemo();
    const pids = demo.ready.pids as number[];
    try {
      demo.child.kill('SIGKILL');
      expect(await gone(pids, 10_000)).toEqual([]);
    } finally {
      for (const pid of pids.filter(isRunning)) process.kill(pid, 'SIGKILL');
      rmSync(join(data, '..'), { recursive: true, force: true });
    }
  }, 60_000);
});

