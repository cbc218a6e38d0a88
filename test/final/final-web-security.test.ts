// The pages' servers trust their own page only: the WebSocket upgrade checks the Origin, requests
// addressed to another host name (DNS rebinding) get nothing, uploads come from the page's origin
// within a size limit and under a plain name, received files are handed out only as downloads of plain
// names from the downloads folder, and every page forbids inline script.
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPeer, startTracker, type Started } from './final-processes.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    sent.on('error', reject);
    sent.end(options.body);
  });
}

/** Opens the live WebSocket with the given headers: 'open' (and the first message), or the refusal's status. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ opened: true; first: unknown } | { opened: false; status: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + 'live', { headers });
    socket.on('message', (data) => {
      resolve({ opened: true, first: JSON.parse(String(data)) });
      socket.close();
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve({ opened: false, status: response.statusCode ?? 0 });
      response.resume();
    });
    socket.on('error', () => resolve({ opened: false, status: 0 }));
  });
}

describe('the final app\'s web servers', () => {
  let work: string;
  let tracker: Started;
  let peer: Started;
  let page: string;
  let dashboard: string;
  let origin: string;
  let host: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'final-web-'));
    mkdirSync(join(work, 'shared'));
    tracker = await startTracker(join(work, 'tracker.db'));
    peer = await startPeer(tracker.ready.port as number, { shared: join(work, 'shared'), downloads: join(work, 'downloads') });
    page = peer.ready.ui as string;
    dashboard = tracker.ready.dashboard as string;
    origin = page.replace(/\/$/, '');
    host = new URL(page).host;
  });

  afterAll(async () => {
    await Promise.all([peer?.stop(), tracker?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('opens the live socket for its own page and refuses any other origin', async () => {
    const own = await upgrade(page, { Origin: origin });
    expect(own.opened && (own.first as { kind: string }).kind).toBe('snapshot');
    expect(await upgrade(page, { Origin: 'http://evil.example' })).toEqual({ opened: false, status: 403 });
    expect(await upgrade(page, {})).toEqual({ opened: false, status: 403 });
    expect(await upgrade(page, { Origin: 'null' })).toEqual({ opened: false, status: 403 });
    // The dashboard's socket is guarded the same way.
    expect(await upgrade(dashboard, { Origin: 'http://evil.example' })).toEqual({ opened: false, status: 403 });
    expect((await upgrade(dashboard, { Origin: dashboard.replace(/\/$/, '') })).opened).toBe(true);
  });

  it('answers nothing to a request for another host name (DNS rebinding)', async () => {
    const port = new URL(page).port;
    const rebound = await http(page, { headers: { Host: `evil.example:${port}` } });
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('<script');
    expect(await upgrade(page, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` })).toEqual({ opened: false, status: 403 });
    expect((await http(page, { headers: { Host: `localhost:${port}` } })).status).toBe(200);
  });

  it('serves pages that forbid inline script and framing', async () => {
    for (const url of [page, dashboard]) {
      const reply = await http(url);
      expect(reply.status).toBe(200);
      const policy = String(reply.headers['content-security-policy']);
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).toContain("frame-ancestors 'none'");
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.body).not.toMatch(/<script>|\son\w+=/i);
    }
  });

  it('takes uploads only from its own page, under a plain name, within the limit', async () => {
    const url = `${page}api/upload`;
    const post = (headers: Record<string, string>, body: string) => http(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', ...headers }, body });
    expect((await post({ Origin: 'http://evil.example', 'X-File-Name': 'a.txt' }, 'x')).status).toBe(403);
    expect((await post({ Origin: origin }, 'x')).status).toBe(403);
    expect((await post({ Host: host, Origin: origin, 'X-File-Name': encodeURIComponent('../../etc/passwd') }, 'x')).status).toBe(400);
    expect((await post({ Origin: origin, 'X-File-Name': 'big.bin', 'Content-Length': String(2 * 1024 ** 3) }, '')).status).toBe(413);
    const good = await post({ Origin: origin, 'X-File-Name': encodeURIComponent('my   notes.txt') }, 'hello');
    expect(good.status).toBe(201);
    expect(JSON.parse(good.body)).toMatchObject({ name: 'my notes.txt', size: 5 });
  });

  it('hands out a received file only as a download, by a plain name, never to another site', async () => {
    const downloads = join(work, 'downloads');
    mkdirSync(downloads, { recursive: true });
    writeFileSync(join(downloads, 'page 1 ✓.html'), '<script>alert(1)</script>');
    writeFileSync(join(work, 'secret.txt'), 'not received');
    symlinkSync(join(work, 'secret.txt'), join(downloads, 'link.txt'));
    const get = (name: string, headers: Record<string, string> = {}) => http(`${page}api/received/${encodeURIComponent(name)}`, { headers });
    const own = await get('page 1 ✓.html', { 'Sec-Fetch-Site': 'same-origin' });
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toBe('application/octet-stream');
    expect(own.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('page 1 ✓.html')}`);
    expect(own.body).toBe('<script>alert(1)</script>');
    expect((await get('page 1 ✓.html', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get('page 1 ✓.html', { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect((await get('../secret.txt')).status).toBe(400);
    expect((await get('link.txt')).status).toBe(404); // a link is not a received file
    expect((await get('missing.txt')).status).toBe(404);
  });
});
