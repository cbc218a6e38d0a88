// The files this peer received, offered back to its own page to save or open: GET
// /api/received/NAME answers one file straight from the --downloads folder, always as a download
// (never shown inside the page's origin, where a received .html could run script), and only for a
// plain file name of a regular file in that folder (no path, no link followed). A request another
// site started (Sec-Fetch-Site) is refused: only the page itself hands these out.
import { lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type express from 'express';
import { isSafeFileName } from '#kit/protocol/messages.ts';
import { RECEIVED_FILES_PATH } from '../shared/peer-page-messages.ts';

export function receivedFilesRoute(app: express.Express, folder: string): void {
  app.get(`${RECEIVED_FILES_PATH}:name`, async (request, response) => {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return void response.status(403).type('text/plain').send('only this peer\'s own page can fetch its received files');
    const name = request.params.name;
    if (!isSafeFileName(name)) return void response.status(400).type('text/plain').send('not a file name');
    const path = resolve(folder, name);
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isFile()) return void response.status(404).type('text/plain').send('no such received file');
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    response.sendFile(path, { dotfiles: 'allow' }, (error) => {
      if (error && !response.headersSent) response.status(404).end();
    });
  });
}
