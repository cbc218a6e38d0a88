// The small web server behind each page: the HTML, its bundled script and its styles, a WebSocket at
// /live for the live feed, and whatever routes the page needs (the peer's upload). It trusts only its
// own page: untrusted Host headers get nothing, the WebSocket upgrade checks the Origin, and a server
// bound to loopback closes connections that come from any other address.
import express from 'express';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { pageScript, type PageName } from './bundle.ts';
import { admitsRemote } from './loopback-only.ts';
import { isSameOrigin, isTrustedHost, policyFor, type OriginPolicy } from './same-origin.ts';
import { securityHeaders } from './security-headers.ts';

const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));
// What one page may send over the WebSocket in one message: the longest chat (8 KiB of text) even
// when JSON escapes every character of it.
const MAX_SOCKET_MESSAGE = 128 * 1024;

export interface WebServerOptions {
  host: string;
  port: number;
  page: PageName;
  /** Routes the page needs besides the page itself. */
  routes?(app: express.Express, policy: OriginPolicy): void | Promise<void>;
  /** A page opened its live WebSocket (same origin only). */
  onLiveSocket(socket: WebSocket): void;
}

export interface RunningWebServer {
  /** The address to open in a browser. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const script = await pageScript(options.page);
  let port = options.port;
  const policy = policyFor(options.host, () => port);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders);
  app.use((request, response, next) => {
    if (isTrustedHost(request.headers.host, policy)) return next();
    response.status(421).type('text/plain').send('This server answers only to its own address (open the URL it printed).\n');
  });
  app.get('/', (_request, response) => response.sendFile(`${options.page}.html`, { root: WEB_DIR }));
  app.get('/app.js', (_request, response) => response.type('text/javascript').send(script));
  app.use('/styles', express.static(`${WEB_DIR}styles`, { index: false, redirect: false, dotfiles: 'deny' }));
  await options.routes?.(app, policy);

  const server = createServer(app);
  server.on('connection', (socket: Socket) => {
    const bound = server.address() as AddressInfo | null;
    if (!bound || !admitsRemote(bound.address, socket.remoteAddress)) socket.destroy();
  });
  const live = new WebSocketServer({ noServer: true, maxPayload: MAX_SOCKET_MESSAGE });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (path !== '/live' || !isSameOrigin(request.headers.origin, request.headers.host, policy)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nforeign origin\n');
      return;
    }
    live.handleUpgrade(request, socket, head, (ws) => options.onLiveSocket(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${displayHost(options.host)}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of live.clients) client.terminate();
        live.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The address a browser on this machine can open for a bind address. */
function displayHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
