// A page bound to loopback is for this machine only. What the page servers promise: bound to
// 127.0.0.1 they are not reachable on any other address (127.0.0.2 stands in for the machine's
// network address: Linux routes all of 127.0.0.0/8 to the loopback interface, so it is a second local
// address the tests may use), and they serve a connection only when it comes from a loopback address
// and names them in its Host. The tests only dial loopback addresses; a connection from elsewhere is
// covered by the address rule's own test, since no other address may be dialled from here.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admitsRemote, isLoopbackAddress } from '../../final/ui-server/loopback-only.ts';
import { startPeer, startTracker, type Started } from './final-processes.ts';

const OTHER = '127.0.0.2';

/** Whether this machine has 127.0.0.2 (Linux does; macOS has only 127.0.0.1 unless one adds it). */
function otherLoopbackUsable(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, OTHER, () => probe.close(() => resolve(true)));
  });
}

/** Dials `host:port`: 'connected', or the error code. */
function dial(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** GET / from 127.0.0.2 with this Host: the status, and the address the request really came from. */
function getFromOther(url: string, host: string): Promise<{ status: number; from: string | undefined }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { localAddress: OTHER, headers: { Host: host } }, (response) => {
      const from = response.socket.localAddress;
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, from }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** Opens the live WebSocket from 127.0.0.2 with this Origin: 'open', or the refusal's status. */
function upgradeFromOther(url: string, origin: string): Promise<string | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}live`, { localAddress: OTHER, headers: { Origin: origin } });
    socket.on('open', () => {
      resolve('open');
      socket.close();
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    socket.on('error', (error) => resolve(error.message));
  });
}

describe('the loopback rule of the pages\' servers', () => {
  it('counts every address of 127.0.0.0/8 and ::1 as loopback, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:127.0.0.9']) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of ['10.0.0.5', '192.168.1.20', '172.16.0.1', '0.0.0.0', '128.0.0.1', '::', 'fe80::1', '2001:db8::1', '::ffff:192.168.1.20', '::127.0.0.1', 'localhost', '127.0.0.1.example', '', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it('admits only loopback peers to a server bound to loopback, anyone to one bound elsewhere', () => {
    expect(admitsRemote('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(admitsRemote('127.0.0.1', '127.0.0.2')).toBe(true);
    expect(admitsRemote('127.0.0.1', '::ffff:127.0.0.1')).toBe(true);
    expect(admitsRemote('::1', '::1')).toBe(true);
    expect(admitsRemote('127.0.0.1', '192.168.1.20')).toBe(false);
    expect(admitsRemote('127.0.0.1', '::ffff:10.0.0.7')).toBe(false);
    expect(admitsRemote('::1', '2001:db8::1')).toBe(false);
    expect(admitsRemote('127.0.0.1', undefined)).toBe(false);
    // --ui-host 0.0.0.0 (or a network address) opens the page to the network on purpose.
    expect(admitsRemote('0.0.0.0', '192.168.1.20')).toBe(true);
    expect(admitsRemote('::', '2001:db8::1')).toBe(true);
    expect(admitsRemote('192.168.1.5', '192.168.1.20')).toBe(true);
  });
});

const usable = await otherLoopbackUsable();
if (!usable) console.warn(`pages seen from ${OTHER}: skipped because this machine has no ${OTHER}`);

describe.skipIf(!usable)(`pages bound to 127.0.0.1, seen from ${OTHER}`, () => {
  let work: string;
  let tracker: Started;
  let peer: Started;
  let pages: Array<{ name: string; url: string }>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'final-loopback-'));
    mkdirSync(join(work, 'shared'));
    tracker = await startTracker(join(work, 'tracker.db'));
    peer = await startPeer(tracker.ready.port as number, { shared: join(work, 'shared'), downloads: join(work, 'downloads') });
    pages = [
      { name: 'peer page', url: peer.ready.ui as string },
      { name: 'dashboard', url: tracker.ready.dashboard as string },
    ];
  });

  afterAll(async () => {
    await Promise.all([peer?.stop(), tracker?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it(`is not reachable on ${OTHER}: nothing listens there`, async () => {
    for (const { name, url } of pages) {
      const port = Number(new URL(url).port);
      expect(new URL(url).hostname, name).toBe('127.0.0.1');
      expect(await dial(OTHER, port), name).toBe('ECONNREFUSED');
      expect(await dial('127.0.0.1', port), name).toBe('connected');
    }
  });

  it(`serves a connection from ${OTHER} (this machine) only when it names the page's own address`, async () => {
    for (const { name, url } of pages) {
      const { host, port } = new URL(url);
      expect(await getFromOther(url, host), name).toEqual({ status: 200, from: OTHER });
      expect(await getFromOther(url, `evil.example:${port}`), name).toEqual({ status: 421, from: OTHER });
      expect(await upgradeFromOther(url, `http://${host}`), name).toBe('open');
      expect(await upgradeFromOther(url, 'http://evil.example'), name).toBe(403);
    }
  });
});
