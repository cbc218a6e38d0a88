// The lecture decks at /slides on the dashboard, built from slides/decks when the server starts, so
// what the class sees is always the decks as they are in this checkout.
import express from 'express';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDecks } from '../../slides/src/index.ts';

// A deck page carries its player and styles inline (it must open offline from a file), and nothing in
// it comes from users: inline code is allowed for these pages only, everything else stays closed.
const DECK_POLICY = ["default-src 'none'", "script-src 'unsafe-inline'", "style-src 'unsafe-inline'", "img-src 'self' data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'"].join('; ');

export async function addSlidesRoute(app: express.Express): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'decks-'));
  await buildDecks({ outDir });
  app.use(
    '/slides',
    (_request, response, next) => {
      response.setHeader('Content-Security-Policy', DECK_POLICY);
      next();
    },
    express.static(outDir, { index: 'index.html', dotfiles: 'deny' }),
  );
}
